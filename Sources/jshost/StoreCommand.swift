import ArgumentParser
import Foundation
import SQLiteStore
import SnapshotStore
import JSHostCore

/// `jshost store`: keeping the state store bounded and backed up.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Prune, measure and back up the state store.",
        discussion: "docs/operations.md says what is kept, for how long, and how to restore a backup.",
        subcommands: [Prune.self, Stats.self, Backup.self])

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Remove what the retention policy no longer keeps (serve does this in the background).",
            discussion: """
                Run records beyond --keep-runs per step or older than --keep-runs-for go with their data messages;
                delivered outbox rows, webhook answers nobody took and old consumed message ids go too. Snapshots,
                their history and the audit trail are never pruned. With --dry-run, only counts. With --vacuum, the
                SQLite file is rewritten afterwards (holding the store meanwhile), which gives back all free space and
                makes a store made by an older jshost give back space after each prune from then on.
                """)
        @Flag(help: "Count what would go; remove nothing.")
        var dryRun = false
        @Flag(help: "Rewrite the SQLite file afterwards (VACUUM).")
        var vacuum = false
        @OptionGroup var retention: RetentionOptions
        @OptionGroup var state: StateOptions

        func run() throws {
            let policy = try retention.policy()
            let store = try state.openStore()
            let dryRun = dryRun
            let report = try withStoreErrors("pruning the store") { try await store.prune(policy, now: Date(), dryRun: dryRun) }
            StandardStreams.writeStdout(#"{"dryRun":\#(dryRun),"runs":\#(report.runs),"outboxRows":\#(report.outboxRows),"webhookAnswers":\#(report.webhookAnswers),"messageIds":\#(report.messageIDs),"bytesReleased":\#(report.bytesReleased)}"# + "\n")
            LogOutput.report((dryRun ? "would remove " : "removed ") + report.description)
            guard vacuum, !dryRun else { return }
            guard let sqlite = store as? SQLiteSnapshotStore else {
                throw Failure(message: "--vacuum is for the SQLite store; PostgreSQL reclaims space itself (VACUUM FULL to give it back)", code: ExitStatus.usageOrLoad)
            }
            let sizes = try withStoreErrors("rewriting the store") { try await sqlite.vacuum() }
            LogOutput.report("the store file went from \(sizes.before) to \(sizes.after) bytes")
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "Rows and bytes per table of the store, as JSON lines.")
        @OptionGroup var state: StateOptions

        func run() throws {
            let store = try state.openStore()
            for size in try withStoreErrors("measuring the store", { try await store.tableSizes() }) {
                StandardStreams.writeStdout(#"{"table":\#(JSONString.quote(size.table)),"rows":\#(size.rows),"bytes":\#(size.bytes)}"# + "\n")
            }
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Copy the SQLite store to a new file, consistently, while serve runs.",
            discussion: """
                SQLite's online backup: the copy is the store as of one moment, taken from a reader, so runs and
                edits go on meanwhile. The file is checked (integrity_check) and synced before its name appears; an
                existing file is never overwritten. To restore: stop serve, copy the backup over state.sqlite in the
                state folder, remove state.sqlite-wal and state.sqlite-shm beside it, start serve
                (docs/operations.md). For PostgreSQL, use pg_dump (docs/operations.md).
                """)
        @Argument(help: "The backup file to create.")
        var file: String
        @OptionGroup var state: StateOptions

        func run() throws {
            let store = try state.openStore()
            guard let sqlite = store as? SQLiteSnapshotStore else {
                throw Failure(message: "jshost store backup copies the SQLite store; back up PostgreSQL with pg_dump (docs/operations.md)", code: ExitStatus.usageOrLoad)
            }
            let file = URL(fileURLWithPath: file).standardizedFileURL.path
            if FileManager.default.fileExists(atPath: file) {
                throw Failure(message: "\(file) exists already; give the backup a new file name (a backup never overwrites one)", code: ExitStatus.usageOrLoad)
            }
            let made = try withStoreErrors("backing up the store to \(file)") { try await sqlite.backup(to: file) }
            StandardStreams.writeStdout(#"{"file":\#(JSONString.quote(file)),"bytes":\#(made.bytes),"schema":\#(made.schemaVersion)}"# + "\n")
            LogOutput.report("backed up the store to \(file) (\(made.bytes) bytes)")
        }
    }
}

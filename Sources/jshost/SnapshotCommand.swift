import ArgumentParser
import ComponentRuntime
import ComponentTooling
import Foundation
import Presentation
import SnapshotStore
import JSHostCore

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Inspect, change, roll back, audit, export and import the snapshots kept per flow step.",
        discussion: """
            A step is named with --flow (default local) and --step, or by a component folder and --function,
            which gives the step `jshost run` uses: <folder name>.<function>. Manual changes (set, reset, rollback,
            import) are refused while a run of the step is in progress, and each is recorded in the audit trail
            with the user, the pid, the versions and hashes, and --reason.
            """,
        subcommands: [List.self, Get.self, Set.self, Reset.self, History.self, Diff.self, Rollback.self, Audit.self,
                      Runs.self, Export.self, Import.self]
    )

    /// Options of every manual change.
    struct ChangeOptions: ParsableArguments {
        @Option(help: "Why: recorded in the audit trail.")
        var reason: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("Change only if the step is at this version (0: nothing ever stored); else exit 4.",
                                   valueName: "n"))
        var ifVersion: Int?
    }

    static func describe(_ state: StepState, _ verb: String) -> String {
        state.json == nil ? "\(verb) step \(state.key): now cleared, version \(state.version)"
                          : "\(verb) step \(state.key): now version \(state.version) (\(state.json!.utf8.count) bytes)"
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List stored snapshots: a table at a terminal, else JSON lines (flow, step, version, updatedAt, snapshot).")

        @Option(help: "Only this flow.")
        var flow: String?

        @OptionGroup var output: OutputOptions
        @OptionGroup var state: StateOptions

        func run() throws {
            let store = try state.openStore()
            let flow = flow
            let stored = try withStoreErrors("listing snapshots", { try await store.list(flow: flow) })
            if output.form == .people { return PeopleTables.snapshots(stored, limit: store.limit.bytes, output) }
            for stored in stored {
                StandardStreams.writeStdout(
                    "{\"flow\":\(JSONString.quote(stored.key.flow)),\"step\":\(JSONString.quote(stored.key.step)),\"version\":\(stored.version),\"updatedAt\":\"\(UTCTimestamp.string(from: stored.updatedAt))\",\"snapshot\":\(stored.json)}\n")
            }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Print a step's snapshot: indented at a terminal, as stored (compact JSON) elsewhere. Exit 1 when none is stored.")

        @OptionGroup var target: StepTarget
        @OptionGroup var output: OutputOptions
        @OptionGroup var state: StateOptions

        func run() throws {
            let key = try target.key()
            let store = try state.openStore()
            let current = try withStoreErrors("reading step \(key)") { try await store.state(key) }
            let checked = try withStoreErrors("reading step \(key)") { try current?.checkedJSON() }
            guard let json = checked else {
                let cleared = current.map { " (cleared at version \($0.version))" } ?? ""
                throw Failure(message: "no snapshot is stored for step \(key)\(cleared); a run that emits one stores it, or use `jshost snapshot set`",
                              code: ExitStatus.completedWithErrors)
            }
            let people = output.form == .people
            StandardStreams.writeStdout((people ? JSONLayout.indented(json, paint: output.stdoutPaint) : json) + "\n")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Store a snapshot for a step, replacing the current one.")

        @Argument(help: ArgumentHelp("The new snapshot, JSON or @file.", valueName: "json|@file"))
        var value: String
        @OptionGroup var target: StepTarget
        @OptionGroup var change: ChangeOptions
        @OptionGroup var state: StateOptions

        func run() throws {
            let key = try target.key()
            let json = try JSONArgument.read(value, what: "the snapshot")
            if let violation = state.limit.violation(for: json) {
                throw Failure(message: "not stored: \(violation)", code: ExitStatus.usageOrLoad)
            }
            let store = try state.openStore()
            let edit = ManualChange(key: key, action: .set(json: json), expectedVersion: change.ifVersion,
                                    editor: CommandLineEditor.current, reason: change.reason)
            let result = try withStoreErrors("setting step \(key)") { try await store.apply(edit) }
            LogOutput.report(SnapshotCommand.describe(result, "set"))
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "Clear a step's snapshot; its next run starts from {}. History keeps the old value.")

        @OptionGroup var target: StepTarget
        @OptionGroup var change: ChangeOptions
        @OptionGroup var state: StateOptions

        func run() throws {
            let key = try target.key()
            let store = try state.openStore()
            let before = try withStoreErrors("reading step \(key)") { try await store.state(key) }
            let edit = ManualChange(key: key, action: .reset, expectedVersion: change.ifVersion, editor: CommandLineEditor.current,
                                    reason: change.reason)
            let result = try withStoreErrors("resetting step \(key)") { try await store.apply(edit) }
            if before?.json == nil {
                LogOutput.report("step \(key) had no snapshot; nothing to reset", .notice)
            } else {
                LogOutput.report("reset step \(key): cleared at version \(result.version); its next run starts from {}")
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List a step's kept versions, newest first: a table at a terminal, else JSON lines.")

        @OptionGroup var target: StepTarget
        @OptionGroup var output: OutputOptions
        @OptionGroup var state: StateOptions

        func run() throws {
            let key = try target.key()
            let store = try state.openStore()
            let versions = try withStoreErrors("reading the history of step \(key)") { try await store.history(key) }
            guard !versions.isEmpty else {
                throw Failure(message: "step \(key) has no history; nothing was ever stored for it", code: ExitStatus.completedWithErrors)
            }
            if output.form == .people {
                let current = try withStoreErrors("reading step \(key)") { try await store.state(key) }?.version
                let audit = try withStoreErrors("reading the audit trail of step \(key)") { try await store.audit(key) }
                return PeopleTables.history(versions, current: current, audit: audit, limit: store.limit.bytes, output)
            }
            for version in versions {
                StandardStreams.writeStdout(
                    "{\"version\":\(version.version),\"createdAt\":\"\(UTCTimestamp.string(from: version.createdAt))\",\"source\":\(JSONString.quote(version.source)),\"bytes\":\(version.bytes),\"sha256\":\(version.sha256.map(JSONString.quote) ?? "null"),\"snapshot\":\(version.json ?? "null")}\n")
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Show what changed between two kept versions of a step.",
            discussion: "A line diff for people; with --json, an RFC 6902 JSON Patch that turns <v1> into <v2>.")

        @Argument(help: "The older version.")
        var from: Int
        @Argument(help: "The newer version.")
        var to: Int
        @OptionGroup var target: StepTarget
        @Flag(help: "Print an RFC 6902 JSON Patch.")
        var json = false
        @OptionGroup var state: StateOptions

        func run() throws {
            let key = try target.key()
            let store = try state.openStore()
            func kept(_ number: Int) throws -> SnapshotVersion {
                guard let version = try withStoreErrors("reading step \(key)", { try await store.version(key, number) }) else {
                    throw Failure(message: SnapshotStoreError.noSuchVersion(key: key, version: number).commandLineDescription, code: ExitStatus.usageOrLoad)
                }
                return version
            }
            let older = try kept(from), newer = try kept(to)
            if json {
                StandardStreams.writeStdout(SnapshotDiff.jsonPatch(from: older.json, to: newer.json) + "\n")
            } else {
                let diff = SnapshotDiff.readable(from: older.json, to: newer.json, oldLabel: "version \(from)", newLabel: "version \(to)")
                StandardStreams.writeStdout(diff.isEmpty ? "versions \(from) and \(to) are equal\n" : diff)
            }
        }
    }

    struct Rollback: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rollback",
            abstract: "Write a kept version's value back as a new version.")

        @Argument(help: "The version to bring back.")
        var version: Int
        @OptionGroup var target: StepTarget
        @OptionGroup var change: ChangeOptions
        @OptionGroup var state: StateOptions

        func run() throws {
            let key = try target.key()
            let store = try state.openStore()
            let edit = ManualChange(key: key, action: .rollback(toVersion: version), expectedVersion: change.ifVersion,
                                    editor: CommandLineEditor.current, reason: change.reason)
            let result = try withStoreErrors("rolling back step \(key)") { try await store.apply(edit) }
            LogOutput.report("\(SnapshotCommand.describe(result, "rolled back")), the value of version \(version)")
        }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Show manual changes (set, reset, rollback, import), oldest first: a table at a terminal, else JSON lines.")

        @OptionGroup var target: StepTarget
        @Flag(help: "Every step's changes.")
        var all = false
        @OptionGroup var output: OutputOptions
        @OptionGroup var state: StateOptions

        func run() throws {
            let key: StepKey? = all ? nil : try target.key()
            let store = try state.openStore()
            let entries = try withStoreErrors("reading the audit trail", { try await store.audit(key) })
            if output.form == .people { return PeopleTables.audit(entries, showStep: all, output) }
            for entry in entries {
                var fields = [
                    "\"at\":\"\(UTCTimestamp.string(from: entry.at))\"", "\"flow\":\(JSONString.quote(entry.key.flow))",
                    "\"step\":\(JSONString.quote(entry.key.step))", "\"action\":\(JSONString.quote(entry.action))",
                    "\"user\":\(JSONString.quote(entry.editor.name))", "\"pid\":\(entry.editor.pid ?? 0)",
                    "\"oldVersion\":\(entry.oldVersion)", "\"newVersion\":\(entry.newVersion)",
                ]
                fields.append("\"oldHash\":\(entry.oldHash.map(JSONString.quote) ?? "null")")
                fields.append("\"newHash\":\(entry.newHash.map(JSONString.quote) ?? "null")")
                fields.append("\"reason\":\(entry.reason.map(JSONString.quote) ?? "null")")
                StandardStreams.writeStdout("{" + fields.joined(separator: ",") + "}\n")
            }
        }
    }

    struct Runs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runs",
            abstract: "List a step's committed runs, newest first: a table at a terminal, else JSON lines.")

        @OptionGroup var target: StepTarget
        @Option(help: "How many of the newest runs.")
        var limit = 20
        @OptionGroup var output: OutputOptions
        @OptionGroup var state: StateOptions

        func validate() throws {
            if limit < 1 { throw ValidationError("--limit must be 1 or more") }
        }

        func run() throws {
            let key = try target.key()
            let store = try state.openStore()
            let limit = limit
            let runs = try withStoreErrors("reading the runs of step \(key)") { try await store.recentRuns(key, limit: limit) }
            guard !runs.isEmpty else {
                throw Failure(message: "step \(key) has no committed runs", code: ExitStatus.completedWithErrors)
            }
            if output.form == .people { return PeopleTables.runs(runs, output) }
            for run in runs {
                StandardStreams.writeStdout(
                    "{\"run\":\(JSONString.quote(run.id)),\"startedAt\":\"\(UTCTimestamp.string(from: run.startedAt))\",\"endedAt\":\"\(UTCTimestamp.string(from: run.endedAt))\",\"outcome\":\(JSONString.quote(run.outcome)),\"snapshotVersion\":\(run.snapshotVersion.map(String.init) ?? "null"),\"data\":\(run.dataCount),\"errors\":\(run.errorCount)}\n")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write snapshots as JSON lines: flow, step, version, value, hash.")

        @Option(help: "Only this flow.")
        var flow: String?
        @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
        var output: String?
        @OptionGroup var state: StateOptions

        func run() throws {
            let store = try state.openStore()
            let flow = flow
            let snapshots = try withStoreErrors("exporting snapshots") { try await store.list(flow: flow) }
            let text = snapshots.map { SnapshotTransfer.exportLine($0) }.joined()
            if let output {
                do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                    throw Failure(message: "cannot write \(output): \(error.localizedDescription)", code: ExitStatus.usageOrLoad)
                }
                LogOutput.report("exported \(snapshots.count) snapshot\(snapshots.count == 1 ? "" : "s") to \(output)")
            } else {
                StandardStreams.writeStdout(text)
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Read snapshots back: jshost's export lines, or elastic.io's snapshot list.",
            discussion: """
                Accepts the JSON lines `jshost snapshot export` writes, and elastic.io's REST list format
                {"data":[{"id":STEP,"type":"snapshot","attributes":{"snapshot":…}}]}, whose steps go to --flow.
                All snapshots are imported in one transaction, or none are.
                """)

        @Argument(help: ArgumentHelp("The file to read, or - for stdin.", valueName: "file|-"))
        var file: String
        @Option(help: "Flow for elastic.io's format, which names only steps.")
        var flow: String = "local"
        @Option(help: "Why: recorded in the audit trail.")
        var reason: String?
        @OptionGroup var state: StateOptions

        func run() throws {
            let data: Data?
            if file == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else { data = FileManager.default.contents(atPath: file) }
            guard let data else { throw Failure(message: "cannot read \(file)", code: ExitStatus.usageOrLoad) }
            let items: [ExportedSnapshot]
            do {
                items = try SnapshotTransfer.parse(String(decoding: data, as: UTF8.self), defaultFlow: flow)
            } catch {
                throw Failure(message: "\(file): \(error)", code: ExitStatus.usageOrLoad)
            }
            let store = try state.openStore()
            let reason = reason
            let count = try withStoreErrors("importing \(file)") {
                try await store.importSnapshots(items, editor: CommandLineEditor.current, reason: reason)
            }
            LogOutput.report("imported \(count) snapshot\(count == 1 ? "" : "s") from \(file)")
        }
    }
}

import ArgumentParser
import Foundation
import SQLiteStore
import SnapshotStore
import StepRuntime
import JSHostCore

/// Where the state store lives and how large a snapshot may be.
struct StateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder of the state store (default: $JSHOST_STATE_DIR, else .jshost in the current folder).",
                               valueName: "dir"))
    var stateDir: String?

    @Option(help: ArgumentHelp("The state store, when not the SQLite file in the state folder: a postgres://user[:password]@host[:port]/database URL, which several hosts share (default: $JSHOST_STORE).", valueName: "url"))
    var store: String?

    @Option(parsing: .unconditional, help: "Largest snapshot in bytes (UTF-8 JSON).")
    var snapshotLimit: Int = SnapshotLimit.elasticio.bytes

    @Option(parsing: .unconditional, help: ArgumentHelp("Versions kept per step (default: $JSHOST_HISTORY_DEPTH, else 50).", valueName: "n"))
    var historyDepth: Int?

    func validate() throws {
        guard snapshotLimit > 0 else { throw ValidationError("--snapshot-limit must be a positive number of bytes") }
        if let historyDepth, historyDepth < 1 { throw ValidationError("--history-depth must be at least 1") }
        if let store, !StoreChoice.isServerURL(store) {
            throw ValidationError("--store takes a postgres:// URL; the SQLite store is chosen with --state-dir")
        }
    }

    /// `--store`, else $JSHOST_STORE, else the SQLite file in the state folder.
    var location: StoreLocation {
        if let store { return StoreChoice.location(store) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["JSHOST_STORE"], !fromEnvironment.isEmpty {
            return StoreChoice.location(fromEnvironment)
        }
        return StoreChoice.location(SQLiteSnapshotStore.defaultPath(stateDirectory: directory))
    }

    var directory: String { Self.directory(explicit: stateDir) }

    /// `--state-dir`, else $JSHOST_STATE_DIR, else .jshost in the current folder.
    static func directory(explicit: String?) -> String {
        if let explicit { return explicit }
        if let fromEnvironment = ProcessInfo.processInfo.environment["JSHOST_STATE_DIR"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return FileManager.default.currentDirectoryPath + "/.jshost"
    }

    var limit: SnapshotLimit { SnapshotLimit(bytes: snapshotLimit, advice: Self.limitAdvice) }

    /// What a refused snapshot's message tells people at this command line.
    static let limitAdvice = "raise --snapshot-limit"

    var depth: Int {
        historyDepth ?? ProcessInfo.processInfo.environment["JSHOST_HISTORY_DEPTH"].flatMap(Int.init).map { max(1, $0) }
            ?? SnapshotHistory.defaultDepth
    }

    func openStore() throws -> any ServiceStore {
        let location = location
        do {
            return try location.open(limit: limit, historyDepth: depth)
        } catch {
            let text = (error as? SnapshotStoreError)?.commandLineDescription ?? "\(error)"
            let advice = StoreChoice.isServerURL(location.text) ? "check --store or JSHOST_STORE" : "check --state-dir or JSHOST_STATE_DIR"
            throw Failure(message: "\(text); \(advice)", code: ExitStatus.storeFailure)
        }
    }
}

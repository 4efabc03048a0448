import Foundation
import SnapshotStore
import JSHostCore

/// Runs a store operation, waiting for it on this thread, and turns its errors into one-line failures with their
/// documented exit codes.
func withStoreErrors<T: Sendable>(_ what: String, _ body: @escaping @Sendable () async throws -> T) throws -> T {
    do {
        return try Blocking.wait(body)
    } catch {
        throw storeFailure(what, error)
    }
}

/// The failure a store error means for the command line: its wording (with the commands that help) and exit code.
func storeFailure(_ what: String, _ error: any Error) -> Failure {
    if let full = StoreFailures.diskFull(error) { return Failure(message: "\(what): \(full)", code: ExitStatus.storeFailure) }
    switch error {
    case let failure as Failure:
        return failure
    case let violation as SnapshotLimitViolation:
        return Failure(message: "\(what): not stored: \(violation)", code: ExitStatus.usageOrLoad)
    case let error as SnapshotStoreError:
        let text = error.commandLineDescription
        switch error.code {
        case .stepBusy, .versionConflict, .leaseLost, .alreadyConsumed:
            return Failure(message: "\(what): \(text)", code: ExitStatus.busyOrConflict)
        case .noSuchVersion:
            return Failure(message: "\(what): \(text)", code: ExitStatus.usageOrLoad)
        case .cannotOpen, .newerSchema:
            return Failure(message: text, code: ExitStatus.storeFailure)
        default:
            // invalid-json, corrupt-value and whatever a store adds later: what reaches the store has been checked
            // already, so a refusal here is the store's, not the user's.
            return Failure(message: "\(what): \(text)", code: ExitStatus.storeFailure)
        }
    default:
        return Failure(message: "\(what): \(error)", code: ExitStatus.storeFailure)
    }
}

extension SnapshotStoreError {
    /// The store's words, with what to do next in this command line's terms.
    var commandLineDescription: String {
        switch code {
        case .noSuchVersion: return "\(description) (see `jshost snapshot history`)"
        case .newerSchema: return "\(description): use that newer jshost, or another --state-dir"
        case .corruptValue:
            return "\(description): `jshost snapshot history` lists kept versions to roll back to, or `jshost snapshot reset` clears it"
        case .leaseLost:
            return "the lease on step \(key.map(\.description) ?? "?") was taken over by another process; this run's results were not committed"
        default: return description
        }
    }
}

/// Who the command line edits for: the user running it, from this process.
enum CommandLineEditor {
    static var current: Editor {
        let environment = ProcessInfo.processInfo.environment
        let account = getpwuid(getuid()).flatMap { $0.pointee.pw_name }.map { String(cString: $0) }
        return .user(environment["USER"] ?? environment["LOGNAME"] ?? account ?? String(getuid()), pid: getpid())
    }
}

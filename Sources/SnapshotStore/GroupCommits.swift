import Foundation
import JSHostCore

/// One write a service hands to its store's group commit: a step's runs (each its own run record, consuming its
/// message and queuing what it sends on), or trigger messages to queue.
public enum StoreWrite: Sendable {
    case runs([RunCommit])
    case enqueue([ForwardedMessage], source: String)
}

extension StoreWrite {
    /// Each write, or why it is refused before any transaction (a snapshot over the limit or not JSON): a refused
    /// snapshot costs the writer nothing.
    package static func checked(_ writes: [StoreWrite], against limit: SnapshotLimit) -> [Result<StoreWrite, any Error>] {
        writes.map { write in
            guard case .runs(let runs) = write else { return .success(write) }
            for run in runs {
                if case .replace(let json) = run.snapshot {
                    do { try limit.check(json) } catch { return .failure(error) }
                }
            }
            return .success(write)
        }
    }
}

public enum StoreWriteResult: Sendable {
    case committed([CommitReceipt])
    case enqueued([Int64])
}

/// Writing many steps' work in one durable transaction: under load a service commits every write that arrived
/// while the last transaction was being written together, so one sync to disk serves them all. Each write stands
/// alone inside it: one refused (its lease lost, its message already consumed, a snapshot over the limit) changes
/// nothing of its own and nothing of the others.
public protocol GroupCommitting: Sendable {
    func writeTogether(_ writes: [StoreWrite]) async throws -> [Result<StoreWriteResult, any Error>]
}

import Foundation
import SnapshotStore
import JSHostCore
import Synchronization

/// The service's one way to write: every write that arrives while a transaction is being written waits for the
/// next one and goes in it together, so under load one sync to disk commits many steps' runs and many webhook
/// requests. Idle, a write goes alone, at once.
final class GroupCommitter: Sendable {
    private typealias Pending = (write: StoreWrite, done: CheckedContinuation<Result<StoreWriteResult, any Error>, Never>)
    private let store: any GroupCommitting
    private let feed: ChangeFeed
    /// The writes waiting for the next transaction, and whether a task is writing.
    private let queue = Mutex<(pending: [Pending], flushing: Bool)>(([], false))

    init(store: any GroupCommitting, feed: ChangeFeed) {
        self.store = store
        self.feed = feed
    }

    func write(_ write: StoreWrite) async -> Result<StoreWriteResult, any Error> {
        await withCheckedContinuation { continuation in
            let startsFlushing: Bool = queue.withLock { queue in
                queue.pending.append((write, continuation))
                if queue.flushing { return false }
                queue.flushing = true
                return true
            }
            if startsFlushing { Task { await flush() } }
        }
    }

    private func flush() async {
        while true {
            let batch: [Pending] = queue.withLock { queue in
                let taken = queue.pending
                queue.pending = []
                if taken.isEmpty { queue.flushing = false }
                return taken
            }
            if batch.isEmpty { return }
            do {
                let results = try await store.writeTogether(batch.map(\.write))
                for (entry, result) in zip(batch, results) { entry.done.resume(returning: result) }
            } catch {
                for entry in batch { entry.done.resume(returning: .failure(error)) }
            }
        }
    }

    /// Commits a step's runs together; their receipts.
    func commit(_ runs: [RunCommit]) async throws -> [CommitReceipt] {
        switch await write(.runs(runs)) {
        case .success(.committed(let receipts)):
            for (run, receipt) in zip(runs, receipts) { feed.publish("run", Self.runEvent(run, receipt)) }
            return receipts
        case .success(.enqueued): return []
        case .failure(let error): throw error
        }
    }

    private static func runEvent(_ run: RunCommit, _ receipt: CommitReceipt) -> String {
        #"{"flow":\#(JSONString.quote(run.key.flow)),"step":\#(JSONString.quote(run.key.step)),"run":\#(JSONString.quote(receipt.runID)),"outcome":\#(JSONString.quote(run.outcome)),"version":\#(receipt.snapshotVersion),"snapshotChanged":\#(receipt.snapshotChanged)}"#
    }

    /// Queues trigger messages durably.
    func enqueue(_ messages: [ForwardedMessage], source: String) async throws {
        if case .failure(let error) = await write(.enqueue(messages, source: source)) { throw error }
    }
}

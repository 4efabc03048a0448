import Foundation
import SnapshotStore
import JSHostCore

/// The service's one way to write: every write that arrives while a transaction is being written waits for the
/// next one and goes in it together, so under load one sync to disk commits many steps' runs and many webhook
/// requests. Idle, a write goes alone, at once.
final class GroupCommitter: @unchecked Sendable {
    private let store: any GroupCommitting
    private let feed: ChangeFeed
    private let lock = NSLock()
    private var pending: [(write: StoreWrite, done: CheckedContinuation<Result<StoreWriteResult, any Error>, Never>)] = []
    private var flushing = false

    init(store: any GroupCommitting, feed: ChangeFeed) {
        self.store = store
        self.feed = feed
    }

    func write(_ write: StoreWrite) async -> Result<StoreWriteResult, any Error> {
        await withCheckedContinuation { continuation in
            let startsFlushing: Bool = lock.withLock {
                pending.append((write, continuation))
                if flushing { return false }
                flushing = true
                return true
            }
            if startsFlushing { Task { await flush() } }
        }
    }

    private func flush() async {
        while true {
            let batch: [(write: StoreWrite, done: CheckedContinuation<Result<StoreWriteResult, any Error>, Never>)] = lock.withLock {
                let taken = pending
                pending = []
                if taken.isEmpty { flushing = false }
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

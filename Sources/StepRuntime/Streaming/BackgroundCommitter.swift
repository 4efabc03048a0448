import Foundation
import SnapshotStore

/// Writes a stream's commits on a thread of its own, one at a time and in order, while the next messages run:
/// on two cores the inserts and the fsync of one group overlap the JavaScript of the next (B2 in
/// benchmarks/README.md measures the difference).
/// At most one group is being written while the next one is built; handing over another waits for it, so memory
/// and the work a crash can lose stay bounded by two groups, as before by one. The first failure stops everything:
/// it is thrown from the next `submit` or from `finish`, and nothing after it is written.
final class BackgroundCommitter: @unchecked Sendable {  // progress and failure under `lock`; writes in order on `queue`
    struct Progress: Sendable {
        var commits = 0
        var committedLine = 0
        var lastVersion = 0
    }

    private let store: StoreAccess
    private let onCommit: @Sendable (Int) -> Void
    private let queue = DispatchQueue(label: "jshost.stream-commits")
    private let slot = DispatchSemaphore(value: 1)
    private let lock = NSLock()
    private var progressValue: Progress
    private var failure: (any Error)?

    init(store: StoreAccess, committedLine: Int, onCommit: @escaping @Sendable (Int) -> Void) {
        self.store = store
        self.onCommit = onCommit
        progressValue = Progress(committedLine: committedLine)
    }

    /// What has been written so far.
    var progress: Progress { lock.withLock { progressValue } }

    /// Hands over the next group, once the one before it is written; throws that one's failure if it failed.
    func submit(_ commit: RunCommit, lastLine: Int) throws {
        slot.wait()
        if let failure = lock.withLock({ failure }) {
            slot.signal()
            throw failure
        }
        queue.async { [self] in
            defer { slot.signal() }
            do {
                let receipt = try store.commit(commit)
                lock.withLock {
                    progressValue.commits += 1
                    progressValue.committedLine = lastLine
                    progressValue.lastVersion = receipt.snapshotVersion
                }
                onCommit(lastLine)
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Waits until every group handed over is written; throws the first failure.
    func finish() throws -> Progress {
        slot.wait()
        slot.signal()
        return try lock.withLock {
            if let failure { throw failure }
            return progressValue
        }
    }
}

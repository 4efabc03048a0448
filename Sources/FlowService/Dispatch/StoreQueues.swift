import Foundation
import JSHostCore
import ServiceLifecycle
import SnapshotStore
import Synchronization

/// The store's own queues as the steps' broker (`jshost serve` without `--broker`): a step reads its queue in the
/// store, a commit that queues messages wakes the steps they are for, and a rebound waits in the store until it
/// is due (`nextDue`). Several hosts sharing a store find each other's messages when they look (`idleWait`).
final class StoreQueues: StepBroker {
    private let store: any ServiceStore
    /// Who to tell of new messages, boxed: a function kept in a `Mutex` directly is wrapped in another reabstraction
    /// thunk on every access through its `inout`, and the wrappers pile up until each call walks thousands of them.
    private let delivered = Mutex<Delivered?>(nil)

    private final class Delivered: Sendable {
        let tell: @Sendable (StepKey) -> Void
        init(_ tell: @escaping @Sendable (StepKey) -> Void) { self.tell = tell }
    }

    init(store: any ServiceStore) {
        self.store = store
    }

    func start(steps: [StepKey], consuming: Set<StepKey>, delivered: @escaping @Sendable (StepKey) -> Void) async throws {
        let box = Delivered(delivered)
        self.delivered.withLock { $0 = box }
    }

    /// A stopped flow's dispatchers take nothing: there is no queue to let go here.
    func consume(_ steps: Set<StepKey>) {}

    func next(for key: StepKey, limit: Int) async throws -> [QueuedMessage] {
        try await store.nextQueued(for: key, at: Date(), limit: limit)
    }

    func nextDue(for key: StepKey) async -> Date? {
        try? await store.nextAvailable(for: key)
    }

    /// The commit that ran them removed them from the store's queue.
    func taken(_ ids: [Int64], of key: StepKey) {}

    func alreadyConsumed(messageID: String, of key: StepKey) {}

    func queued(for steps: [StepKey]) {
        guard let delivered = delivered.withLock({ $0 }) else { return }
        for key in steps { delivered.tell(key) }
    }

    /// Nothing of its own to run or to let go: the store is the service's.
    func run() async throws {
        try? await gracefulShutdown()
    }
}

import Foundation
import JSHostCore
import ServiceLifecycle
import SnapshotStore
import Synchronization

/// The store's own queues as the steps' broker (`jshost serve` without `--broker`): a step reads its queue in the
/// store, a commit that queues messages wakes the steps they are for, and a rebound waits in the store until it
/// is due (`nextDue`). Several hosts sharing a store find each other's messages when they look (`idleWait`).
/// A waiting webhook caller's request comes before the store's messages, from memory (`lane`, see `WebhookLane`).
final class StoreQueues: StepBroker {
    let store: any ServiceStore
    let lane = WebhookLane()
    /// Who to tell of new messages, boxed: a function kept in a `Mutex` directly is wrapped in another reabstraction
    /// thunk on every access through its `inout`, and the wrappers pile up until each call walks thousands of them.
    private let delivered = Mutex<Delivered?>(nil)

    private final class Delivered: Sendable {
        let tell: @Sendable (StepKey) -> Void
        init(_ tell: @escaping @Sendable (StepKey) -> Void) { self.tell = tell }
    }

    init(store: any ServiceStore) {
        self.store = store
        HeldWebhookRequests.register(self)
    }

    func start(steps: [StepKey], consuming: Set<StepKey>, delivered: @escaping @Sendable (StepKey) -> Void) async throws {
        let box = Delivered(delivered)
        self.delivered.withLock { $0 = box }
    }

    /// A stopped flow's dispatchers take nothing: there is no queue to let go here.
    func consume(_ steps: Set<StepKey>) {}

    /// The lane's requests take at most half a group while the store's queue fills the rest, so that neither
    /// keeps the other waiting under load (a request queued durably after its caller timed out must come too).
    func next(for key: StepKey, limit: Int) async throws -> [QueuedMessage] {
        let waiting = lane.take(for: key, limit: max(limit / 2, 1))
        let stored: [QueuedMessage]
        do {
            stored = limit > waiting.count ? try await store.nextQueued(for: key, at: Date(), limit: limit - waiting.count) : []
        } catch {
            lane.release(waiting.map(\.id), of: key)
            throw error
        }
        let room = limit - waiting.count - stored.count
        return waiting + stored + (room > 0 ? lane.take(for: key, limit: room) : [])
    }

    func nextDue(for key: StepKey) async -> Date? {
        try? await store.nextAvailable(for: key)
    }

    /// The commit that ran them removed them from the store's queue, or consumed a lane's request.
    func taken(_ ids: [Int64], of key: StepKey) {
        lane.remove(ids.filter { $0 < 0 }, of: key)
    }

    func released(_ ids: [Int64], of key: StepKey) {
        lane.release(ids.filter { $0 < 0 }, of: key)
    }

    func alreadyConsumed(messageID: String, of key: StepKey) {}

    /// A lane's request (below zero, never a queue row) is the lane's alone until `taken`: its commit consumes
    /// nothing in the store.
    func consumption(of message: QueuedMessage) -> MessageConsumption {
        message.id < 0 ? .held : .queueRow(message.id)
    }

    func queued(for steps: [StepKey]) {
        guard let delivered = delivered.withLock({ $0 }) else { return }
        for key in steps { delivered.tell(key) }
    }

    /// Nothing of its own to run or to let go: the store is the service's.
    func run() async throws {
        try? await gracefulShutdown()
    }
}

import Foundation
import JSHostCore
import SnapshotStore
import Synchronization

/// The webhook requests this process holds in memory (each service's `WebhookLane`), so a service that must end at
/// once (a second signal) can queue them durably first, as it leaves what its workers were running queued: their
/// callers get no answer, and the requests run after a restart. Only a crash of the host loses such a request,
/// and then its caller's connection ends without an answer.
public enum HeldWebhookRequests {
    private final class Entry: Sendable {
        weak let queues: StoreQueues?
        init(_ queues: StoreQueues) { self.queues = queues }
    }

    private static let entries = Mutex<[Entry]>([])

    static func register(_ queues: StoreQueues) {
        entries.withLock { entries in
            entries.removeAll { $0.queues == nil }
            entries.append(Entry(queues))
        }
    }

    /// Queues every held request in its store and waits for the commit. Call it once the workers are killed: a
    /// run under way then either fails, giving its request back, or was committing already, and a request its
    /// caller took back is being queued; both are let finish (a moment at most), so that none is queued twice.
    /// How many were queued.
    @discardableResult
    public static func queueAll(settling: Duration = .seconds(1)) -> Int {
        let all = entries.withLock { $0.compactMap(\.queues) }
        let deadline = ContinuousClock.now + settling
        while all.contains(where: \.lane.isSettling) && ContinuousClock.now < deadline { usleep(5_000) }
        var queued = 0
        for queues in all {
            let held = queues.lane.withdrawWaiting()
            guard !held.isEmpty else { continue }
            let writes = held.map { StoreWrite.enqueue([ForwardedMessage(to: $0.key, json: $0.json, context: $0.context)], source: $0.fromRun) }
            if (try? Blocking.wait({ try await queues.store.writeTogether(writes) }))?.allSatisfy({ if case .success = $0 { true } else { false } }) == true {
                queued += held.count
            }
        }
        return queued
    }
}

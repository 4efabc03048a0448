import Foundation
import JSHostCore
import SnapshotStore
import Synchronization

/// The shortest path for a webhook whose caller waits: its request goes to the first step in memory, not through a
/// durable enqueue and a read back. Nothing is lost: the caller has no answer until the run's commit, which queues
/// what it sends on durably; the lane hands a request to one run at a time and lets it go once a run committed it
/// (`remove`, from the broker's `taken`), so it runs once. A request its step did not commit by the time its caller
/// stops waiting (answered with a failure, or timed out) is withdrawn, after any run of it under way has ended, and
/// queued durably by the caller (`withdraw`, then `remove` once queued); what is still waiting when the service
/// ends is queued by the service (`withdrawWaiting`). Only for a store this host keeps alone, without a broker:
/// elsewhere another host may have to run it.
final class WebhookLane: Sendable {
    private enum Phase: Equatable {
        /// In the lane, for the step's dispatcher to take.
        case waiting
        /// Handed to the step's dispatcher and not yet committed or given back.
        case running
        /// Taken back by its caller, who is queuing it durably.
        case withdrawing
        /// Its run could not commit for the store (its disk full, or away): its caller is told nothing was queued.
        case refused(String)
    }

    /// What became of a request when its caller stopped waiting.
    enum Withdrawal: Equatable {
        /// A run committed it.
        case committed
        /// It did not run: the caller queues it durably, then removes it.
        case toQueue(QueuedMessage)
        /// The store could not take its run: nothing was queued, and the caller is told why.
        case refused(String)
    }

    private struct Entry {
        var message: QueuedMessage
        var phase = Phase.waiting
    }

    private struct State {
        var entries: [StepKey: [Entry]] = [:]
        var lastID: Int64 = 0
    }

    private let state = Mutex(State())

    /// Puts a request in the step's lane; its id, to withdraw it by.
    func offer(_ json: String, to key: StepKey, context: QueueContext, source: String) -> Int64 {
        // Its message id (which names its run) is random: the lane's numbers start again with the process.
        let messageID = RandomUUID.make()
        return state.withLock { state in
            // Below zero: never a store's queue row.
            state.lastID -= 1
            let message = QueuedMessage(id: state.lastID, key: key, json: json, context: context, fromRun: source,
                                        availableAt: Date(), attempts: 0, deliveredMessageID: messageID)
            state.entries[key, default: []].append(Entry(message: message))
            return state.lastID
        }
    }

    /// Up to `limit` of the step's waiting requests, oldest first, marked running.
    func take(for key: StepKey, limit: Int) -> [QueuedMessage] {
        state.withLock { state in
            guard var entries = state.entries[key] else { return [] }
            var taken: [QueuedMessage] = []
            for index in entries.indices where entries[index].phase == .waiting && taken.count < limit {
                entries[index].phase = .running
                taken.append(entries[index].message)
            }
            state.entries[key] = entries
            return taken
        }
    }

    /// Committed by a run, or queued durably: they leave the lane.
    func remove(_ ids: [Int64], of key: StepKey) {
        let gone = Set(ids)
        state.withLock { state in
            state.entries[key]?.removeAll { gone.contains($0.message.id) }
            if state.entries[key]?.isEmpty == true { state.entries[key] = nil }
        }
    }

    /// Their runs could not commit for the store: their callers are told nothing was queued, and no run takes them.
    func refuse(_ ids: [Int64], of key: StepKey, because reason: String) {
        let refused = Set(ids)
        state.withLock { state in
            guard var entries = state.entries[key] else { return }
            for index in entries.indices where refused.contains(entries[index].message.id) && entries[index].phase == .running {
                entries[index].phase = .refused(reason)
            }
            state.entries[key] = entries
        }
    }

    /// Their runs ended without a commit: they wait in the lane again, for the step's next try.
    func release(_ ids: [Int64], of key: StepKey) {
        let back = Set(ids)
        state.withLock { state in
            guard var entries = state.entries[key] else { return }
            for index in entries.indices where back.contains(entries[index].message.id) && entries[index].phase == .running {
                entries[index].phase = .waiting
            }
            state.entries[key] = entries
        }
    }

    /// What became of the request, once no run of it is under way; one to queue is the caller's until it calls
    /// `remove`. Committed also when the service queued it already.
    func withdraw(_ id: Int64, of key: StepKey) async -> Withdrawal {
        while true {
            let found: Withdrawal?? = state.withLock { state in
                guard let index = state.entries[key]?.firstIndex(where: { $0.message.id == id }),
                      let entry = state.entries[key]?[index] else { return .some(.committed) }
                switch entry.phase {
                case .running: return .some(nil)
                case .withdrawing: return .some(.committed)
                case .refused(let reason): return .some(.refused(reason))
                case .waiting:
                    state.entries[key]?[index].phase = .withdrawing
                    return .some(.toQueue(entry.message))
                }
            }
            if let found, let outcome = found { return outcome }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Every request still waiting, taken out, oldest first: the service ends, and what its steps did not run is
    /// queued durably for the next start. Those running or being withdrawn are not among them.
    func withdrawWaiting() -> [QueuedMessage] {
        state.withLock { state in
            var left: [QueuedMessage] = []
            for key in Array(state.entries.keys) {
                left += state.entries[key]?.filter { $0.phase == .waiting }.map(\.message) ?? []
                state.entries[key]?.removeAll { $0.phase == .waiting }
                if state.entries[key]?.isEmpty == true { state.entries[key] = nil }
            }
            return left.sorted { $0.id > $1.id }
        }
    }

    /// Whether a request of the lane is running or in its caller's hands: the store may still get it.
    var isSettling: Bool { state.withLock { $0.entries.values.contains { $0.contains { $0.phase != .waiting } } } }

    /// How many requests wait, run or are being withdrawn in the lane.
    var count: Int { state.withLock { $0.entries.values.reduce(0) { $0 + $1.count } } }
}

import Foundation
import JSHostCore
import SnapshotStore
import Synchronization

/// The shortest path for a webhook whose caller waits: its request goes to the first step in memory, not through a
/// durable enqueue and a read back. Nothing is lost: the caller has no answer until the run's commit, which queues
/// what it sends on durably; the lane hands a request to one run at a time and lets it go once a run committed it
/// (`taken`), so it runs once. A request its step did not commit by the time its caller stops waiting (answered with a failure, timed
/// out, or the service draining) is withdrawn and queued durably then (`withdraw`), after any run of it that is
/// under way has ended, so it runs once. Only for a store this host keeps alone, without a broker: elsewhere
/// another host may have to run it.
final class WebhookLane: Sendable {
    private struct Entry {
        var message: QueuedMessage
        /// Handed to the step's dispatcher and not yet committed or given back.
        var running = false
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
            for index in entries.indices where !entries[index].running && taken.count < limit {
                entries[index].running = true
                taken.append(entries[index].message)
            }
            state.entries[key] = entries
            return taken
        }
    }

    /// Their runs committed (or the store had them consumed already): they leave the lane.
    func remove(_ ids: [Int64], of key: StepKey) {
        let gone = Set(ids)
        state.withLock { state in
            state.entries[key]?.removeAll { gone.contains($0.message.id) }
            if state.entries[key]?.isEmpty == true { state.entries[key] = nil }
        }
    }

    /// Their runs ended without a commit: they wait in the lane again, for the step's next try.
    func release(_ ids: [Int64], of key: StepKey) {
        let back = Set(ids)
        state.withLock { state in
            guard var entries = state.entries[key] else { return }
            for index in entries.indices where back.contains(entries[index].message.id) { entries[index].running = false }
            state.entries[key] = entries
        }
    }

    /// Takes the request out of the lane once no run of it is under way; nil when a run committed it.
    func withdraw(_ id: Int64, of key: StepKey) async -> QueuedMessage? {
        while true {
            let found: (message: QueuedMessage, running: Bool)? = state.withLock { state in
                guard let index = state.entries[key]?.firstIndex(where: { $0.message.id == id }),
                      let entry = state.entries[key]?[index] else { return nil }
                if !entry.running {
                    state.entries[key]?.remove(at: index)
                    if state.entries[key]?.isEmpty == true { state.entries[key] = nil }
                }
                return (entry.message, entry.running)
            }
            guard let found else { return nil }
            if !found.running { return found.message }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Every request still in the lane, taken out: the service ends, and what its steps did not commit is queued
    /// durably for the next start. Only once no run can commit any more.
    func withdrawAll() -> [QueuedMessage] {
        state.withLock { state in
            defer { state.entries = [:] }
            return state.entries.values.flatMap { $0.map(\.message) }.sorted { $0.id > $1.id }
        }
    }

    /// How many requests wait or run in the lane.
    var count: Int { state.withLock { $0.entries.values.reduce(0) { $0 + $1.count } } }
}

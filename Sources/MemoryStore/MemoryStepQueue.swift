import Foundation
import JSHostCore
import SnapshotStore

extension MemorySnapshotStore: StepQueueing {
    public func nextQueued(for key: StepKey, at now: Date) async throws -> QueuedMessage? {
        try await nextQueued(among: [key], at: now)
    }

    public func nextQueued(among keys: [StepKey], at now: Date) async throws -> QueuedMessage? {
        let wanted = Set(keys)
        return transaction { state in
            state.queue.first { wanted.contains($0.message.key) && $0.message.availableAt <= now }?.message
        }
    }

    public func nextQueued(for key: StepKey, at now: Date, limit: Int) async throws -> [QueuedMessage] {
        transaction { state in
            Array(state.queue.lazy.filter { $0.message.key == key && $0.message.availableAt <= now }.prefix(max(limit, 0)).map(\.message))
        }
    }

    public func nextAvailable(for key: StepKey) async throws -> Date? {
        transaction { state in state.queue.filter { $0.message.key == key }.map(\.message.availableAt).min() }
    }

    public func queueDepth(_ key: StepKey) async throws -> Int {
        transaction { state in state.queue.count { $0.message.key == key } }
    }

    public func queuedInThread(flow: String, thread: String) async throws -> Int {
        transaction { state in state.queue.count { $0.message.key.flow == flow && $0.thread == thread } }
    }

    @discardableResult
    public func enqueue(_ messages: [ForwardedMessage], source: String) async throws -> [Int64] {
        transaction { state in messages.map { state.enqueue($0, from: source, at: Date()) } }
    }
}

extension MemoryState {
    @discardableResult
    mutating func enqueue(_ message: ForwardedMessage, from source: String, at now: Date) -> Int64 {
        lastQueueID += 1
        // Kept as the other stores keep it: the context as stored text and back, so what a reader gets is the same.
        queue.append(QueueRow(message: QueuedMessage(
            id: lastQueueID, key: message.to, json: message.json, context: QueueContext(storedText: message.context.storedText),
            fromRun: source, availableAt: now.addingTimeInterval(message.delay.inSeconds), attempts: message.attempts),
            thread: message.context.threadId))
        return lastQueueID
    }
}

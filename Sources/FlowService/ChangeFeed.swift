import Foundation
import Synchronization

/// What the page hears as it happens: every run committed, every change made through the API, every flow started
/// or stopped, fanned out to each listener (the `/v2/events` stream). A listener that falls behind loses its
/// oldest events, never slows a commit.
package final class ChangeFeed: Sendable {
    /// One event, as a server-sent event's name and its JSON data; an empty name is a heartbeat.
    package struct Event: Sendable {
        package var name: String
        package var json: String
    }

    private struct State {
        var listeners: [UUID: AsyncStream<Event>.Continuation] = [:]
        var finished = false
        var heartbeat: Task<Void, Never>?
    }
    private let state = Mutex(State())

    package init() {}

    /// How often a listener hears a comment when nothing happens, so a client that went away is noticed.
    package static let heartbeatInterval: Duration = .seconds(15)

    /// The events from now on, until the listener's task ends or the service stops.
    package func listen() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let id = UUID()
        let taken: Bool = state.withLock { state in
            if state.finished { return false }
            state.listeners[id] = continuation
            if state.heartbeat == nil {
                state.heartbeat = Task { [weak self] in
                    while !Task.isCancelled {
                        try? await Task.sleep(for: Self.heartbeatInterval)
                        self?.publish("", "")
                    }
                }
            }
            return true
        }
        if !taken { continuation.finish() }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    package var listenerCount: Int { state.withLock { $0.listeners.count } }

    package func publish(_ name: String, _ json: String) {
        let event = Event(name: name, json: json)
        for listener in state.withLock({ Array($0.listeners.values) }) { listener.yield(event) }
    }

    /// Ends every stream, and any later one at once: the service is stopping.
    package func finish() {
        let ended: [AsyncStream<Event>.Continuation] = state.withLock { state in
            state.finished = true
            state.heartbeat?.cancel()
            return Array(state.listeners.values)
        }
        for listener in ended { listener.finish() }
    }
}

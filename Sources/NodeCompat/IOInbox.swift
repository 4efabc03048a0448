import Foundation

/// Results of work done on other threads (sockets, DNS lookups), waiting for the JS thread. Carries only Sendable
/// data; the JS thread turns each event into a JS callback. The event loop sleeps on it instead of a fixed timer wait, so
/// an arriving event wakes it at once.
final class IOInbox: @unchecked Sendable {  // events guarded by its NSCondition, which the event loop sleeps on
    struct Event: Sendable {
        var id: Int
        var kind: String
        var text: String?
        var bytes: [UInt8]?
        var number: Int
    }

    private let condition = NSCondition()
    private var events: [Event] = []
    /// Operations started and not yet finished: they keep the loop alive.
    private var pending = 0

    /// Work that keeps the loop alive: operations still running, or their events not yet taken.
    var hasPendingOperations: Bool { condition.withLock { pending > 0 || !events.isEmpty } }

    func begin() { condition.withLock { pending += 1 } }

    /// Stops counting an operation without an event (a socket unref'd: it no longer keeps the loop alive).
    func end() { condition.withLock { pending -= 1 } }

    /// Posts an event; `finished` ends the operation it belongs to.
    func post(_ event: Event, finished: Bool = false) {
        condition.withLock {
            events.append(event)
            if finished { pending -= 1 }
            condition.signal()
        }
    }

    func take() -> [Event] {
        condition.withLock {
            let taken = events
            events.removeAll()
            return taken
        }
    }

    /// Waits until an event arrives or `deadline` (nil: until an event, if any operation is pending).
    func wait(until deadline: Date?) {
        condition.withLock {
            guard events.isEmpty else { return }
            if let deadline { _ = condition.wait(until: deadline) } else if pending > 0 { condition.wait() }
        }
    }
}

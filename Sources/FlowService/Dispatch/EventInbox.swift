import Foundation
import StepRuntime
import JSHostCore

/// The events each step's worker reported for the message it runs, collected as they arrive (on the worker's
/// reader thread) and taken by the step's dispatcher when the run returns: a worker reports every event of a
/// message before its outcome, so the events are all here by then.
final class EventInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [StepKey: [StepEvent]] = [:]

    func add(_ key: StepKey, _ event: StepEvent) {
        lock.withLock { events[key, default: []].append(event) }
    }

    func take(_ key: StepKey) -> [StepEvent] {
        lock.withLock { events.removeValue(forKey: key) ?? [] }
    }
}

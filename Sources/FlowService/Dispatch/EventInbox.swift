import Foundation
import StepRuntime
import JSHostCore
import Synchronization

/// The events each step's worker reported for the message it runs, collected as they arrive (on the worker's
/// reader thread) and taken by the step's dispatcher when the run returns: a worker reports every event of a
/// message before its outcome, so the events are all here by then.
final class EventInbox: Sendable {
    private let events = Mutex<[StepKey: [StepEvent]]>([:])

    func add(_ key: StepKey, _ event: StepEvent) {
        events.withLock { $0[key, default: []].append(event) }
    }

    func take(_ key: StepKey) -> [StepEvent] {
        events.withLock { $0.removeValue(forKey: key) ?? [] }
    }
}

import Foundation
import Logging
import SnapshotStore
import StepRuntime
import JSHostCore

/// Every step's dispatcher, by step.
final class Dispatchers: @unchecked Sendable {
    private let lock = NSLock()
    private var byKey: [StepKey: StepDispatcher] = [:]

    subscript(key: StepKey) -> StepDispatcher? {
        get { lock.withLock { byKey[key] } }
        set { lock.withLock { byKey[key] = newValue } }
    }

    var all: [StepDispatcher] { lock.withLock { Array(byKey.values) } }
}

/// The parts of the service its dispatchers share.
struct ServiceParts: DispatchHost {
    let store: any ServiceStore
    let broker: (any StepBroker)?
    let committer: GroupCommitter
    let workers: StepWorkers
    let inbox: EventInbox
    let waiters: WebhookWaiters
    let metrics: ServiceMetrics
    let logger: Logger
    let configuration: ServiceConfiguration
    let dispatchers: Dispatchers
    let feed: ChangeFeed
    let recentErrors: RecentErrors
    let onUpdateKeys: @Sendable (String, String) async -> Void

    func wake(_ keys: [StepKey]) {
        if let broker {
            // The messages are in the store's queues: they reach the steps once published to the broker.
            if !keys.isEmpty { broker.publishSoon() }
            return
        }
        for key in keys { dispatchers[key]?.wake() }
    }

    func updateKeys(credentials id: String, keysJSON: String) async {
        await onUpdateKeys(id, keysJSON)
    }
}

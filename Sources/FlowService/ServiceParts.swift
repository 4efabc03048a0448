import Foundation
import Logging
import SnapshotStore
import StepRuntime
import Synchronization
import JSHostCore

/// Every step's dispatcher, by step.
final class Dispatchers: Sendable {
    private let byKey = Mutex<[StepKey: StepDispatcher]>([:])

    subscript(key: StepKey) -> StepDispatcher? {
        get { byKey.withLock { $0[key] } }
        set { byKey.withLock { $0[key] = newValue } }
    }

    var all: [StepDispatcher] { byKey.withLock { Array($0.values) } }
}

/// The parts of the service its dispatchers share.
struct ServiceParts: DispatchHost {
    let store: any ServiceStore
    let broker: any StepBroker
    let committer: GroupCommitter
    let workers: StepWorkers
    let inbox: EventInbox
    let answers: WebhookAnswers
    let metrics: ServiceMetrics
    let logger: Logger
    let configuration: ServiceConfiguration
    let dispatchers: Dispatchers
    let feed: ChangeFeed
    let recentErrors: RecentErrors
    let onUpdateKeys: @Sendable (String, String) async -> Void

    func wake(_ keys: [StepKey]) {
        if !keys.isEmpty { broker.queued(for: keys) }
    }

    func updateKeys(credentials id: String, keysJSON: String) async {
        await onUpdateKeys(id, keysJSON)
    }
}

import Flows
import Foundation
import Logging
import SnapshotStore
import StepRuntime
import JSHostCore
import Synchronization

/// Why a flow could not be started, stopped, run or called. The HTTP edge gives each kind its status.
public struct FlowControlError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No such flow (or, for run-now, not started).
        case notFound
        /// The service is draining.
        case stopping
        /// The flow is being started or stopped by another request, or its last execution still runs.
        case conflict
        /// A hook or the store failed.
        case failed
    }
    public var kind: Kind
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func notFound(_ flow: String) -> Self {
        FlowControlError(.notFound, "Flow \(flow) either does not exist or is inactive")
    }
    public static let stopping = FlowControlError(.stopping, "the service is stopping; try again when it is back")
    static func changing(_ flow: String) -> Self {
        FlowControlError(.conflict, "flow \(flow) is being started or stopped; try again when that is done")
    }
}

/// `jshost serve`'s core: every flow of the folder, its steps' dispatchers and workers, its schedule or webhook,
/// started and stopped without a restart, and a graceful end.
public actor FlowService {
    let parts: ServiceParts
    var flows: [String: ServedFlow] = [:]
    var active: Set<String> = []
    var schedules: [String: Task<Void, Never>] = [:]
    /// The thread of each flow's last scheduled or run-now execution: the next tick waits for it to be done.
    var lastExecution: [String: String] = [:]
    var stopping = false
    /// Until the flows started, calls are answered 503: the server listens before the flows start.
    public internal(set) var ready = false
    /// Flows being started or stopped now: their hooks run in between, and a second request must not interleave.
    var changing: Set<String> = []
    public internal(set) var loadProblems: [String] = []

    /// `store` is the one `configuration.store` names, opened by the caller (which reports a store that cannot be
    /// opened in its own words).
    /// With a `broker`, the steps' queues are its; without, the store's (see `StepBroker`).
    public init(configuration: ServiceConfiguration, store: any ServiceStore, broker: (any StepBroker)? = nil, logger: Logger) {
        let inbox = EventInbox()
        let dispatchers = Dispatchers()
        let box = ServiceBox()
        let feed = ChangeFeed()
        parts = ServiceParts(store: store, broker: broker ?? StoreQueues(store: store), committer: GroupCommitter(store: store, feed: feed), workers: StepWorkers(command: configuration.worker, stepsPerWorker: configuration.stepsPerWorker) { key, event in inbox.add(key, event) },
                             inbox: inbox, answers: WebhookAnswers(waiters: WebhookWaiters(), store: store), metrics: ServiceMetrics(), logger: logger,
                             configuration: configuration, dispatchers: dispatchers, feed: feed, recentErrors: RecentErrors(),
                             onUpdateKeys: { id, json in await box.service?.updateKeys(credentials: id, keysJSON: json) })
        box.service = self
    }

    public var flowCount: Int { flows.count }
    public var activeCount: Int { active.count }

    /// The served flows, ordered by id, as the API shows them.
    public func overview() -> [FlowOverview] {
        flows.values.sorted { $0.id < $1.id }.map(overview)
    }

    public func overview(of id: String) -> FlowOverview? {
        flows[id].map(overview)
    }

    private func overview(_ flow: ServedFlow) -> FlowOverview {
        let isActive = active.contains(flow.id)
        var cron: String?, next: Date?
        if case .schedule(let schedule) = flow.trigger {
            cron = flow.document.cron ?? ServiceConfiguration.defaultCron
            if isActive { next = schedule.next(after: Date()) }
        }
        let busy = Set(flow.document.nodes.map(\.id).filter { parts.dispatchers[flow.document.key($0)]?.isBusy == true })
        return FlowOverview(document: flow.document, isActive: isActive, cron: cron, nextRunAt: next, starts: flow.starts, busySteps: busy)
    }

    /// The step ids of a served flow; nil when the service has no such flow.
    public func stepIDs(of flow: String) -> Set<String>? {
        flows[flow].map { Set($0.document.nodes.map(\.id)) }
    }
}

/// Lets the dispatchers' shared parts call back into the service that owns them.
final class ServiceBox: Sendable {
    private let reference = Mutex<WeakService>(WeakService())
    private struct WeakService { weak var service: FlowService? }

    var service: FlowService? {
        get { reference.withLock { $0.service } }
        set { reference.withLock { $0.service = newValue } }
    }
}

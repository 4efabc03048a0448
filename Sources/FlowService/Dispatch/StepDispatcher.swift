import ComponentRuntime
import Foundation
import JSHostCore
import Logging
import SnapshotStore
import StepRuntime
import Synchronization

/// What a step's dispatcher uses of its service.
protocol DispatchHost: Sendable {
    var store: any ServiceStore { get }
    /// Where the steps' messages come from: the store's queues, or a broker's deliveries.
    var broker: any StepBroker { get }
    var committer: GroupCommitter { get }
    var workers: StepWorkers { get }
    var inbox: EventInbox { get }
    var answers: WebhookAnswers { get }
    var metrics: ServiceMetrics { get }
    var logger: Logger { get }
    var configuration: ServiceConfiguration { get }
    var recentErrors: RecentErrors { get }
    /// Wakes the dispatchers of these steps: a commit queued messages for them.
    func wake(_ keys: [StepKey])
    /// An `updateKeys` event: the account's keys change for every step that uses it, from its next message on.
    func updateKeys(credentials id: String, keysJSON: String) async
}

/// Takes one step's queued messages in order, a group at a time, has the step's warm worker run them in turn
/// without committing, and commits their runs through the service's group committer: each run's commit removes its
/// message and queues what it sends on. The loop is `DispatchLoop`, a group's run and commit `GroupRun`, a
/// message that keeps failing `PoisonMessages`, the wait for a rebound `ReboundWait`, a webhook caller's answer
/// `WebhookAnswers`, the step's lease `LeaseKeeper`.
final class StepDispatcher: Sendable {
    let key: StepKey
    let credentialsID: String?
    let fieldsJSON: String
    let host: any DispatchHost
    let wakeup = Wakeup()
    let leases: LeaseKeeper

    struct State {
        var step: WorkerStep
        var taking = false
        var ended = false
        var busy = false
        var task: Task<Void, Never>?
    }
    private let state: Mutex<State>

    init(step: WorkerStep, credentialsID: String?, fieldsJSON: String, host: any DispatchHost) {
        key = step.key
        state = Mutex(State(step: step))
        self.credentialsID = credentialsID
        self.fieldsJSON = fieldsJSON
        self.host = host
        leases = LeaseKeeper(key: step.key, owner: .thisProcess(worker: "serve"), store: host.store)
    }

    /// How long an idle step keeps its lease, so a step called again soon (a webhook under a steady load) takes its
    /// next message without a transaction for the lease first.
    static let leaseLinger: Duration = .seconds(2)

    /// The step as its worker runs it now.
    var workerStep: WorkerStep { state.withLock { $0.step } }

    func update(_ new: WorkerStep) { state.withLock { $0.step = new } }

    /// Whether a message is running in the step now.
    var isBusy: Bool { state.withLock { $0.busy } }

    func setBusy(_ busy: Bool) { state.withLock { $0.busy = busy } }

    var isTaking: Bool { state.withLock { $0.taking } }
    var hasEnded: Bool { state.withLock { $0.ended } }

    func start() {
        state.withLock { state in
            state.taking = true
            if state.task == nil { state.task = Task { [self] in await loop() } }
        }
        wakeup.signal()
    }

    /// Takes no more messages (the running one finishes); the step's lease is given back at once after it.
    func pause() {
        state.withLock { $0.taking = false }
        wakeup.signal()
    }

    func end() {
        state.withLock { state in
            state.taking = false
            state.ended = true
        }
        wakeup.signal()
    }

    func wake() { wakeup.signal() }

    func metadata(_ queued: QueuedMessage? = nil, run: String? = nil, extra: Logger.Metadata = [:]) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["flow": "\(key.flow)", "step": "\(key.step)"]
        if let thread = queued?.context.threadId { metadata["threadId"] = "\(thread)" }
        if let queued { metadata["queued"] = "\(queued.id)" }
        if let run { metadata["execution"] = "\(run)" }
        return metadata.merging(extra) { $1 }
    }
}

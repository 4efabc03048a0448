import ComponentRuntime
import Foundation
import JSONata
import SnapshotStore
import JSHostCore

/// Runs one step, one message at a time or a stream of them: takes the step's lease, chooses the starting
/// snapshot, hosts the component, applies sailor's rules and commits, returning a typed outcome. The command
/// line, a service, a scheduler and a transport all run steps through it.
///
/// A runner keeps its component warm, as a sailor container does: the module is loaded and `init` runs once,
/// before the first message. It is confined to the thread that uses it (the JavaScript engine's), and calls the
/// store from that thread, waiting for it.
public final class StepRunner {
    public let definition: StepDefinition
    public let owner: LeaseOwner
    let store: StoreAccess
    let onEvent: (StepEvent) -> Void
    /// The message whose events the host is reporting now (set by each single run before its events).
    var currentContext: MessageContext?
    /// The error and rebound events of the current single run.
    var currentErrors: [String] = []
    var currentRebounds: [String] = []
    let onNotice: (StepNotice) -> Void
    private var host: ComponentHost?
    /// In a flow whose edges from this step have conditions or mappers: how its data messages are routed (by
    /// `expressions`, made on first use on this runner's thread).
    public var routing: Forwarding?
    var expressions: JSONataEngine?

    /// Called once, right before the component is loaded (the command line starts its watchdog there).
    public var willLoad: () -> Void = {}
    /// Called once, right after the component is loaded.
    public var didLoad: (ComponentHost) -> Void = { _ in }

    /// `owner` identifies this runner in leases: two runners in one process need two worker names. `onEvent`
    /// receives each event of a single run as it happens, on this runner's thread.
    public init(definition: StepDefinition, store: any SnapshotReading & RunCommitting, owner: LeaseOwner,
                onEvent: @escaping (StepEvent) -> Void, onNotice: @escaping (StepNotice) -> Void = { _ in }) {
        self.definition = definition
        self.store = StoreAccess(store)
        self.owner = owner
        self.onEvent = onEvent
        self.onNotice = onNotice
    }

    var key: StepKey { definition.key }

    /// Collects the component's garbage, if it is loaded (an idle step gives back what its messages left).
    public func collectGarbage() {
        host?.collectGarbage()
    }

    /// The hosted component, loaded on first use.
    func loadedHost() throws(StepRunError) -> ComponentHost {
        if let host { return host }
        willLoad()
        do {
            let loaded = try ComponentHost(component: definition.component, configuration: definition.host) { [unowned self] event in
                if event.name == "error" { currentErrors.append(event.json ?? "{}") }
                if event.name == "rebound" { currentRebounds.append(event.json ?? "{}") }
                if currentContext == nil { currentContext = .fresh() }
                onEvent(StepEvent(kind: event.name, json: event.json, context: currentContext!))
            }
            host = loaded
            didLoad(loaded)
            return loaded
        } catch {
            throw StepRunError(stage: .component, key: key, underlying: error)
        }
    }

    /// Runs one message. With `.commit` the step's lease is held for the run (waiting for it as `wait` says) and
    /// released by the commit; `snapshotOverride` starts the run from that value instead of the stored one. In a
    /// flow, `consumes` is the queued message being run (its commit removes it, exactly once) and `forward` says
    /// what the run's outcome sends on to the next steps' queues, in the same commit.
    public func run(_ message: StepMessage, mode: CommitMode = .commit, wait: LeaseWait = .fail,
                    snapshotOverride: String? = nil, consumes: Int64? = nil,
                    forward: (StepOutcome) -> [ForwardedMessage] = { _ in [] }) throws(StepRunError) -> StepOutcome {
        let startedAt = Date()
        let messageJSON = message.json
        let lease = mode == .commit ? try LeaseTaking.take(store, key, owner: owner, timeToLive: definition.leaseTimeToLive, wait: wait) : nil
        let heartbeat = lease.map { LeaseHeartbeat(store: store, lease: $0, timeToLive: definition.leaseTimeToLive) }
        var committed = false
        defer {
            heartbeat?.stop()
            // The commit gives the lease back in its own transaction; this covers every other way out.
            if let lease, !committed { release(lease) }
        }

        let stored = try readState(checked: snapshotOverride == nil)
        let cfgFingerprint = Digests.fingerprint(ofJSON: definition.cfgJSON)
        var outcome = try runOnce(message, stored: stored, cfgFingerprint: cfgFingerprint, snapshotOverride: snapshotOverride)
        guard let lease else { return outcome }
        var commit = RunCommit(key: key, startedAt: startedAt, endedAt: Date(), outcome: outcome.recordedOutcome,
                               inputHash: Digests.sha256(messageJSON), outbox: outcome.dataMessages,
                               snapshot: outcome.snapshotChange, cfgFingerprint: cfgFingerprint,
                               errorCount: outcome.errorCount, lease: lease)
        commit.forward = forward(outcome)
        commit.consumes = consumes
        do {
            outcome.receipt = try store.commit(commit)
            committed = true
        } catch {
            throw StepRunError(stage: .commit, key: key, underlying: error)
        }
        return outcome
    }

    /// Runs a flow hook of the step's module (`startup`, or `shutdown` with what startup returned): nothing is
    /// committed; the caller keeps the result.
    public func hook(_ name: String, dataJSON: String = "{}") throws(StepRunError) -> String {
        if definition.component.isPlatformRouter { return "{}" }
        let host = try loadedHost()
        currentContext = .fresh()
        do {
            return try host.hook(name, function: definition.function, cfgJSON: definition.cfgJSON, dataJSON: dataJSON)
        } catch {
            forgetHostIfEnded(error)
            throw StepRunError(stage: .component, key: key, underlying: error)
        }
    }

    /// One message through the component, from `stored` (or `snapshotOverride`): its outcome, nothing committed.
    func runOnce(_ message: StepMessage, stored: StepState?, cfgFingerprint: String,
                 snapshotOverride: String? = nil, routes: Bool = true) throws(StepRunError) -> StepOutcome {
        if let edgeError = message.context.headers[Forwarding.edgeErrorHeader] {
            return edgeFailure(message, errorJSON: edgeError, stored: stored)
        }
        if message.context.headers[Forwarding.mappedByHeader] != nil {
            onEvent(StepEvent(kind: "mapped", json: message.json, context: message.context))
        }
        if definition.component.isPlatformRouter { return routerOutcome(message, stored: stored, routes: routes) }
        let start = StartingSnapshot.choose(stored: stored, override: snapshotOverride, cfgFingerprint: cfgFingerprint,
                                            resetOnConfigChange: definition.resetOnConfigChange)
        if let notice = start.notice { onNotice(notice) }

        let host = try loadedHost()
        currentContext = message.context
        currentErrors = []
        currentRebounds = []
        let result: RunOutcome
        do {
            result = try host.process(function: definition.function, messageJSON: message.json, cfgJSON: definition.cfgJSON,
                                      snapshotJSON: start.json, context: message.context)
        } catch {
            forgetHostIfEnded(error)
            throw StepRunError(stage: .component, key: key, underlying: error)
        }

        let change: RunCommit.SnapshotChange
        if result.initFailed {
            change = .unchanged
        } else if let json = result.snapshotJSON {
            change = json == "null" ? .clear : .replace(json: json)
        } else {
            change = start.resetForConfigChange ? .clear : .unchanged
        }
        var outcome = StepOutcome(
            completion: result.initFailed ? .initFailed : (result.errorCount > 0 ? .completedWithErrors : .completed),
            errorCount: result.errorCount, dataMessages: result.dataMessages, snapshotChange: change, stored: stored)
        outcome.errorEvents = currentErrors
        outcome.reboundEvents = currentRebounds
        if routes { route(&outcome, incoming: message) }
        return outcome
    }

    /// The step's record, its value checked to be JSON unless the run will not use it.
    func readState(checked: Bool) throws(StepRunError) -> StepState? {
        do {
            let state = try store.state(key)
            if checked { _ = try state?.checkedJSON() }
            return state
        } catch {
            throw StepRunError(stage: .read, key: key, underlying: error)
        }
    }

    /// A component that called process.exit() has ended its runtime, as it would have ended a sailor container:
    /// the next message loads it afresh.
    func forgetHostIfEnded(_ error: ComponentError) {
        if error.code == .exited { host = nil }
    }

    func release(_ lease: Lease) {
        // Best effort: a lease not given back expires after its time to live, and is reclaimed at once on this
        // host when its process is gone.
        try? store.releaseLease(lease)
    }
}

import Flows
import Foundation
import Logging
import SnapshotStore
import StepRuntime
import JSHostCore
import HTTPTypes

/// Why a flow could not be started, stopped, run or called; `status` is its HTTP status.
public struct FlowControlError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public var description: String { message }

    static func notFound(_ flow: String) -> Self {
        FlowControlError(status: 404, message: "Flow \(flow) either does not exist or is inactive")
    }
    static let stopping = FlowControlError(status: 503, message: "the service is stopping; try again when it is back")
    static func changing(_ flow: String) -> Self {
        FlowControlError(status: 409, message: "flow \(flow) is being started or stopped; try again when that is done")
    }
}

/// `jshost serve`'s core: every flow of the folder, its steps' dispatchers and workers, its schedule or webhook,
/// started and stopped without a restart, and a graceful end.
public actor FlowService {
    let parts: ServiceParts
    private var flows: [String: ServedFlow] = [:]
    private var active: Set<String> = []
    private var schedules: [String: Task<Void, Never>] = [:]
    /// The thread of each flow's last scheduled or run-now execution: the next tick waits for it to be done.
    private var lastExecution: [String: String] = [:]
    private var stopping = false
    /// Until the flows started, calls are answered 503: the server listens before the flows start.
    public private(set) var ready = false
    /// Flows being started or stopped now: their hooks run in between, and a second request must not interleave.
    private var changing: Set<String> = []
    public private(set) var loadProblems: [String] = []

    /// `store` is the one `configuration.store` names, opened by the caller (which reports a store that cannot be
    /// opened in its own words).
    /// With a `broker`, the steps' queues are its (see `StepBroker`).
    public init(configuration: ServiceConfiguration, store: any ServiceStore, broker: (any StepBroker)? = nil, logger: Logger) {
        let inbox = EventInbox()
        let dispatchers = Dispatchers()
        let box = ServiceBox()
        let feed = ChangeFeed()
        parts = ServiceParts(store: store, broker: broker, committer: GroupCommitter(store: store, feed: feed), workers: StepWorkers(command: configuration.worker) { key, event in inbox.add(key, event) },
                             inbox: inbox, waiters: WebhookWaiters(), metrics: ServiceMetrics(), logger: logger,
                             configuration: configuration, dispatchers: dispatchers, feed: feed, recentErrors: RecentErrors(),
                             onUpdateKeys: { id, json in await box.service?.updateKeys(credentials: id, keysJSON: json) })
        box.service = self
    }

    public var flowCount: Int { flows.count }
    public var activeCount: Int { active.count }

    /// Reads the flows folder and starts each flow that is active (by the file, or as last started or stopped
    /// through the service); the problems of flows that cannot be served are logged and kept.
    public func startFlows() async throws {
        let catalog = FlowCatalog(configuration: parts.configuration, credentials: parts.store)
        let loaded = try await catalog.load()
        loadProblems = loaded.problems
        for problem in loaded.problems { parts.logger.error("flow not served: \(problem)") }
        for flow in loaded.flows {
            flows[flow.id] = flow
            for node in flow.document.nodes {
                guard let step = flow.steps[node.id] else { continue }
                parts.dispatchers[step.key] = StepDispatcher(step: step, credentialsID: node.credentialsID,
                                                             fieldsJSON: node.fieldsJSON, host: parts)
            }
        }
        var starting: [ServedFlow] = []
        for flow in loaded.flows.sorted(by: { $0.id < $1.id }) {
            let stored = try? await parts.store.flowState(flow.id)
            if (stored?.status ?? flow.document.status) == "active" { starting.append(flow) }
        }
        if let broker = parts.broker {
            let dispatchers = parts.dispatchers
            try await broker.start(steps: loaded.flows.flatMap(\.keys), consuming: Set(starting.flatMap(\.keys))) { key in dispatchers[key]?.wake() }
        }
        for flow in starting {
            do {
                try await start(flow.id, remember: false)
            } catch {
                parts.logger.error("flow \(flow.id) did not start: \(error)", metadata: ["flow": "\(flow.id)"])
            }
        }
        consumeActiveQueues()
        ready = true
    }

    /// A broker takes this host's messages only for the flows started here.
    private func consumeActiveQueues() {
        parts.broker?.consume(Set(active.flatMap { flows[$0]?.keys ?? [] }))
    }

    /// Starts a flow: its trigger's `startup` hook (its result kept for `shutdown`), its steps taking their queued
    /// messages, its schedule. False when it was already started.
    @discardableResult
    public func start(_ id: String, remember: Bool = true) async throws(FlowControlError) -> Bool {
        guard !stopping else { throw .stopping }
        guard let flow = flows[id] else { throw FlowControlError(status: 404, message: "Flow \(id) does not exist") }
        guard !active.contains(id) else { return false }
        guard changing.insert(id).inserted else { throw .changing(id) }
        defer { changing.remove(id) }
        var startupData = "{}"
        for start in flow.starts {
            guard let step = parts.dispatchers[flow.document.key(start)]?.workerStep else { continue }
            do {
                startupData = try await parts.workers.hook("startup", in: step)
            } catch {
                throw FlowControlError(status: 500, message: "the startup hook of step \(start) of flow \(id) failed: \(error)")
            }
        }
        try? await parts.store.setStartupData(id, startupData)
        if remember { try? await parts.store.setFlowStatus(id, "active") }
        active.insert(id)
        // At start the broker took the queues of the flows about to start; it is told once they all did.
        if ready { consumeActiveQueues() }
        for key in flow.keys { parts.dispatchers[key]?.start() }
        if case .schedule(let cron) = flow.trigger { schedules[id] = schedule(id, cron) }
        parts.feed.publish("flow", Self.flowEvent(id, "active"))
        parts.logger.info("flow started", metadata: ["flow": "\(id)"])
        return true
    }

    /// Stops a flow: its schedule, its steps' taking of messages (the running one finishes; the rest stay queued),
    /// then its trigger's `shutdown` hook with what `startup` returned. False when it was not started.
    @discardableResult
    public func stop(_ id: String, remember: Bool = true) async throws(FlowControlError) -> Bool {
        guard let flow = flows[id] else { throw FlowControlError(status: 404, message: "Flow \(id) does not exist") }
        if remember { try? await parts.store.setFlowStatus(id, "inactive") }
        guard active.contains(id) else { return false }
        guard changing.insert(id).inserted else { throw .changing(id) }
        defer { changing.remove(id) }
        active.remove(id)
        schedules.removeValue(forKey: id)?.cancel()
        for key in flow.keys { parts.dispatchers[key]?.pause() }
        // While the service drains, the broker is let go whole at the end instead.
        if !stopping { consumeActiveQueues() }
        await runShutdownHooks(flow)
        parts.feed.publish("flow", Self.flowEvent(id, "inactive"))
        parts.logger.info("flow stopped", metadata: ["flow": "\(id)"])
        return true
    }

    private func runShutdownHooks(_ flow: ServedFlow) async {
        let data = (try? await parts.store.flowState(flow.id))?.startupData ?? "{}"
        for start in flow.starts {
            guard let step = parts.dispatchers[flow.document.key(start)]?.workerStep else { continue }
            do {
                _ = try await parts.workers.hook("shutdown", in: step, dataJSON: data)
            } catch {
                parts.logger.error("the shutdown hook of step \(start) of flow \(flow.id) failed: \(error)", metadata: ["flow": "\(flow.id)"])
            }
        }
        try? await parts.store.setStartupData(flow.id, nil)
    }

    private static func flowEvent(_ id: String, _ status: String) -> String {
        #"{"flow":\#(JSONString.quote(id)),"status":"\#(status)"}"#
    }

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

    /// Fires a started flow's trigger now, as a tick would (refused while its last execution still runs: ticks
    /// never overlap). Returns the execution's thread id.
    public func runNow(_ id: String) async throws(FlowControlError) -> String {
        guard !stopping else { throw .stopping }
        guard let flow = flows[id], active.contains(id) else { throw .notFound(id) }
        if let thread = try await fire(flow) { return thread }
        throw FlowControlError(status: 409, message: "flow \(id) is still running its last execution; run it again when that is done")
    }

    /// The trigger's message for a schedule's tick or a run-now, as sailor gives a polling trigger.
    static let tickMessage = #"{"attachments":{},"body":{},"headers":{},"metadata":{}}"#

    /// Queues the trigger's message unless the flow's last execution is still running; the new thread's id, or nil.
    private func fire(_ flow: ServedFlow) async throws(FlowControlError) -> String? {
        if let last = lastExecution[flow.id], ((try? await parts.store.queuedInThread(flow: flow.id, thread: last)) ?? 0) > 0 {
            return nil
        }
        let thread = UUID().uuidString.lowercased()
        do {
            try await enqueue(flow, json: Self.tickMessage, thread: thread, source: "schedule:\(thread)")
        } catch {
            throw FlowControlError(status: 500, message: "cannot queue the trigger's message of flow \(flow.id): \(error)")
        }
        lastExecution[flow.id] = thread
        return thread
    }

    private func enqueue(_ flow: ServedFlow, json: String, thread: String, source: String) async throws {
        let messages = flow.starts.map {
            ForwardedMessage(to: flow.document.key($0), json: json, context: QueueContext(thread: thread))
        }
        try await parts.committer.enqueue(messages, source: source)
        parts.wake(messages.map(\.to))
    }

    private func schedule(_ id: String, _ cron: CronSchedule) -> Task<Void, Never> {
        Task { [weak self] in
            while !Task.isCancelled {
                guard let next = cron.next(after: Date()) else { return }
                let wait = next.timeIntervalSinceNow
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000) + 1)) }
                if Task.isCancelled { return }
                await self?.tick(id)
            }
        }
    }

    private func tick(_ id: String) async {
        guard !stopping, let flow = flows[id], active.contains(id) else { return }
        do {
            if try await fire(flow) == nil {
                parts.metrics.skippedTick(flow: id)
                parts.logger.notice("tick skipped: the flow's last execution is still running", metadata: ["flow": "\(id)"])
            }
        } catch {
            parts.logger.error("\(error)", metadata: ["flow": "\(id)"])
        }
    }

    /// Whether a started flow answers webhook calls at this id.
    func answersWebhook(_ flowID: String) -> Bool {
        guard ready, !stopping, let flow = flows[flowID], active.contains(flowID), case .webhook = flow.trigger else { return false }
        return true
    }

    /// A webhook call: the request becomes the first step's message, queued durably; the caller gets the reply
    /// of the first step that sends one, the first failure, the platform's thank-you once nothing of the
    /// execution is left, or a 504 after the timeout.
    func webhook(_ flowID: String, _ request: WebhookMessage, header: (String) -> String?) async -> WebhookReply {
        guard !stopping else { return .json(503, Self.errorDocument(503, FlowControlError.stopping.message)) }
        guard ready else { return .json(503, Self.errorDocument(503, Self.startingMessage), headers: [("retry-after", "1")]) }
        guard let flow = flows[flowID], active.contains(flowID), case .webhook = flow.trigger else {
            return .json(404, Self.errorDocument(404, FlowControlError.notFound(flowID).message))
        }
        switch WebhookAuth.from(credentialsJSON: flow.triggerCredentialsJSON) {
        case .failure(let problem):
            parts.logger.error("the webhook of flow \(flowID) cannot check callers: \(problem.message)", metadata: ["flow": "\(flowID)"])
            return .json(500, Self.errorDocument(500, "the webhook's authentication is misconfigured: \(problem.message); fix the trigger step's credentials"))
        case .success(let auth):
            guard auth.admits(header: header, body: request.body) else {
                return .json(401, Self.errorDocument(401, "the request is not authorized for flow \(flowID)"),
                             headers: auth.challenge.map { [("www-authenticate", $0)] } ?? [])
            }
        }
        let json: String
        do {
            json = try request.json()
        } catch {
            return .json(error.status, Self.errorDocument(error.status, error.detail), headers: error.headers.map { ($0.0.canonicalName, $0.1) })
        }
        let thread = request.requestID
        parts.waiters.expect(thread)
        let shared = parts.store.capabilities.sharedByHosts
        do {
            // On a shared store another host may end the execution: it answers through the store.
            if shared { try await parts.store.awaitAnswer(thread: thread) }
            try await enqueue(flow, json: json, thread: thread, source: "webhook:\(thread)")
        } catch {
            parts.waiters.forget(thread)
            if shared { try? await parts.store.forgetAnswer(thread: thread) }
            // A full disk or a store away: nothing was queued, and the caller may send it again shortly.
            if let full = StoreFailures.diskFull(error) {
                return .json(503, Self.errorDocument(503, "cannot queue the request for flow \(flowID): \(full)"), headers: [("retry-after", "5")])
            }
            if (error as? SnapshotStoreError)?.code == .unavailable {
                return .json(503, Self.errorDocument(503, "cannot queue the request for flow \(flowID): \(error)"), headers: [("retry-after", "5")])
            }
            return .json(500, Self.errorDocument(500, "cannot queue the request for flow \(flowID): \(error)"))
        }
        let fromOtherHosts = shared ? Task { [parts] in
            while !Task.isCancelled {
                if let text = try? await parts.store.takeAnswer(thread: thread), let reply = WebhookReply(storedText: text) {
                    parts.waiters.answer(thread, reply)
                    return
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        } : nil
        let answered = await parts.waiters.wait(thread, timeout: parts.configuration.webhookTimeout)
        if let fromOtherHosts {
            fromOtherHosts.cancel()
            try? await parts.store.forgetAnswer(thread: thread)
        }
        guard let reply = answered else {
            return .json(504, Self.errorDocument(504, "flow \(flowID) did not answer within \(parts.configuration.webhookTimeout); the request stays queued and will run"),
                         headers: [("x-execution-id", thread)])
        }
        return reply
    }

    /// A JSON:API error document, as every error the service answers has.
    static func errorDocument(_ status: Int, _ message: String) -> String {
        ApiRefusal(status: status, detail: message).json
    }

    static let startingMessage = "the service is starting its flows; try again in a moment"

    /// An account's keys changed (an `updateKeys` event): merged over the kept ones, and every step that uses the
    /// account gets the new cfg from its next message on.
    func updateKeys(credentials id: String, keysJSON: String) async {
        let current = (try? await parts.store.credentials(id))?.keysJSON ?? "{}"
        guard let old = try? JSONSyntax.members(current), let new = try? JSONSyntax.members(keysJSON) else {
            parts.logger.error("updateKeys for credentials \(id) is not a JSON object; the keys stay as they were")
            return
        }
        let names = Set(new.map(\.name))
        let merged = JSONObjectText.make(old.filter { !names.contains($0.name) } + new)
        do {
            try await parts.store.setCredentials(id, keysJSON: merged)
        } catch {
            parts.logger.error("cannot keep the updated keys of credentials \(id): \(error)")
            return
        }
        let account = try? await parts.store.credentials(id)
        for dispatcher in parts.dispatchers.all where dispatcher.credentialsID == id {
            var step = dispatcher.workerStep
            step.cfgJSON = StepConfiguration.cfg(fieldsJSON: dispatcher.fieldsJSON, credentials: account)
            dispatcher.update(step)
        }
        parts.logger.info("credentials updated by updateKeys", metadata: ["credentials": "\(id)"])
    }

    /// What /healthz reports.
    public func health() async -> (healthy: Bool, json: String) {
        let flowsJSON = flows.keys.sorted().map { id in
            #"{"id":\#(JSONString.quote(id)),"status":"\#(active.contains(id) ? "active" : "inactive")"}"#
        }.joined(separator: ",")
        let problems = loadProblems.map(JSONString.quote).joined(separator: ",")
        let status = stopping ? "stopping" : ready ? "ok" : "starting"
        return (ready && !stopping, #"{"status":"\#(status)","flows":[\#(flowsJSON)],"problems":[\#(problems)]}"#)
    }

    /// /metrics: the registry, with each step's queue depth as it is now.
    public func metricsText() async -> [UInt8] {
        for flow in flows.values {
            for key in flow.keys {
                if let depth = try? await parts.store.queueDepth(key) { parts.metrics.queueDepth(key, depth) }
            }
        }
        return parts.metrics.text()
    }

    /// The graceful end: no more ticks or calls, each step's running message finishes (within `drainTimeout`), its
    /// commit made; the started flows' `shutdown` hooks run; the workers end. What is still queued stays for the
    /// next start.
    public func drain() async {
        stopping = true
        parts.feed.finish()
        for task in schedules.values { task.cancel() }
        schedules = [:]
        let dispatchers = parts.dispatchers.all
        for dispatcher in dispatchers { dispatcher.pause() }
        let deadline = ContinuousClock.now + parts.configuration.drainTimeout
        while dispatchers.contains(where: \.isBusy) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let unfinished = dispatchers.filter(\.isBusy).map { "\($0.key)" }
        if !unfinished.isEmpty {
            parts.logger.warning("drain timeout passed with messages running in \(unfinished.joined(separator: ", ")); they stay queued, uncommitted, for the next start")
        }
        for id in active.sorted() {
            guard let flow = flows[id] else { continue }
            // A trigger still running past the drain timeout would hold its worker: its hook is skipped.
            if flow.starts.contains(where: { parts.dispatchers[flow.document.key($0)]?.isBusy == true }) {
                parts.logger.warning("the shutdown hook of flow \(id) did not run: its trigger was still running", metadata: ["flow": "\(id)"])
                continue
            }
            await runShutdownHooks(flow)
        }
        for dispatcher in dispatchers { dispatcher.end() }
        await parts.broker?.stop()
        await parts.workers.shutdown()
        parts.logger.info("stopped")
    }
}

/// Lets the dispatchers' shared parts call back into the service that owns them.
final class ServiceBox: @unchecked Sendable {
    weak var service: FlowService?
}

extension WebhookAuth {
    /// The WWW-Authenticate challenge a refused caller gets.
    var challenge: String? {
        if case .basic = self { return #"Basic realm="jshost""# }
        return nil
    }
}

import Flows
import Foundation
import JSHostCore
import Logging
import SnapshotStore
import StepRuntime

/// A flow's life in the service: read from the folder, started (its trigger's `startup` hook, its steps taking
/// their messages, its schedule) and stopped (the `shutdown` hook with what `startup` returned), remembered in the
/// store across restarts.
extension FlowService {
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
        let dispatchers = parts.dispatchers
        try await parts.broker.start(steps: loaded.flows.flatMap(\.keys), consuming: Set(starting.flatMap(\.keys))) { key in dispatchers[key]?.wake() }
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
    func consumeActiveQueues() {
        parts.broker.consume(Set(active.flatMap { flows[$0]?.keys ?? [] }))
    }

    /// Starts a flow: its trigger's `startup` hook (its result kept for `shutdown`), its steps taking their queued
    /// messages, its schedule. False when it was already started.
    @discardableResult
    public func start(_ id: String, remember: Bool = true) async throws(FlowControlError) -> Bool {
        guard !stopping else { throw .stopping }
        guard let flow = flows[id] else { throw FlowControlError(.notFound, "Flow \(id) does not exist") }
        guard !active.contains(id) else { return false }
        guard changing.insert(id).inserted else { throw .changing(id) }
        defer { changing.remove(id) }
        var startupData = "{}"
        for start in flow.starts {
            guard let step = parts.dispatchers[flow.document.key(start)]?.workerStep else { continue }
            do {
                startupData = try await parts.workers.hook("startup", in: step)
            } catch {
                throw FlowControlError(.failed, "the startup hook of step \(start) of flow \(id) failed: \(error)")
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
        guard let flow = flows[id] else { throw FlowControlError(.notFound, "Flow \(id) does not exist") }
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
        // The steps' engines go, and their places in the workers with them; a start makes them afresh (init again).
        for key in flow.keys { await parts.workers.retire(key) }
        parts.feed.publish("flow", Self.flowEvent(id, "inactive"))
        parts.logger.info("flow stopped", metadata: ["flow": "\(id)"])
        return true
    }

    func runShutdownHooks(_ flow: ServedFlow) async {
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

    static func flowEvent(_ id: String, _ status: String) -> String {
        #"{"flow":\#(JSONString.quote(id)),"status":"\#(status)"}"#
    }
}

import JSHostCore
import ComponentRuntime
import Foundation
import JSONata
import SnapshotStore

extension StepRunner {
    /// A message whose edge's condition or mapper failed: this step's run of it is that error (recorded, sent to
    /// the flow's error handler, the message consumed) and the component is not called, so the snapshot stays.
    func edgeFailure(_ message: StepMessage, errorJSON: String, stored: StepState?) -> StepOutcome {
        currentContext = message.context
        onEvent(StepEvent(kind: "error", json: errorJSON, context: message.context))
        var outcome = StepOutcome(completion: .completedWithErrors, errorCount: 1, dataMessages: [], snapshotChange: .unchanged,
                                  stored: stored)
        outcome.errorEvents = [errorJSON]
        return outcome
    }

    /// The platform's router step: it passes its message on, for its edges' conditions to route.
    func routerOutcome(_ message: StepMessage, stored: StepState?, routes: Bool) -> StepOutcome {
        currentContext = message.context
        onEvent(StepEvent(kind: "data", json: message.json, context: message.context))
        var outcome = StepOutcome(completion: .completed, errorCount: 0, dataMessages: [message.json], snapshotChange: .unchanged,
                                  stored: stored)
        if routes { route(&outcome, incoming: message) }
        return outcome
    }

    func route(_ outcome: inout StepOutcome, incoming: StepMessage) {
        var batch = [outcome]
        route(&batch, incoming: [incoming])
        outcome = batch[0]
    }

    /// Decides where each data message of `outcomes` (runs of `incoming`, in order) goes when the step's edges have
    /// conditions or mappers, all in one call into the JSONata engine: it runs here, where the step runs, so a
    /// service's supervisor only forwards what was decided. When the engine cannot decide (it cannot start, or its
    /// watchdog stopped it), each edge's step gets that error for each message.
    func route(_ outcomes: inout [StepOutcome], incoming: [StepMessage]) {
        guard let routing, let edges = routing.edges, outcomes.contains(where: { !$0.dataMessages.isEmpty }) else { return }
        // Each data message as the next steps would receive it unmapped, with the run it came from.
        var pending: [(run: Int, json: String)] = []
        for (run, outcome) in outcomes.enumerated() {
            outcomes[run].routed = []
            for emitted in outcome.dataMessages {
                if let outgoing = routing.outgoing(emitted, incoming: incoming[run], step: key.step) { pending.append((run, outgoing)) }
            }
        }
        let decisions: [EdgeRouting]
        do {
            decisions = try expressionEngine(routing).route(pending.map(\.json), over: edges, flowVariablesJSON: definition.host.flowVariablesJSON)
        } catch {
            for (run, outgoing) in pending {
                for edge in edges {
                    let failure = EdgeExpressionError(path: edge.path, expression: edge.condition ?? edge.mapperJSON ?? "",
                                                      code: error.code, message: error.message)
                    outcomes[run].routed?.append(RoutedMessage(target: edge.target, json: outgoing, edgeError: failure.eventJSON))
                }
            }
            return
        }
        for (index, decided) in decisions.enumerated() {
            let (run, outgoing) = pending[index]
            if decided.unrouted {
                outcomes[run].unrouted += 1
                onNotice(.unrouted(key: key))
            }
            for delivery in decided.deliveries {
                let edge = edges[delivery.edge]
                switch delivery.result {
                case .success(let json):
                    outcomes[run].routed?.append(RoutedMessage(target: edge.target, json: json, mappedBy: edge.mapperJSON == nil ? nil : edge.path))
                case .failure(let error):
                    outcomes[run].routed?.append(RoutedMessage(target: edge.target, json: outgoing, edgeError: error.eventJSON))
                }
            }
        }
    }

    /// The runner's JSONata engine, made on first use on this thread.
    private func expressionEngine(_ routing: Forwarding) throws(JSONataError) -> JSONataEngine {
        if let expressions { return expressions }
        do {
            let engine = try JSONataEngine(limits: routing.expressionLimits)
            expressions = engine
            return engine
        } catch {
            throw JSONataError(code: "U1000", message: error.message)
        }
    }
}

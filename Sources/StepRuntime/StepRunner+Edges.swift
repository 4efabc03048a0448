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
    func routerOutcome(_ message: StepMessage, stored: StepState?) throws(StepRunError) -> StepOutcome {
        currentContext = message.context
        onEvent(StepEvent(kind: "data", json: message.json, context: message.context))
        var outcome = StepOutcome(completion: .completed, errorCount: 0, dataMessages: [message.json], snapshotChange: .unchanged,
                                  stored: stored)
        try route(&outcome, incoming: message)
        return outcome
    }

    /// Decides where each data message goes when the step's edges have conditions or mappers: JSONata runs here,
    /// where the step runs, so a service's supervisor only forwards what was decided.
    func route(_ outcome: inout StepOutcome, incoming: StepMessage) throws(StepRunError) {
        guard let routing, let edges = routing.edges, !outcome.dataMessages.isEmpty else { return }
        let engine: JSONataEngine
        if let expressions {
            engine = expressions
        } else {
            do {
                engine = try JSONataEngine(limits: routing.expressionLimits)
            } catch {
                throw StepRunError(stage: .component, key: key, underlying: error)
            }
            expressions = engine
        }
        var routed: [RoutedMessage] = []
        for emitted in outcome.dataMessages {
            guard let outgoing = routing.outgoing(emitted, incoming: incoming, step: key.step) else { continue }
            let decided: EdgeRouting
            do {
                decided = try engine.route(outgoing, over: edges, flowVariablesJSON: definition.host.flowVariablesJSON)
            } catch {
                // The engine itself stopped (its watchdog): every edge's step gets the error.
                for edge in edges {
                    let failure = EdgeExpressionError(path: edge.path, expression: edge.condition ?? edge.mapperJSON ?? "",
                                                      code: error.code, message: error.message)
                    routed.append(RoutedMessage(target: edge.target, json: outgoing, edgeError: failure.eventJSON))
                }
                continue
            }
            if decided.unrouted {
                outcome.unrouted += 1
                onNotice(.unrouted(key: key))
            }
            for delivery in decided.deliveries {
                switch delivery.result {
                case .success(let json):
                    let edge = edges[delivery.edge]
                    routed.append(RoutedMessage(target: edge.target, json: json, mappedBy: edge.mapperJSON == nil ? nil : edge.path))
                case .failure(let error):
                    routed.append(RoutedMessage(target: edges[delivery.edge].target, json: outgoing, edgeError: error.eventJSON))
                }
            }
        }
        outcome.routed = routed
    }
}

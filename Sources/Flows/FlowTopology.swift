import Foundation
import JSONata
import SnapshotStore
import StepRuntime
import JSHostCore

extension FlowDocument {
    /// The steps a trigger fires: those no edge leads to, but the error handler.
    public var startSteps: [Node] {
        nodes.filter { node in !node.isErrorHandler && !edges.contains { $0.target == node.id } }
    }

    /// The flow's error-handler step (elastic.io's node with `error: true`), if it has one.
    public var errorHandler: String? { nodes.first { $0.isErrorHandler }?.id }

    public func key(_ step: String) -> StepKey { StepKey(flow: id, step: step) }

    /// What a run of `step` sends on, by the flow's edges (the edge from the error handler to `error_all` is the
    /// platform's marker, not a route).
    public func forwarding(for step: String, rebound: ReboundPolicy = ReboundPolicy(),
                           expressionLimits: JSONataLimits = JSONataLimits()) -> Forwarding {
        let outgoing = edges.indices.filter { edges[$0].source == step && edges[$0].target != "error_all" }
        var forwarding = Forwarding(next: outgoing.map { edges[$0].target }, passthrough: !passthroughDisabled.contains(step),
                                    errorHandler: errorHandler, rebound: rebound, edges: outgoing.compactMap(forwardingEdge(at:)))
        forwarding.expressionLimits = expressionLimits
        return forwarding
    }

    /// The edge at `index` as a step's runner routes over it.
    public func forwardingEdge(at index: Int) -> FlowEdge? {
        guard edges.indices.contains(index) else { return nil }
        let edge = edges[index]
        return FlowEdge(target: edge.target, condition: edge.condition, mapperJSON: edge.mapperJSON, path: "graph.edges[\(index)]")
    }
}

import Foundation
import JSONata
import SnapshotStore
import JSHostCore

/// What a step's run sends on, in a flow: each data message to every next step (with passthrough, unless the step
/// has it off), each error with the message that failed to the flow's error handler, and a rebound's message back
/// to its own step later. The same rules wherever the step runs: the command line's flow run, a service's workers.
public struct Forwarding: Codable, Sendable, Equatable {
    public var next: [String]
    public var passthrough: Bool
    public var errorHandler: String?
    public var rebound: ReboundPolicy
    /// The step's outgoing edges with their conditions and mappers, when any edge has one: the step's runner then
    /// routes each data message (its outcome's `routed`) and this forwards what it decided.
    public var edges: [FlowEdge]?
    /// How far one message's conditions and mappers may go.
    public var expressionLimits = JSONataLimits()

    public init(next: [String], passthrough: Bool = true, errorHandler: String? = nil, rebound: ReboundPolicy = ReboundPolicy(),
                edges: [FlowEdge]? = nil) {
        self.next = next
        self.passthrough = passthrough
        self.errorHandler = errorHandler
        self.rebound = rebound
        self.edges = edges?.contains(where: \.hasExpressions) == true ? edges : nil
    }

    /// The header that carries an edge's failed condition or mapper to the step it was for: that step's run of the
    /// message is then this error, and the component is not called.
    public static let edgeErrorHeader = "x-jshost-edge-error"
    /// The header that names the edge whose mapper made the message (`graph.edges[2]`): the step's run reports the
    /// message it received as a `mapped` event.
    public static let mappedByHeader = "x-jshost-mapped-by"

    /// The message a data message becomes for the next steps, before any mapper: passthrough added, unless off.
    func outgoing(_ emitted: String, incoming: StepMessage, step: String) -> String? {
        Passthrough.next(emitted: emitted, incoming: incoming.json, step: step, enabled: passthrough)
    }


    /// The messages `outcome` (of `incoming` in `key`) sends on.
    public func messages(from key: StepKey, incoming: StepMessage, outcome: StepOutcome) -> [ForwardedMessage] {
        let downstream = QueueContext(threadId: incoming.context.threadId, parentMessageId: incoming.context.messageId,
                                      headers: incoming.context.headers.filter { $0.key.hasPrefix("x-eio-meta-") })
        var messages: [ForwardedMessage] = []
        if let routed = outcome.routed {
            for message in routed {
                var context = downstream
                if let error = message.edgeError { context.headers[Self.edgeErrorHeader] = error }
                if let edge = message.mappedBy { context.headers[Self.mappedByHeader] = edge }
                messages.append(ForwardedMessage(to: StepKey(flow: key.flow, step: message.target), json: message.json, context: context))
            }
        } else {
            for emitted in outcome.dataMessages {
                for target in next {
                    if let json = outgoing(emitted, incoming: incoming, step: key.step) {
                        messages.append(ForwardedMessage(to: StepKey(flow: key.flow, step: target), json: json, context: downstream))
                    }
                }
            }
        }
        var errors = outcome.errorEvents
        // One rebound per message: sailor republishes on each, but a message put back twice would run twice.
        if let reason = outcome.reboundEvents.first {
            let iteration = Self.reboundIteration(of: incoming) + 1
            if iteration > rebound.limit {
                errors.append(Self.reboundLimitError)
            } else {
                var headers = incoming.context.headers
                headers[Self.reboundIterationHeader] = String(iteration)
                headers[Self.reboundReasonHeader] = Self.reason(reason)
                let context = QueueContext(threadId: incoming.context.threadId, parentMessageId: incoming.context.parentMessageId,
                                           headers: headers)
                messages.append(ForwardedMessage(to: key, json: Self.withReboundHeaders(incoming.json, headers: headers),
                                                 context: context, delay: rebound.delay(iteration: iteration), attempts: iteration))
            }
        }
        if let errorHandler, errorHandler != key.step {
            // sailor's error input: {body:{error, errorInput}}, the error as emitted and the message that failed.
            for error in errors {
                messages.append(ForwardedMessage(to: StepKey(flow: key.flow, step: errorHandler),
                                                 json: #"{"body":{"error":\#(error),"errorInput":\#(incoming.json)},"headers":{}}"#,
                                                 context: downstream))
            }
        }
        return messages
    }
}

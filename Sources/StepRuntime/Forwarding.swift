import ComponentRuntime
import Foundation
import SnapshotStore

/// Sailor's rebound: a message put back on its step's queue after 2^(n-1) × the first delay, at most `limit` times;
/// then `Rebound limit exceeded` as an error.
public struct ReboundPolicy: Codable, Sendable, Equatable {
    public var firstDelaySeconds: Double
    public var limit: Int

    public init(firstDelaySeconds: Double = 15, limit: Int = 20) {
        self.firstDelaySeconds = firstDelaySeconds
        self.limit = limit
    }

    /// The wait before the `iteration`th retry (1-based).
    public func delay(iteration: Int) -> Duration {
        .milliseconds(Int64(firstDelaySeconds * 1000 * pow(2, Double(max(iteration, 1) - 1))))
    }
}

/// What a step's run sends on, in a flow: each data message to every next step (with passthrough, unless the step
/// has it off), each error with the message that failed to the flow's error handler, and a rebound's message back
/// to its own step later. The same rules wherever the step runs: the command line's flow run, a service's workers.
public struct Forwarding: Codable, Sendable, Equatable {
    public var next: [String]
    public var passthrough: Bool
    public var errorHandler: String?
    public var rebound: ReboundPolicy

    public init(next: [String], passthrough: Bool = true, errorHandler: String? = nil, rebound: ReboundPolicy = ReboundPolicy()) {
        self.next = next
        self.passthrough = passthrough
        self.errorHandler = errorHandler
        self.rebound = rebound
    }

    /// The transport headers a rebound keeps with the message it puts back.
    public static let reboundIterationHeader = "reboundIteration"
    public static let reboundReasonHeader = "reboundReason"

    /// The messages `outcome` (of `incoming` in `key`) sends on.
    public func messages(from key: StepKey, incoming: StepMessage, outcome: StepOutcome) -> [ForwardedMessage] {
        let downstream = QueueContext(thread: incoming.context.threadId, parentMessageID: incoming.context.messageId,
                                      headers: incoming.context.headers.filter { $0.key.hasPrefix("x-eio-meta-") })
        var messages: [ForwardedMessage] = []
        for emitted in outcome.dataMessages {
            for target in next {
                if let json = Passthrough.next(emitted: emitted, incoming: incoming.json, step: key.step, enabled: passthrough) {
                    messages.append(ForwardedMessage(to: StepKey(flow: key.flow, step: target), json: json, context: downstream))
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
                let context = QueueContext(thread: incoming.context.threadId, parentMessageID: incoming.context.parentMessageId,
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

    /// The error a message gets when it was put back `limit` times and its step rebounds it again.
    public static let reboundLimitError = #"{"name":"Error","message":"Rebound limit exceeded"}"#

    /// Whether `outcome` of `incoming` ends its rebounds with the limit's error.
    public func exceedsReboundLimit(incoming: StepMessage, outcome: StepOutcome) -> Bool {
        !outcome.reboundEvents.isEmpty && Self.reboundIteration(of: incoming) + 1 > rebound.limit
    }

    static func reboundIteration(of message: StepMessage) -> Int {
        message.context.headers[reboundIterationHeader].flatMap(Int.init) ?? 0
    }

    /// A rebound event's reason: its error's message, or its text.
    static func reason(_ json: String) -> String {
        if let members = try? JSONSyntax.membersAsWritten(json), let message = members.first(where: { $0.name == "message" }),
           let text = try? JSONDecoder().decode(String.self, from: Data(message.json.utf8)) {
            return text
        }
        return json
    }

    /// The message with the rebound's headers in its `headers`, so the component sees which retry it runs (as
    /// Open Integration Hub's sailor fork shows them); everything else as it was, in its order.
    static func withReboundHeaders(_ json: String, headers: [String: String]) -> String {
        guard let members = try? JSONSyntax.membersAsWritten(json) else { return json }
        let added: [(name: String, json: String)] = [
            (reboundIterationHeader, headers[reboundIterationHeader] ?? "1"),
            (reboundReasonHeader, JSONString.quote(headers[reboundReasonHeader] ?? "")),
        ]
        let names = Set(added.map(\.name))
        var existing: [(name: String, json: String)] = []
        if let current = members.last(where: { $0.name == "headers" }), let inner = try? JSONSyntax.membersAsWritten(current.json) {
            existing = inner.filter { !names.contains($0.name) }
        }
        let headersJSON = JSONObjectText.make(existing + added)
        if members.contains(where: { $0.name == "headers" }) {
            return JSONObjectText.make(members.map { $0.name == "headers" ? (name: "headers", json: headersJSON) : $0 })
        }
        return JSONObjectText.make(members + [(name: "headers", json: headersJSON)])
    }
}

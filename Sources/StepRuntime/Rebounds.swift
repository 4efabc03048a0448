import Foundation
import JSHostCore

// A rebound, end to end: a component emits `rebound`; `Forwarding.messages` puts the message back on its own step's
// queue with the rebound's headers and a delay from `ReboundPolicy` (sailor's: 15 s, doubled each time, at most 20
// times), queued in the run's commit with the time it is due (the store's `available_at`, `ForwardedMessage.delay`);
// the step takes it when it is due: `serve`'s dispatcher sleeps until then (`ReboundWait` in FlowService); on a
// broker it waits in the step's rebounds queue until its expiration sends it back (`BrokerNames.rebounds`,
// `AMQPStepBroker.declare`); `jshost flow run` leaves it queued for a later run and counts it as waiting. Past
// the limit the message goes to the flow's error handler with `reboundLimitError`.

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

extension Forwarding {
    /// The transport headers a rebound keeps with the message it puts back.
    public static let reboundIterationHeader = "reboundIteration"
    public static let reboundReasonHeader = "reboundReason"

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

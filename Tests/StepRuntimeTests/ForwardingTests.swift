import ComponentRuntime
import SnapshotStore
import Testing
@testable import StepRuntime
import JSHostCore

/// What a step's run sends on in a flow: data to the next steps, errors to the handler, rebounds back later.
@Suite struct ForwardingTests {
    let key = StepKey(flow: "f", step: "step_2")

    func message(_ json: String, headers: [String: String] = [:]) -> StepMessage {
        StepMessage(json: json, context: MessageContext(messageId: "m-2", parentMessageId: "m-1", threadId: "t-1", headers: headers))
    }

    func outcome(data: [String] = [], errors: [String] = [], rebounds: [String] = []) -> StepOutcome {
        var outcome = StepOutcome(completion: errors.isEmpty ? .completed : .completedWithErrors, errorCount: errors.count,
                                  dataMessages: data, snapshotChange: .unchanged)
        outcome.errorEvents = errors
        outcome.reboundEvents = rebounds
        return outcome
    }

    @Test func dataGoesToEveryNextStepInItsThreadAndErrorsToTheHandler() {
        let forwarding = Forwarding(next: ["step_3", "step_4"], errorHandler: "step_9")
        let sent = forwarding.messages(from: key, incoming: message(#"{"body":{}}"#, headers: ["x-eio-meta-trace": "1", "other": "2"]),
                                       outcome: outcome(data: [#"{"body":{"n":1}}"#], errors: [#"{"message":"bad"}"#]))
        #expect(sent.map(\.to.step) == ["step_3", "step_4", "step_9"])
        #expect(sent.allSatisfy { $0.context.threadId == "t-1" && $0.context.parentMessageId == "m-2" })
        #expect(sent[0].context.headers == ["x-eio-meta-trace": "1"], "only x-eio-meta-* headers travel on, as sailor's")
        #expect(sent[2].json == #"{"body":{"error":{"message":"bad"},"errorInput":{"body":{}}},"headers":{}}"#)
    }

    @Test func aReboundPutsTheMessageBackWithItsIterationAndBackOff() {
        let forwarding = Forwarding(next: ["step_3"], rebound: ReboundPolicy(firstDelaySeconds: 15, limit: 3))
        let first = forwarding.messages(from: key, incoming: message(#"{"body":{"a":1},"headers":{"h":"x"}}"#),
                                        outcome: outcome(rebounds: [#"{"name":"Error","message":"busy"}"#]))
        #expect(first.count == 1)
        #expect(first[0].to == key)
        #expect(first[0].delay == .seconds(15))
        #expect(first[0].attempts == 1)
        #expect(first[0].context.headers["reboundIteration"] == "1")
        #expect(first[0].context.headers["reboundReason"] == "busy")
        #expect(first[0].json == #"{"body":{"a":1},"headers":{"h":"x","reboundIteration":1,"reboundReason":"busy"}}"#)

        let third = forwarding.messages(from: key, incoming: message(first[0].json, headers: ["reboundIteration": "2"]),
                                        outcome: outcome(rebounds: ["{}"]))
        #expect(third[0].delay == .seconds(60), "2^(n-1) × 15 s")
        #expect(third[0].context.headers["reboundIteration"] == "3")
    }

    @Test func pastTheLimitAReboundIsAnErrorForTheHandler() {
        let forwarding = Forwarding(next: [], errorHandler: "step_9", rebound: ReboundPolicy(firstDelaySeconds: 1, limit: 2))
        let incoming = message(#"{"body":{}}"#, headers: ["reboundIteration": "2"])
        let rebounded = outcome(rebounds: ["{}"])
        #expect(forwarding.exceedsReboundLimit(incoming: incoming, outcome: rebounded))
        let sent = forwarding.messages(from: key, incoming: incoming, outcome: rebounded)
        #expect(sent.map(\.to.step) == ["step_9"])
        #expect(sent[0].json.contains(#""error":{"name":"Error","message":"Rebound limit exceeded"}"#))
    }
}

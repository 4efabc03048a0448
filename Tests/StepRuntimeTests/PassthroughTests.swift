import Testing
@testable import StepRuntime

/// sailor's passthrough: the next step's msg carries every earlier step's message under its step id.
@Suite struct PassthroughTests {
    @Test func theEmittedMessageGetsTheIncomingPassthroughAndItselfKeysInOrder() throws {
        let first = try #require(Passthrough.next(emitted: #"{"body":{"b":1,"a":2},"headers":{}}"#, incoming: #"{"body":{}}"#,
                                                  step: "step_1", enabled: true))
        #expect(first == #"{"body":{"b":1,"a":2},"headers":{},"passthrough":{"step_1":{"body":{"b":1,"a":2},"headers":{}}}}"#)
        let second = try #require(Passthrough.next(emitted: #"{"body":{"c":3},"passthrough":{"ignored":true}}"#, incoming: first,
                                                   step: "step_2", enabled: true))
        #expect(second == #"{"body":{"c":3},"passthrough":{"step_1":{"body":{"b":1,"a":2},"headers":{}},"step_2":{"body":{"c":3}}}}"#)
        #expect(Passthrough.next(emitted: #"{"body":{}}"#, incoming: first, step: "s", enabled: false) == #"{"body":{}}"#)
        #expect(Passthrough.next(emitted: "[1]", incoming: nil, step: "s", enabled: true) == nil)
    }
}

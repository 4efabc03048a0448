import Foundation

/// What elastic.io's extensions answer in one evaluation: `$getPassthrough()` and `$getFlowVariables()`.
public struct JSONataContext: Sendable, Equatable {
    /// The message's passthrough (step id → that step's message), as JSON; nil: `{}`.
    public var passthroughJSON: String?
    /// The flow's variables, as JSON; nil: `{}`.
    public var flowVariablesJSON: String?

    public init(passthroughJSON: String? = nil, flowVariablesJSON: String? = nil) {
        self.passthroughJSON = passthroughJSON
        self.flowVariablesJSON = flowVariablesJSON
    }

    var json: String {
        #"{"passthrough":\#(passthroughJSON ?? "{}"),"flowVariables":\#(flowVariablesJSON ?? "{}")}"#
    }
}

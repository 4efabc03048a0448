import JSHostCore

/// What the broker's exchanges and queues are called. A step's queue is named as elastic.io names a step's
/// (`<flow>:<step>:messages`, without the platform's flow-version stamp); a flow's steps publish to the flow's
/// exchange, named by the flow as the platform names a task's, each message with its target queue's name as the
/// routing key. A rebound waits out its back-off in the step's `:rebounds` queue, whose expired messages the broker
/// dead-letters back into the step's queue.
enum BrokerNames {
    static func exchange(_ flow: String) -> String { flow }
    static func messages(_ key: StepKey) -> String { "\(key.flow):\(key.step):messages" }
    static func rebounds(_ key: StepKey) -> String { "\(key.flow):\(key.step):rebounds" }
}

import Foundation
import JSHostCore
import ServiceLifecycle
import SnapshotStore

/// Where a step's dispatcher takes its messages from, and whom it tells what happened to them. Two fill it: the
/// store's own queues (`StoreQueues`, one host, or several sharing a store) and a message broker between hosts
/// (`jshost serve --broker`, BrokerQueues' `AMQPStepBroker`). Either way the store holds each queued message
/// until the run that takes it commits (see `QueuePublishing`): a broker carries messages between hosts, the
/// store decides what happened, exactly once.
///
/// A broker is a service of the service group (`ServiceHost`): its `run` does its own work for as long as the
/// service runs (RabbitMQ's relays what the store queued to the broker) and, at the group's graceful shutdown, lets
/// go of its connections; what is not taken stays queued. The group ends its services in reverse order, so the
/// broker ends after the flows drained, and their last commits were settled with it.
public protocol StepBroker: Service {
    /// Declares the steps' queues and starts taking their deliveries; `delivered` is told of a step that has new
    /// messages. Only `consuming`'s queues are taken from (a stopped flow's are left to other hosts).
    func start(steps: [StepKey], consuming: Set<StepKey>, delivered: @escaping @Sendable (StepKey) -> Void) async throws
    /// The steps whose queues this host takes from now on: a flow stopped here lets its queues go, so another host
    /// that runs it takes its messages; a flow started again takes them back.
    func consume(_ steps: Set<StepKey>)
    /// Up to `limit` of the step's ready messages, oldest first, each still queued in the store. They stay the
    /// step's until `taken`.
    func next(for key: StepKey, limit: Int) async throws -> [QueuedMessage]
    /// When the step's next message is due (a rebound's back-off), for a step with none ready; nil when there is
    /// none to wait for, or when its arrival will wake the step by itself.
    func nextDue(for key: StepKey) async -> Date?
    /// The messages' runs committed (or they were consumed before).
    func taken(_ ids: [Int64], of key: StepKey)
    /// The dispatcher is done with these messages of `next` for now: those not `taken` wait for its next try.
    func released(_ ids: [Int64], of key: StepKey)
    /// What the commit of the run that takes the message consumes, so that it runs once.
    func consumption(of message: QueuedMessage) -> MessageConsumption
    /// A commit was refused because a run of the step consumed this message id before (see
    /// `QueuedMessage.deliveredMessageID`).
    func alreadyConsumed(messageID: String, of key: StepKey)
    /// A commit or a trigger queued messages in the store for these steps.
    func queued(for steps: [StepKey])
}

extension StepBroker {
    /// A broker whose messages stay its until `taken` has nothing to do here.
    public func released(_ ids: [Int64], of key: StepKey) {}

    public func consumption(of message: QueuedMessage) -> MessageConsumption {
        message.deliveredMessageID.map(MessageConsumption.messageID) ?? .queueRow(message.id)
    }
}

/// How a run's commit consumes the message it ran.
public enum MessageConsumption: Sendable, Equatable {
    /// Its row in the store's queue, which must still be there.
    case queueRow(Int64)
    /// The id another program gave a message a broker delivered (`QueuedMessage.deliveredMessageID`): recorded,
    /// and refused a second time.
    case messageID(String)
    /// Nothing in the store: the broker holds the message in memory and hands it to one run at a time until `taken`.
    case held
}

import Foundation
import SnapshotStore
import JSHostCore

/// A message broker between a flow's steps (`jshost serve --broker`): each step's queue is the broker's, and a
/// step's dispatcher takes the deliveries of its queue instead of reading the store's. The store still holds each
/// queued message until the run that takes it commits (see `QueuePublishing`): the broker carries messages between
/// hosts, the store decides what happened, exactly once.
public protocol StepBroker: Sendable {
    /// Declares the steps' queues and starts taking their deliveries and publishing what the store queues;
    /// `delivered` is told of a step that has new deliveries.
    /// Only `consuming`'s queues are taken from (a stopped flow's are left to other hosts).
    func start(steps: [StepKey], consuming: Set<StepKey>, delivered: @escaping @Sendable (StepKey) -> Void) async throws
    /// The steps whose queues this host takes from now on: a flow stopped here lets its queues go, so another host
    /// that runs it takes its messages; a flow started again takes them back.
    func consume(_ steps: Set<StepKey>)
    /// Up to `limit` of the step's delivered messages, oldest first, each still queued in the store (a copy whose
    /// message a commit consumed already is acknowledged and left out). They stay delivered until `taken`.
    func next(for key: StepKey, limit: Int) async throws -> [QueuedMessage]
    /// The messages' runs committed (or they were consumed before): their deliveries are acknowledged.
    func taken(_ ids: [Int64], of key: StepKey)
    /// A commit was refused because a run of the step consumed this delivered message id before: its deliveries are
    /// acknowledged (see `QueuedMessage.deliveredMessageID`).
    func alreadyConsumed(messageID: String, of key: StepKey)
    /// The store queued messages: publish them soon.
    func publishSoon()
    /// Stops taking deliveries and publishing; what is unacknowledged goes back to the broker's queues.
    func stop() async
}

import Foundation

/// A message on its way to a step of a flow: queued by the commit of the run that emitted it.
public struct ForwardedMessage: Sendable, Equatable {
    public var to: StepKey
    public var json: String

    public init(to: StepKey, json: String) {
        self.to = to
        self.json = json
    }
}

/// A message waiting in a step's queue.
public struct QueuedMessage: Sendable, Equatable {
    /// Its place in the queue, in the order messages were queued.
    public var id: Int64
    public var key: StepKey
    public var json: String
    /// The run whose commit queued it.
    public var fromRun: String
    /// When it may be taken (later than its queuing for a rebound).
    public var availableAt: Date
    /// How many times it was put back (rebound).
    public var attempts: Int
}

/// The queues between a flow's steps. A run's data messages go to the next steps' queues in the same transaction
/// as the run's commit (`RunCommit.forward`), and the run that takes a queued message removes it in its own commit
/// (`RunCommit.consumes`), which is refused if the message is gone: each message goes into the store exactly once,
/// and a crash between the two leaves it queued, to be taken again.
public protocol StepQueueing: Sendable {
    /// The oldest message of the step's queue that may be taken at `now`; nil when there is none.
    func nextQueued(for key: StepKey, at now: Date) async throws -> QueuedMessage?
    /// The oldest message of any of `keys`' queues that may be taken at `now`, in queuing order across them.
    func nextQueued(among keys: [StepKey], at now: Date) async throws -> QueuedMessage?
    /// How many messages wait for the step.
    func queueDepth(_ key: StepKey) async throws -> Int
}

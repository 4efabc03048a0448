import Foundation
import JSONata
import SnapshotStore
import StepRuntime
import JSHostCore

/// Runs a flow once, from the command line: its trigger with one message, then every message it and the steps
/// after it emit, to the end. Messages between steps go through the store's step queues: each run's commit queues
/// what it sends on and removes what it took, in one transaction, so a flow run that is killed leaves its messages
/// queued, and the next flow run finishes them first, none twice. Steps take their messages in the order they were
/// queued, one at a time, each step warm (loaded once) on this thread.
public final class FlowRunner {
    public let flow: FlowDocument
    private let runners: [String: StepRunner]
    private let queue: any StepQueueing

    /// `runners` holds a runner per step id (made by the caller, who decides how steps are hosted); `queue` is the
    /// store the runners commit to.
    private let expressionLimits: JSONataLimits

    public init(flow: FlowDocument, runners: [String: StepRunner], queue: any StepQueueing, expressionLimits: JSONataLimits = JSONataLimits()) {
        self.flow = flow
        self.runners = runners
        self.queue = queue
        self.expressionLimits = expressionLimits
    }

    /// What a flow run did.
    public struct Summary: Sendable {
        /// Runs per step id, in the order they happened.
        public var runs: [(step: String, outcome: StepOutcome)] = []
        /// Of those, the runs of messages an earlier flow run had left queued.
        public var resumed = 0
        /// Messages left queued for later: rebounds, whose back-off has not passed (a later flow run or
        /// `jshost serve` takes them).
        public var waiting = 0
        public var errors: Int { runs.reduce(0) { $0 + $1.outcome.errorCount } }
    }

    /// A step's run failed (or the queues could not be read: `step` nil); the flow run stops there, with what ran
    /// before it committed and the message still queued.
    public struct Failure: Error, Sendable {
        public var step: String?
        public var error: StepRunError
        public var summary: Summary
    }

    var stepKeys: [StepKey] { flow.nodes.map { StepKey(flow: flow.id, step: $0.id) } }

    /// Finishes what an earlier flow run left queued, then runs the flow's first steps with `message` and every
    /// message downstream.
    public func run(message: String, context: MessageContext = .fresh()) throws(Failure) -> Summary {
        var summary = Summary()
        try drain(&summary, resumed: true)
        for start in flow.startSteps {
            try runOne(step: start.id, message: StepMessage(json: message, context: context), queued: nil, into: &summary)
        }
        try drain(&summary, resumed: false)
        for key in stepKeys {
            summary.waiting += (try? Blocking.wait { [queue] in try await queue.queueDepth(key) }) ?? 0
        }
        return summary
    }

    private func drain(_ summary: inout Summary, resumed: Bool) throws(Failure) {
        while true {
            let keys = stepKeys
            let queued: QueuedMessage?
            do {
                queued = try Blocking.wait { [queue] in try await queue.nextQueued(among: keys, at: Date()) }
            } catch {
                throw Failure(step: nil, error: StepRunError(stage: .read, key: StepKey(flow: flow.id, step: "*"), underlying: error),
                              summary: summary)
            }
            guard let queued else { return }
            try runOne(step: queued.key.step, message: StepMessage(queued: queued), queued: queued.id, into: &summary)
            if resumed { summary.resumed += 1 }
        }
    }

    private func runOne(step: String, message: StepMessage, queued: Int64?, into summary: inout Summary) throws(Failure) {
        guard let runner = runners[step] else { return }
        let forwarding = flow.forwarding(for: step, expressionLimits: expressionLimits)
        runner.routing = forwarding
        let key = flow.key(step)
        let outcome: StepOutcome
        do {
            outcome = try runner.run(message, consumes: queued) { outcome in
                forwarding.messages(from: key, incoming: message, outcome: outcome)
            }
        } catch {
            throw Failure(step: step, error: error, summary: summary)
        }
        summary.runs.append((step, outcome))
    }
}

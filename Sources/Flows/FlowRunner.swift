import ComponentRuntime
import Foundation
import SnapshotStore
import StepRuntime

/// Runs a flow once, from the command line: its trigger with one message, then every message it and the steps
/// after it emit, to the end, each step's run committed as `jshost run` commits one. Steps take their messages in
/// the order they were emitted, one at a time, each step warm (loaded once) on this thread. A flow run is how a
/// developer tries a whole flow; the service queues the same messages durably instead.
public final class FlowRunner {
    public let flow: FlowDocument
    private let runners: [String: StepRunner]
    private let next: [String: [String]]
    private let errorHandler: String?

    /// `runners` holds a runner per step id (made by the caller, who decides how steps are hosted).
    public init(flow: FlowDocument, runners: [String: StepRunner]) {
        self.flow = flow
        self.runners = runners
        var next: [String: [String]] = [:]
        for edge in flow.edges where edge.target != "error_all" { next[edge.source, default: []].append(edge.target) }
        self.next = next
        errorHandler = flow.nodes.first { $0.isErrorHandler }?.id
    }

    /// What a flow run did.
    public struct Summary: Sendable {
        /// Runs per step id, in the order they happened.
        public var runs: [(step: String, outcome: StepOutcome)] = []
        public var errors: Int { runs.reduce(0) { $0 + $1.outcome.errorCount } }
    }

    /// A step's run failed; the flow run stops there, with what ran before it committed.
    public struct Failure: Error, Sendable {
        public var step: String
        public var error: StepRunError
        public var summary: Summary
    }

    /// Runs the flow's first steps with `message`, then every message downstream.
    public func run(message: String, context: MessageContext = .fresh()) throws(Failure) -> Summary {
        var summary = Summary()
        var queue: [(step: String, json: String)] = flow.nodes
            .filter { node in !node.isErrorHandler && !flow.edges.contains { $0.target == node.id } }
            .map { ($0.id, message) }
        while !queue.isEmpty {
            let (step, json) = queue.removeFirst()
            guard let runner = runners[step] else { continue }
            let outcome: StepOutcome
            do {
                outcome = try runner.run(StepMessage(json: json, context: context))
            } catch {
                throw Failure(step: step, error: error, summary: summary)
            }
            summary.runs.append((step, outcome))
            for emitted in outcome.dataMessages {
                for target in next[step] ?? [] {
                    let passthrough = !flow.passthroughDisabled.contains(step)
                    if let msg = Passthrough.next(emitted: emitted, incoming: json, step: step, enabled: passthrough) {
                        queue.append((target, msg))
                    }
                }
            }
            if outcome.errorCount > 0, let errorHandler, errorHandler != step {
                // sailor's error input: {body:{error, errorInput}}, the error as emitted and the message that failed.
                for error in outcome.errorEvents {
                    queue.append((errorHandler, #"{"body":{"error":\#(error),"errorInput":\#(json)},"headers":{}}"#))
                }
            }
        }
        return summary
    }
}

import Foundation
import SnapshotStore
import JSHostCore

/// A run of one message that was not committed here: what its committer (a service's supervisor) needs to
/// commit it.
public struct EvaluatedRun: Sendable {
    public var startedAt: Date
    public var endedAt: Date
    public var outcome: StepOutcome
    public var cfgFingerprint: String
    public var inputHash: String

    public init(startedAt: Date, endedAt: Date, outcome: StepOutcome, cfgFingerprint: String, inputHash: String) {
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.cfgFingerprint = cfgFingerprint
        self.inputHash = inputHash
    }

    /// The run's commit, under `lease`, taking the queued message `consumes` and queuing `forward`; `id` names the
    /// run (a service names it after the message it ran, whose id the component's log lines carry).
    public func commit(id: String, key: StepKey, lease: Lease?, consumes: Int64?, forward: [ForwardedMessage]) -> RunCommit {
        var run = RunCommit(id: id, key: key, startedAt: startedAt, endedAt: endedAt, outcome: outcome.recordedOutcome,
                            inputHash: inputHash, outbox: outcome.dataMessages, snapshot: outcome.snapshotChange,
                            cfgFingerprint: cfgFingerprint, errorCount: outcome.errorCount, lease: lease, keepsLease: true)
        run.consumes = consumes
        run.forward = forward
        return run
    }
}

extension StepRunner {
    /// Runs messages one after another without committing: each starts from the snapshot the one before left (the
    /// first from the stored one), as if each had been committed. The caller holds the step's lease and commits
    /// them, all together or a prefix. A message that fails (a timeout, process.exit) ends the group there: the
    /// runs before it are returned with the failure. `willRun` is called before each message with its index.
    public func evaluate(_ messages: [StepMessage], willRun: (Int) -> Void = { _ in }) -> (runs: [EvaluatedRun], failure: StepRunError?) {
        var current: StepState?
        do {
            current = try readState(checked: true)
        } catch {
            return ([], error)
        }
        let cfgFingerprint = Digests.fingerprint(ofJSON: definition.cfgJSON)
        var runs: [EvaluatedRun] = []
        for (index, message) in messages.enumerated() {
            willRun(index)
            let startedAt = Date()
            do throws(StepRunError) {
                let outcome = try runOnce(message, stored: current, cfgFingerprint: cfgFingerprint, routes: false)
                runs.append(EvaluatedRun(startedAt: startedAt, endedAt: Date(), outcome: outcome, cfgFingerprint: cfgFingerprint,
                                         inputHash: Digests.sha256(message.json)))
                switch outcome.snapshotChange {
                case .unchanged: break
                case .replace(let json):
                    current = StepState(key: key, version: (current?.version ?? 0) + 1, json: json, sha256: nil,
                                        cfgFingerprint: cfgFingerprint, updatedAt: Date())
                case .clear:
                    current = StepState(key: key, version: (current?.version ?? 0) + 1, json: nil, sha256: nil,
                                        cfgFingerprint: cfgFingerprint, updatedAt: Date())
                }
            } catch {
                return (routed(runs, messages), error)
            }
        }
        return (routed(runs, messages), nil)
    }

    /// The runs with their data messages routed over the step's edges, in one go.
    private func routed(_ runs: [EvaluatedRun], _ messages: [StepMessage]) -> [EvaluatedRun] {
        var outcomes = runs.map(\.outcome)
        route(&outcomes, incoming: Array(messages.prefix(runs.count)))
        var result = runs
        for index in result.indices { result[index].outcome = outcomes[index] }
        return result
    }
}

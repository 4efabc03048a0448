import Foundation
import SnapshotStore
import JSHostCore

/// What a supervisor and its worker process say to each other: one JSON document per line, the supervisor's on
/// the worker's stdin, the worker's on its stdout (the component's own output goes to stderr).
enum WorkerProtocol {
    /// Supervisor → worker.
    struct Request: Codable {
        /// `start` (a slot's first), then `run`, `evaluate` or `hook`; `drop` ends the slot.
        var type: String
        /// Which of the process's steps the request is for (each has its own thread and engine); 0 when omitted.
        var slot: Int?
        /// On `start`: whether the process serves several steps (then an aborting or exiting component ends
        /// only its own engine, and each engine watches its heap).
        var shared: Bool?
        var step: WorkerStep?
        /// The lease owner's worker name.
        var worker: String?
        var id: Int?
        var message: String?
        var context: Context?
        /// The queued message the run takes (its commit removes it).
        var consumes: Int64?
        /// For `hook`: `startup` or `shutdown` (`message` is the startup data for shutdown).
        var hook: String?
        /// For `evaluate`: the messages to run in turn, committing nothing.
        var items: [Item]?
    }

    struct Item: Codable {
        var message: String
        var context: Context
    }

    /// An evaluated run: its outcome, and what its committer needs besides.
    struct Run: Codable {
        var outcome: Outcome
        var startedAt: Double
        var endedAt: Double
        var cfgFingerprint: String
        var inputHash: String
    }

    /// A message's context on the wire: `MessageContext` as it is (its ids and headers under their own names).
    typealias Context = MessageContext

    /// Worker → supervisor.
    struct Reply: Codable {
        /// `event`, `progress` (the next message of an `evaluate` starts), `outcome`, `result` (a hook's, in
        /// `json`), `evaluated` or `failure`.
        var type: String
        var id: Int
        var event: String?
        var json: String?
        var outcome: Outcome?
        var failure: Failure?
        /// An event's message (for `evaluate`, which runs several).
        var context: Context?
        /// For `evaluated`: the runs, in order; a `failure` beside them is the next message's.
        var runs: [Run]?
    }

    struct Outcome: Codable {
        /// completed, completed-with-errors or init-failed.
        var completion: String
        var errorCount: Int
        var dataMessages: [String]
        /// unchanged, clear or replace (with `snapshotJSON`).
        var snapshot: String
        var snapshotJSON: String?
        var runID: String?
        var snapshotVersion: Int?
        var snapshotChanged: Bool?
        var errorEvents: [String]?
        var reboundEvents: [String]?
        var routed: [RoutedMessage]?
        var unrouted: Int?
    }

    struct Failure: Codable {
        var code: String
        var message: String
        /// After this failure the step's engine is let go (process.exit, its heap over its limit): the next
        /// message starts a fresh one.
        var workerEnds: Bool
    }

    static func encode<T: Encodable>(_ value: T) -> Data {
        // JSONEncoder writes no raw newline without .prettyPrinted: one document, one line.
        var data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

extension WorkerProtocol.Outcome {
    init(_ outcome: StepOutcome) {
        completion = outcome.recordedOutcome
        errorCount = outcome.errorCount
        dataMessages = outcome.dataMessages
        switch outcome.snapshotChange {
        case .unchanged: snapshot = "unchanged"
        case .clear: snapshot = "clear"
        case .replace(let json): snapshot = "replace"; snapshotJSON = json
        }
        runID = outcome.receipt?.runID
        snapshotVersion = outcome.receipt?.snapshotVersion
        snapshotChanged = outcome.receipt?.snapshotChanged
        errorEvents = outcome.errorEvents
        reboundEvents = outcome.reboundEvents
        routed = outcome.routed
        unrouted = outcome.unrouted == 0 ? nil : outcome.unrouted
    }

    var stepOutcome: StepOutcome {
        let completion = StepOutcome.Completion(rawValue: self.completion) ?? .completed
        let change: RunCommit.SnapshotChange = switch snapshot {
        case "clear": .clear
        case "replace": .replace(json: snapshotJSON ?? "null")
        default: .unchanged
        }
        let receipt = runID.map {
            CommitReceipt(runID: $0, snapshotVersion: snapshotVersion ?? 0, snapshotChanged: snapshotChanged ?? false)
        }
        var outcome = StepOutcome(completion: completion, errorCount: errorCount, dataMessages: dataMessages,
                                  snapshotChange: change, stored: nil, receipt: receipt)
        outcome.errorEvents = errorEvents ?? []
        outcome.reboundEvents = reboundEvents ?? []
        outcome.routed = routed
        outcome.unrouted = unrouted ?? 0
        return outcome
    }
}

extension WorkerProtocol.Run {
    init(_ run: EvaluatedRun) {
        outcome = WorkerProtocol.Outcome(run.outcome)
        startedAt = run.startedAt.timeIntervalSince1970
        endedAt = run.endedAt.timeIntervalSince1970
        cfgFingerprint = run.cfgFingerprint
        inputHash = run.inputHash
    }

    var evaluatedRun: EvaluatedRun {
        EvaluatedRun(startedAt: Date(timeIntervalSince1970: startedAt), endedAt: Date(timeIntervalSince1970: endedAt),
                     outcome: outcome.stepOutcome, cfgFingerprint: cfgFingerprint, inputHash: inputHash)
    }
}

import Foundation
import JSHostCore

/// What a completed run commits, all in one transaction.
public struct RunCommit: Sendable {
    public enum SnapshotChange: Sendable, Equatable {
        /// The run emitted no snapshot: the stored one stays.
        case unchanged
        case replace(json: String)
        /// `emit('snapshot', null)`, or a reset asked for with the run.
        case clear
    }
    public var id: String
    public var key: StepKey
    public var startedAt: Date
    public var endedAt: Date
    /// completed, completed-with-errors, init-failed.
    public var outcome: String
    /// sha256 of the input message's JSON.
    public var inputHash: String
    /// The data messages emitted, in order, as JSON.
    public var outbox: [String]
    public var snapshot: SnapshotChange
    public var cfgFingerprint: String?
    public var errorCount: Int
    /// The run's lease; the commit is refused unless the step's lease is still this one (owner and fence).
    public var lease: Lease?
    /// For a batch of a stream: where in the input it got to, and the input line of each outbox message.
    public var input: InputPosition?
    public var outboxLines: [Int]
    /// A stream keeps its lease between batches; a single run gives it back with its commit.
    public var keepsLease: Bool
    /// Messages for the next steps of a flow, queued in the same transaction (see StepQueueing).
    public var forward: [ForwardedMessage] = []
    /// The queued message this run took; the commit removes it, and is refused if another run took it first.
    public var consumes: Int64?
    /// The id of the message this run took from outside the store (a broker's delivery): recorded with the commit,
    /// which is refused if a run of the step committed that id before, so a redelivered message, run again on any
    /// host, changes the store once.
    public var consumesMessageID: String?

    public init(id: String = RandomUUID.make(), key: StepKey, startedAt: Date, endedAt: Date, outcome: String,
                inputHash: String, outbox: [String], snapshot: SnapshotChange, cfgFingerprint: String?, errorCount: Int,
                lease: Lease?, input: InputPosition? = nil, outboxLines: [Int] = [], keepsLease: Bool = false) {
        self.id = id
        self.key = key
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.inputHash = inputHash
        self.outbox = outbox
        self.snapshot = snapshot
        self.cfgFingerprint = cfgFingerprint
        self.errorCount = errorCount
        self.lease = lease
        self.input = input
        self.outboxLines = outboxLines
        self.keepsLease = keepsLease
    }
}

/// How far a stream of input lines has been committed: the last line whose effects are in the store.
public struct InputPosition: Sendable, Equatable {
    /// Names the input (an absolute file path, or `stdin`).
    public var stream: String
    public var line: Int
    public init(stream: String, line: Int) {
        self.stream = stream
        self.line = line
    }
}

public struct CommitReceipt: Sendable, Equatable {
    public var runID: String
    /// The step's version after the commit (unchanged when the run emitted no snapshot).
    public var snapshotVersion: Int
    public var snapshotChanged: Bool

    public init(runID: String, snapshotVersion: Int, snapshotChanged: Bool) {
        self.runID = runID
        self.snapshotVersion = snapshotVersion
        self.snapshotChanged = snapshotChanged
    }
}

/// A committed run as recorded.
public struct RunRecord: Sendable, Equatable {
    public var id: String
    public var key: StepKey
    public var startedAt: Date
    public var endedAt: Date
    public var outcome: String
    public var inputHash: String
    /// The version this run wrote, or nil when it left the snapshot alone.
    public var snapshotVersion: Int?
    public var dataCount: Int
    public var errorCount: Int

    package init(id: String, key: StepKey, startedAt: Date, endedAt: Date, outcome: String, inputHash: String,
                 snapshotVersion: Int?, dataCount: Int, errorCount: Int) {
        self.id = id
        self.key = key
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.inputHash = inputHash
        self.snapshotVersion = snapshotVersion
        self.dataCount = dataCount
        self.errorCount = errorCount
    }
}

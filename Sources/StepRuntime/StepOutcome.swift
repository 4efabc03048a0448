import Foundation
import SnapshotStore

/// What a run of one message did.
public struct StepOutcome: Sendable {
    /// The raw value is the word the run record keeps (and a worker reports).
    public enum Completion: String, Sendable, Equatable {
        /// `end`, or idle after the last callback, without error events.
        case completed
        /// It completed but emitted error events.
        case completedWithErrors = "completed-with-errors"
        /// `init(cfg)` failed; `process` was not called and the snapshot stays.
        case initFailed = "init-failed"
    }
    public var completion: Completion
    public var errorCount: Int
    /// The data messages emitted, in order, as JSON.
    public var dataMessages: [String]
    /// The error events emitted, in order, as JSON (sailor's `{name, message, stack}`).
    public var errorEvents: [String] = []
    /// The rebound events emitted, in order, as JSON (their reasons).
    public var reboundEvents: [String] = []
    /// Where the data messages go when the step's edges have conditions or mappers (decided where the step ran,
    /// by its JSONata engine); nil: to every next step, as emitted.
    public var routed: [RoutedMessage]?
    /// Data messages no condition let through, with no default edge to take them.
    public var unrouted = 0
    /// What the run does to the snapshot.
    public var snapshotChange: RunCommit.SnapshotChange
    /// The step's record the run started from.
    public var stored: StepState?
    /// The commit, when the mode was `.commit`.
    public var receipt: CommitReceipt?

    public init(completion: Completion, errorCount: Int, dataMessages: [String], snapshotChange: RunCommit.SnapshotChange,
                stored: StepState? = nil, receipt: CommitReceipt? = nil) {
        self.completion = completion
        self.errorCount = errorCount
        self.dataMessages = dataMessages
        self.snapshotChange = snapshotChange
        self.stored = stored
        self.receipt = receipt
    }

    /// The word the run record keeps.
    public var recordedOutcome: String { completion.rawValue }
}

import Foundation

/// What the store keeps only to look back on, and for how long: run records (with the data messages of each run,
/// its outbox row), delivered outbox rows, webhook answers nobody took, and the ids of consumed broker messages.
/// Snapshots, their history (`historyDepth`), the audit trail, queued messages and keys are never pruned.
public struct RetentionPolicy: Sendable, Equatable {
    /// The newest run records kept per step; older ones go, with their outbox rows.
    public var runsPerStep = 1_000
    /// Run records older than this go, whatever their number.
    public var runAge: TimeInterval = 7 * 86_400
    /// An answer a webhook caller on another host never took.
    public var answerAge: TimeInterval = 3_600
    /// The newest consumed message ids kept per step (a broker's redelivery is refused by them).
    public var messageIDsPerStep = 100_000
    public var messageIDAge: TimeInterval = 7 * 86_400

    public init() {}
}

/// What a prune removed (or, dry, would remove).
public struct PruneReport: Sendable, Equatable, CustomStringConvertible {
    public var runs = 0
    /// Outbox rows removed: with their runs, and delivered ones on their own.
    public var outboxRows = 0
    public var webhookAnswers = 0
    public var messageIDs = 0
    /// Bytes the file gave back to the file system (SQLite's incremental vacuum; 0 where the database does it).
    public var bytesReleased: Int64 = 0

    public init() {}

    public var isEmpty: Bool { runs == 0 && outboxRows == 0 && webhookAnswers == 0 && messageIDs == 0 }

    public var description: String {
        "\(runs) run records, \(outboxRows) outbox rows, \(webhookAnswers) webhook answers, \(messageIDs) consumed message ids"
    }
}

/// One table's size: its rows and the bytes it and its indexes take.
public struct TableSize: Sendable, Equatable {
    public var table: String
    public var rows: Int
    public var bytes: Int64

    public init(table: String, rows: Int, bytes: Int64) {
        self.table = table
        self.rows = rows
        self.bytes = bytes
    }
}

/// Keeping the store bounded: pruning by a `RetentionPolicy`, and its size per table.
public protocol StoreMaintaining: Sendable {
    /// Removes what the policy no longer keeps, in short transactions so that commits are not held up; with
    /// `dryRun`, only counts it.
    func prune(_ policy: RetentionPolicy, now: Date, dryRun: Bool) async throws -> PruneReport
    /// Every table's rows and bytes, indexes counted with their table.
    func tableSizes() async throws -> [TableSize]
    /// What the operator should do once for pruning to give space back (a store made by an older jshost), or nil.
    func pruningAdvice() async throws -> String?
}

extension RetentionPolicy {
    /// Rows removed per transaction.
    package static let batch = 2_000
}

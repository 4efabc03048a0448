import Foundation

/// Where snapshots live: one value per (flow, step), the newest replacing the last, with the history, the
/// committed runs and their outboxes, an audit trail of manual changes, and a lease per running step.
///
/// Guarantees every implementation keeps (the contract suite in Tests/SnapshotStoreTests checks them):
/// - `commit` writes the run record, its outbox and its snapshot in one transaction, or nothing;
/// - a step's version only grows; nothing larger than `limit` is ever stored;
/// - manual changes are refused while a live run holds the step's lease, and are audited;
/// - of two writers racing with the same expected version, exactly one wins.
public protocol SnapshotStore: Sendable {
    var limit: SnapshotLimit { get }
    /// How many versions per step are kept.
    var historyDepth: Int { get }

    /// The step's current value; nil when nothing is stored or it was cleared.
    func get(_ key: StepKey) throws -> StoredSnapshot?
    /// The step's record, cleared or not; nil when the step was never written.
    func state(_ key: StepKey) throws -> StepState?
    /// Current values (not cleared ones), ordered by flow then step.
    func list(flow: String?) throws -> [StoredSnapshot]

    /// Commits a completed run atomically. Throws `leaseLost` if the run's lease is no longer its own.
    @discardableResult
    func commit(_ run: RunCommit) throws -> CommitReceipt
    /// Applies a manual change (set, reset, rollback) with compare-and-set and an audit entry.
    @discardableResult
    func apply(_ change: ManualChange) throws -> StepState
    /// Imports snapshots as manual changes, all or none.
    @discardableResult
    func importSnapshots(_ items: [ExportedSnapshot], actor: Actor, reason: String?) throws -> Int

    /// Kept versions, newest first.
    func history(_ key: StepKey) throws -> [SnapshotVersion]
    func version(_ key: StepKey, _ version: Int) throws -> SnapshotVersion?
    /// Audit entries, oldest first; of one step, or of all.
    func audit(_ key: StepKey?) throws -> [AuditEntry]
    /// Committed runs of a step, oldest first.
    func runs(_ key: StepKey) throws -> [RunRecord]
    func outbox(runID: String) throws -> [String]
    /// The outbox of a step as (input line, message), in commit order: what streams committed.
    func outboxLines(_ key: StepKey) throws -> [(line: Int?, message: String)]
    /// The last input line of `stream` committed for the step; nil when none was.
    func inputPosition(_ key: StepKey, stream: String) throws -> Int?

    /// Takes the step's lease for `owner`, reclaiming it from a dead owner. Throws `stepBusy` if a live one holds it.
    func acquireLease(_ key: StepKey, owner: LeaseOwner) throws
    /// Gives the lease back if `owner` holds it.
    func releaseLease(_ key: StepKey, owner: LeaseOwner) throws
    func lease(_ key: StepKey) throws -> LeaseInfo?
}

import Foundation
import JSHostCore

// The store by role: each caller depends on the part it uses. The command line and the HTTP API read and edit;
// a step runtime commits runs; a transport drains the outbox. Every call is async and never blocks the caller's
// thread on I/O, so services can call them from Swift concurrency's pool.
//
// Guarantees every implementation keeps (the contract suite in Tests/SnapshotStoreTests checks them):
// - `commit` writes the run record, its outbox and its snapshot in one transaction, or nothing;
// - a commit made with a lease is refused unless that lease (owner and fence) is still the step's;
// - a step's version only grows; nothing larger than `limit` is ever stored;
// - manual changes are refused while a live run holds the step's lease, and are audited with their editor;
// - of two writers racing with the same expected version, exactly one wins;
// - readers never wait behind a commit.

/// Reading snapshots, their history, runs and audit.
public protocol SnapshotReading: Sendable {
    var limit: SnapshotLimit { get }
    /// How many versions per step are kept.
    var historyDepth: Int { get }

    /// The step's current value; nil when nothing is stored or it was cleared.
    func get(_ key: StepKey) async throws -> StoredSnapshot?
    /// The step's record, cleared or not; nil when the step was never written.
    func state(_ key: StepKey) async throws -> StepState?
    /// Current values (not cleared ones), ordered by flow then step.
    func list(flow: String?) async throws -> [StoredSnapshot]
    /// Kept versions, newest first.
    func history(_ key: StepKey) async throws -> [SnapshotVersion]
    func version(_ key: StepKey, _ version: Int) async throws -> SnapshotVersion?
    /// Audit entries, oldest first; of one step, or of all.
    func audit(_ key: StepKey?) async throws -> [AuditEntry]
    /// Committed runs of a step, oldest first.
    func runs(_ key: StepKey) async throws -> [RunRecord]
    /// The step's last `limit` runs, newest first.
    func recentRuns(_ key: StepKey, limit: Int) async throws -> [RunRecord]
    func outbox(runID: String) async throws -> [String]
    /// The outbox of a step as (input line, message), in commit order: what streams committed.
    func outboxLines(_ key: StepKey) async throws -> [(line: Int?, message: String)]
    /// The last input line of `stream` committed for the step; nil when none was.
    func inputPosition(_ key: StepKey, stream: String) async throws -> Int?
    /// The step's lease as stored (it may have expired); nil when nobody has it.
    func lease(_ key: StepKey) async throws -> Lease?
}

/// Running steps: leases as tokens, and the commit of a run.
public protocol RunCommitting: Sendable {
    var limit: SnapshotLimit { get }
    /// Takes the step's lease for `owner` for `timeToLive`, from nobody, from an owner whose lease expired or whose
    /// process is gone, or again from itself. Throws `stepBusy` when another owner holds it.
    func acquireLease(_ key: StepKey, owner: LeaseOwner, timeToLive: Duration) async throws -> Lease
    /// The heartbeat: extends the lease by `timeToLive` from now. Throws `leaseLost` if it is no longer `lease`.
    func renewLease(_ lease: Lease, timeToLive: Duration) async throws -> Lease
    /// Gives the lease back if it is still `lease`.
    func releaseLease(_ lease: Lease) async throws
    /// Commits a completed run atomically. Throws `leaseLost` if the run's lease is no longer its own.
    @discardableResult
    func commit(_ run: RunCommit) async throws -> CommitReceipt
}

/// Changes made by hand, each with its editor, compare-and-set and an audit entry.
public protocol SnapshotEditing: Sendable {
    @discardableResult
    func apply(_ change: ManualChange) async throws -> StepState
    /// Imports snapshots as manual changes, all or none.
    @discardableResult
    func importSnapshots(_ items: [ExportedSnapshot], editor: Editor, reason: String?) async throws -> Int
}

/// Delivering committed data messages: pending ones after a position, acknowledged by id.
public protocol OutboxDraining: Sendable {
    /// Up to `limit` messages after `position` not yet acknowledged, in commit order.
    func pendingMessages(after position: OutboxPosition, limit: Int) async throws -> [OutboxMessage]
    /// Marks messages delivered; acknowledging one twice, or one that does not exist, does nothing.
    func acknowledge(_ positions: [OutboxPosition]) async throws
}

/// A whole store: every role.
public typealias SnapshotStore = SnapshotReading & RunCommitting & SnapshotEditing & OutboxDraining & StepQueueing & CredentialKeeping

/// What `jshost serve` needs of a store: every role, API keys, flow states, group commits, webhook answers, pruning
/// by its retention policy, the queues as a broker's outbox, and what it can do (`StoreDescribing`).
public typealias ServiceStore = SnapshotStore & ApiKeyKeeping & FlowStateKeeping & GroupCommitting & WebhookAnswerKeeping
    & StoreMaintaining
    & QueuePublishing
    & StoreDescribing

/// The operations a step runner needs, done on the calling thread. A runner lives on a thread of its own (its
/// engine's) and waits for the store either way; a store that can do the work right there (SQLite) spares it
/// the trip through async code and other threads, which is most of what a cold run's store calls cost.
/// Stores without it (a network database) are reached through `Blocking`.
public protocol SynchronousStepStore: SnapshotReading, RunCommitting {
    func acquireLeaseNow(_ key: StepKey, owner: LeaseOwner, timeToLive: Duration) throws -> Lease
    func renewLeaseNow(_ lease: Lease, timeToLive: Duration) throws -> Lease
    func releaseLeaseNow(_ lease: Lease) throws
    func commitNow(_ run: RunCommit) throws -> CommitReceipt
    /// The step's record as the run starts; may be read where the run's writes go.
    func stateNow(_ key: StepKey) throws -> StepState?
    func inputPositionNow(_ key: StepKey, stream: String) throws -> Int?
}

import Foundation
import JSHostCore
import SnapshotStore
import Synchronization

/// Every store role held in this process's memory, behind the same contract suite as the SQLite and PostgreSQL
/// stores: for tests that want a store without a file or a server, and for programs that embed the service and keep
/// nothing. Nothing survives the process, and another process cannot open it (its location opens this same object
/// again), so the command line does not offer it: `serve`'s workers are processes of their own.
///
/// A transaction is one hold of the lock: each operation checks everything that can refuse it before it changes
/// anything, so a refused write leaves the state as it was. The roles are in the `Memory*.swift` files beside this.
public final class MemorySnapshotStore: Sendable {
    public let limit: SnapshotLimit
    public let historyDepth: Int
    let state = Mutex(MemoryState())

    /// One process's store: other hosts cannot reach it.
    public var capabilities: StoreCapabilities { StoreCapabilities(sharedByHosts: false) }

    public init(limit: SnapshotLimit = .elasticio, historyDepth: Int = SnapshotHistory.defaultDepth) {
        self.limit = limit
        self.historyDepth = max(1, historyDepth)
    }

    /// Where this store is, for a service's configuration: opening it gives this same store back (in this process only).
    public var location: StoreLocation {
        let text = "memory:\(ObjectIdentifier(self).hashValue)"
        return StoreLocation(text: text, description: "memory (this process)", opener: StoreOpener { [self] location, _, _ in
            guard location == text else {
                throw SnapshotStoreError.cannotOpen(path: location, reason: "an in-memory store opens only in the process that made it")
            }
            return self
        })
    }

    /// Runs `body` as one transaction: it must throw before it changes anything, or not at all.
    func transaction<Result>(_ body: (inout MemoryState) throws -> Result) rethrows -> Result {
        try state.withLock { try body(&$0) }
    }
}

extension MemorySnapshotStore: StoreDescribing {}

/// The tables, as the other stores name them (`tableSizes` reports these names).
struct MemoryState {
    struct RunRow {
        var rowID: Int64
        var record: RunRecord
    }

    struct OutboxRow {
        var seq: Int64
        var runID: String
        var key: StepKey
        var messages: [String]
        /// The input line of each message, for a stream's batch; nil otherwise.
        var inputLines: [Int]?
    }

    struct QueueRow {
        var message: QueuedMessage
        var thread: String?
        var published = false
        var claimedUntil: Date?
    }

    struct ConsumedID {
        var runID: String
        var at: Date
    }

    struct Answer {
        var answer: String?
        var createdAt: Date
    }

    struct KeyRow {
        var key: ApiKey
        var hash: String
    }

    var steps: [StepKey: StepState] = [:]
    /// Kept versions per step, oldest first.
    var versions: [StepKey: [SnapshotVersion]] = [:]
    var leases: [StepKey: StoredLease] = [:]
    /// In commit order.
    var runs: [RunRow] = []
    var lastRunRowID: Int64 = 0
    /// In commit order; a number is never given twice.
    var outbox: [OutboxRow] = []
    var lastOutboxSeq: Int64 = 0
    var acknowledged: [Int64: Set<Int>] = [:]
    var delivered: Set<Int64> = []
    var audit: [AuditEntry] = []
    var inputPositions: [StepKey: [String: Int]] = [:]
    /// In queue order; a number is never given twice.
    var queue: [QueueRow] = []
    var lastQueueID: Int64 = 0
    var consumed: [StepKey: [String: ConsumedID]] = [:]
    var credentials: [String: StoredCredentials] = [:]
    var flowStates: [String: FlowState] = [:]
    var apiKeys: [String: KeyRow] = [:]
    var answers: [String: Answer] = [:]
}

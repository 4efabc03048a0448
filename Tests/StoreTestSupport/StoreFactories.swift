import Foundation
import MemoryStore
import PostgresStore
import SQLiteStore
import SnapshotStore
import TestSupport

/// A way to make a fresh, empty store: the contract suite (SnapshotStoreTests) runs against each, and each driver's
/// own tests use theirs.
public struct StoreFactory: Sendable, CustomTestStringConvertible {
    public var name: String
    public var make: @Sendable (_ limit: SnapshotLimit, _ historyDepth: Int) async throws -> any ServiceStore
    /// A second handle on the same store, as another process would have.
    public var reopen: @Sendable (_ store: any SnapshotStore) async throws -> any SnapshotStore

    public var testDescription: String { name }

    public static let sqlite = StoreFactory(
        name: "SQLite",
        make: { limit, depth in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-contract-\(UUID().uuidString)")
            return try SQLiteSnapshotStore(path: directory.appendingPathComponent("state.sqlite").path, limit: limit, historyDepth: depth)
        },
        reopen: { store in
            let sqlite = store as! SQLiteSnapshotStore
            return try SQLiteSnapshotStore(path: sqlite.path, limit: sqlite.limit, historyDepth: sqlite.historyDepth)
        })

    /// A new database on one PostgreSQL server the suite shares (started on first use).
    public static let postgres = StoreFactory(
        name: "PostgreSQL",
        make: { limit, depth in
            try await PostgresSnapshotStore(url: try SharedPostgres.server().newDatabase(), limit: limit, historyDepth: depth)
        },
        reopen: { store in
            let postgres = store as! PostgresSnapshotStore
            return try await PostgresSnapshotStore(url: try SharedPostgres.server().url(database: postgres.address.database),
                                                   limit: postgres.limit, historyDepth: postgres.historyDepth)
        })

    /// The store in this process's memory; a second handle is the same object, as it is for its location.
    public static let memory = StoreFactory(
        name: "memory",
        make: { limit, depth in MemorySnapshotStore(limit: limit, historyDepth: depth) },
        reopen: { store in store })

    public static let all = [sqlite, postgres, memory]
}

import Testing
import JSHostCore

extension StoreFactory {
    public func store(limit: SnapshotLimit = .elasticio, historyDepth: Int = 50) async throws -> any ServiceStore {
        try await make(limit, historyDepth)
    }
}

public let key = StepKey(flow: "local", step: "counter.count")
public let tester = Editor.user("tester", pid: getpid())

public func set(_ store: any SnapshotStore, _ json: String, expected: Int? = nil, reason: String? = nil, key: StepKey = key) async throws -> StepState {
    try await store.apply(ManualChange(key: key, action: .set(json: json), expectedVersion: expected, editor: tester, reason: reason))
}

public func run(_ json: String?, outbox: [String] = [], key: StepKey = key, lease: Lease? = nil, clear: Bool = false,
         keepsLease: Bool = false) -> RunCommit {
    RunCommit(key: key, startedAt: Date(), endedAt: Date(), outcome: "completed", inputHash: Digests.sha256("{}"),
              outbox: outbox, snapshot: clear ? .clear : (json.map { .replace(json: $0) } ?? .unchanged),
              cfgFingerprint: Digests.fingerprint(ofJSON: "{}"), errorCount: 0, lease: lease, keepsLease: keepsLease)
}

/// A process that has exited, so its pid is dead (and reaped).
public func deadOwner() throws -> LeaseOwner {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return LeaseOwner(host: ProcessIdentity.hostName, pid: process.processIdentifier, startTime: "1", worker: "main")
}

/// A live process other than this one: the parent of the test runner.
public var liveOtherOwner: LeaseOwner {
    LeaseOwner(host: ProcessIdentity.hostName, pid: getppid(), startTime: ProcessIdentity.startTime(of: getppid()) ?? "", worker: "main")
}

import Foundation
import GRDB
import JSHostCore
import SnapshotStore

/// The embedded default store: one SQLite file through GRDB, in WAL mode with `synchronous=FULL`, so a commit
/// that returned is on disk and a crash at any point leaves either all of a transaction or none of it. A pool
/// of connections: readers see the last commit and never wait behind the one being written.
///
/// Its roles are in SQLiteReading, SQLiteLeases and SQLiteRunCommits, SQLiteEditing, SQLiteOutbox, SQLiteStepQueue
/// and SQLiteCredentials.
public final class SQLiteSnapshotStore: Sendable {
    public let limit: SnapshotLimit
    public let historyDepth: Int
    public let path: String
    let database: DatabasePool

    /// One machine's store: the processes of one host share it, other hosts do not.
    public var capabilities: StoreCapabilities { StoreCapabilities(sharedByHosts: false) }

    /// Opens (creating when needed) the store at `path`; its folder is created too.
    public init(path: String, limit: SnapshotLimit = .elasticio, historyDepth: Int = SnapshotHistory.defaultDepth) throws {
        self.path = path
        self.limit = limit
        self.historyDepth = max(1, historyDepth)
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            // A new file is made under the folder's lock, so processes opening it at once take turns; an existing
            // one opens without it, unless it was found busy in the middle of being made. Either can still find
            // the file busy for a moment where SQLite does not wait (the switch to WAL mode, while a process that
            // saw the file exist opens it unlocked): then it takes its turn under the lock again, a few times.
            let underLock = { try StoreFolderLock.holding(for: path) { try Self.openPool(path, folderLocked: true) } }
            if FileManager.default.fileExists(atPath: path) {
                do {
                    database = try Self.openPool(path, folderLocked: false)
                } catch let error as DatabaseError where Self.isBusy(error) {
                    database = try Self.retryingWhileBusy(underLock)
                }
            } else {
                database = try Self.retryingWhileBusy(underLock)
            }
        } catch let error as SnapshotStoreError {
            throw error
        } catch let error as DatabaseError {
            throw SnapshotStoreError.cannotOpen(path: path, reason: error.message ?? error.description)
        } catch {
            throw SnapshotStoreError.cannotOpen(path: path, reason: error.localizedDescription)
        }
    }

    private static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// `open`, tried again after a short wait while the file is busy, for up to about two seconds.
    private static func retryingWhileBusy(_ open: () throws -> DatabasePool) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try open()
            } catch let error as DatabaseError where isBusy(error) && attempt < 20 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    /// The file's pool in WAL mode, its writer durable, its tables brought up to this jshost's layout.
    private static func openPool(_ path: String, folderLocked: Bool) throws -> DatabasePool {
        var configuration = Configuration()
        // Other processes (a run, a manual edit) may hold the write lock briefly.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Takes effect only in a file with no tables yet: a new store gives back the space a prune frees.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL") }
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        // A pool opens its file in WAL mode itself, and then sets its writer to synchronous=NORMAL, which could
        // lose the last commits in a power cut: the writer is put back to FULL.
        let database = try DatabasePool(path: path, configuration: configuration)
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try SQLiteSchema.migrate(database, path: path, folderLocked: folderLocked)
        return database
    }

    /// `state.sqlite` under `directory`.
    public static func defaultPath(stateDirectory: String) -> String {
        URL(fileURLWithPath: stateDirectory).appendingPathComponent("state.sqlite").path
    }

    /// Checks a value before any transaction: valid JSON and within the limit.
    func validate(_ json: String) throws { try limit.check(json) }

    // MARK: maintenance

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() async throws -> String {
        try await database.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// The journal mode and synchronous level of the store's writing connection (tests check durability settings).
    func durabilitySettings() async throws -> (journalMode: String, synchronous: Int) {
        try await database.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
        }
    }
}

extension SQLiteSnapshotStore: StoreDescribing {}

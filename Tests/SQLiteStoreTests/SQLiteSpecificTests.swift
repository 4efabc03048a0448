import Foundation
import GRDB
import Testing
@testable import SQLiteStore
@testable import SnapshotStore
import JSHostCore
import StoreTestSupport

@Suite struct SQLiteSpecificTests {
    func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("jshost-sqlite-\(UUID().uuidString)/state.sqlite").path
    }

    @Test func usesWriteAheadLogWithFullSyncAndPassesIntegrityCheck() async throws {
        let store = try SQLiteSnapshotStore(path: path())
        let settings = try await store.durabilitySettings()
        #expect(settings.journalMode == "wal")
        #expect(settings.synchronous == 2) // FULL
        #expect(try await store.integrityCheck() == "ok")
    }

    @Test func takingALeaseLeavesCommitsFullySynced() async throws {
        let store = try SQLiteSnapshotStore(path: path())
        let owner = LeaseOwner.thisProcess()
        _ = try await store.acquireLease(key, owner: owner, timeToLive: .seconds(3600))
        #expect(try await store.durabilitySettings().synchronous == 2) // back to FULL for the commit that follows
        #expect(try await store.lease(key)?.owner == owner)
        // A second owner that is alive is still refused: the unsynced write is as visible as any other.
        await #expect(throws: SnapshotStoreError.self) { try await store.acquireLease(key, owner: liveOtherOwner, timeToLive: .seconds(3600)) }
        #expect(try await store.durabilitySettings().synchronous == 2)
    }

    @Test func aStoreLeftOpenAtExitKeepsItsCommits() async throws {
        // `jshost run` never closes its store (the write-ahead log stays, not checkpointed): what it committed must be
        // there for the next opener, with the log replayed.
        let file = path()
        let kept = try SQLiteSnapshotStore(path: file)
        _ = Unmanaged.passRetained(kept)
        _ = try await kept.commit(run(#"{"iteration":7}"#))
        #expect(FileManager.default.fileExists(atPath: file + "-wal"))
        let reopened = try SQLiteSnapshotStore(path: file)
        #expect(try await reopened.get(key)?.json == #"{"iteration":7}"#)
        #expect(try await reopened.integrityCheck() == "ok")
    }

    @Test func manyOpenersOfANewFileAtOnceAllSucceed() async throws {
        // A service's workers open the same new store together: only one may migrate it at a time.
        for _ in 0..<5 {
            let file = path()
            let opened = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 { group.addTask { (try? SQLiteSnapshotStore(path: file)) != nil } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(opened == Array(repeating: true, count: 6))
            let store = try SQLiteSnapshotStore(path: file)
            #expect(try await set(store, "1").version == 1)
        }
    }

    @Test func valuesSurviveReopening() async throws {
        let file = path()
        _ = try await SQLiteSnapshotStore(path: file).commit(run(#"{"iteration":3}"#))
        let reopened = try SQLiteSnapshotStore(path: file)
        #expect(try await reopened.get(key)?.json == #"{"iteration":3}"#)
        #expect(try await reopened.runs(key).count == 1)
    }

    @Test func upgradesAVersionThreeOutboxToOneRowPerRun() async throws {
        let file = path()
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        // A store as version 3 wrote it: a row per outbox message, a stream's with their input lines.
        let old = try DatabaseQueue(path: file)
        try SQLiteSchema.migrator.migrate(old, upTo: "v3: stream positions")
        try await old.write { db in
            for (id, seconds) in [("b-single", 1.0), ("a-stream", 2.0)] {
                try db.execute(sql: "INSERT INTO run VALUES (?, 'local', 'counter.count', ?, ?, 'completed', 'h', NULL, 2, 0)",
                               arguments: [id, seconds, seconds])
            }
            try db.execute(sql: """
                INSERT INTO outbox (run_id, seq, message, input_line) VALUES
                    ('b-single', 1, '{"n":2}', NULL), ('b-single', 0, '{"n":1}', NULL),
                    ('a-stream', 0, '{"n":3}', 7), ('a-stream', 1, '{"n":4}', 9);
                """)
        }
        try old.close()
        let store = try SQLiteSnapshotStore(path: file)
        #expect(try await store.outbox(runID: "b-single") == [#"{"n":1}"#, #"{"n":2}"#])
        #expect(try await store.outbox(runID: "a-stream") == [#"{"n":3}"#, #"{"n":4}"#])
        let lines = try await store.outboxLines(key)
        #expect(lines.map(\.message) == [#"{"n":1}"#, #"{"n":2}"#, #"{"n":3}"#, #"{"n":4}"#])
        #expect(lines.map(\.line) == [nil, nil, 7, 9])
        #expect(try await store.integrityCheck() == "ok")
    }

    @Test func anOutboxMessageWithARawNewlineStaysOneMessage() async throws {
        let store = try SQLiteSnapshotStore(path: path())
        var commit = run(nil, outbox: ["{\n  \"a\": 1\n}", #"{"b":"x\ny"}"#])
        commit.outboxLines = [3, 4]
        let receipt = try await store.commit(commit)
        #expect(try await store.outbox(runID: receipt.runID) == [#"{   "a": 1 }"#, #"{"b":"x\ny"}"#])
        #expect(try await store.outboxLines(key).map(\.line) == [3, 4])
    }

    @Test func upgradesAVersionOneFile() async throws {
        let file = path()
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        // A store as the first release wrote it: only the v1 table, with its migration recorded.
        let old = try DatabaseQueue(path: file)
        try await old.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1: snapshots');
                CREATE TABLE snapshot (flow TEXT NOT NULL, step TEXT NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL,
                    bytes INTEGER NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (flow, step)) WITHOUT ROWID;
                INSERT INTO snapshot VALUES ('local', 'counter.count', '{"iteration":7}', 7, 15, 0);
                """)
        }
        try old.close()
        let store = try SQLiteSnapshotStore(path: file)
        let stored = try #require(try await store.get(key))
        #expect(stored.json == #"{"iteration":7}"#)
        #expect(stored.version == 7)
        #expect(stored.sha256 == Digests.sha256(#"{"iteration":7}"#))
        #expect(try await store.history(key).map(\.source) == ["migrated"])
        #expect(try await store.commit(run("8")).snapshotVersion == 8)
    }

    @Test func unopenablePathGivesAClearError() {
        #expect(throws: SnapshotStoreError.self) {
            try SQLiteSnapshotStore(path: "/proc/jshost-cannot-write-here/state.sqlite")
        }
    }

    @Test func limitCountsUTF8BytesAndNamesTheLargestKeys() async throws {
        let limit = SnapshotLimit(bytes: 10)
        #expect(limit.violation(for: #""éééé""#) == nil)         // 10 bytes
        #expect(limit.violation(for: #""ééééé""#) != nil)        // 12 bytes
        let violation = try #require(SnapshotLimit(bytes: 20).violation(for: #"{"items":"xxxxxxxxxxxxxxxxxxxx","cursor":5}"#))
        #expect(violation.largestKeys.first?.key == "items")
        #expect(violation.description.contains("over the 20-byte limit"))
    }
}

import Foundation
import Testing
@testable import SnapshotStore
import JSHostCore
import StoreTestSupport

/// The behaviour every `SnapshotStore` must have. Each test runs against every store in `StoreFactory.all`.
@Suite struct StoreContractTests {
    @Test(arguments: StoreFactory.all)
    func setAndGet(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        #expect(try await store.get(key) == nil)
        #expect(try await set(store, #"{"iteration":1}"#).version == 1)
        #expect(try await set(store, #""a bare string""#).version == 2)
        let stored = try #require(try await store.get(key))
        #expect(stored.json == #""a bare string""#)
        #expect(stored.sha256 == Digests.sha256(#""a bare string""#))
        #expect(try await store.list(flow: nil).map(\.key) == [key])
        #expect(try await store.list(flow: "other").isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func invalidAndOversizeValuesAreRefusedWithoutChange(_ factory: StoreFactory) async throws {
        let store = try await factory.store(limit: SnapshotLimit(bytes: 50))
        _ = try await set(store, "1")
        await #expect(throws: SnapshotStoreError.self) { try await set(store, "{broken") }
        await #expect(throws: SnapshotLimitViolation.self) { try await set(store, "\"\(String(repeating: "x", count: 60))\"") }
        await #expect(throws: SnapshotLimitViolation.self) { try await store.commit(run("\"\(String(repeating: "x", count: 60))\"")) }
        #expect(try await store.get(key)?.json == "1")
        #expect(try await store.state(key)?.version == 1)
        #expect(try await store.runs(key).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func compareAndSet(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        #expect(try await set(store, "1", expected: 0).version == 1)
        #expect(try await set(store, "2", expected: 1).version == 2)
        do {
            _ = try await set(store, "3", expected: 1)
            Issue.record("expected a conflict")
        } catch let error as SnapshotStoreError where error.code == .versionConflict {
            #expect(error.expectedVersion == 1)
            #expect(error.actualVersion == 2)
        }
        #expect(try await store.get(key)?.json == "2")
    }

    @Test(arguments: StoreFactory.all)
    func clearKeepsTheVersionGrowing(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        _ = try await set(store, "1")
        let cleared = try await store.apply(ManualChange(key: key, action: .reset, editor: tester, reason: "start over"))
        #expect(cleared.version == 2)
        #expect(cleared.json == nil)
        #expect(try await store.get(key) == nil)
        #expect(try await store.list(flow: nil).isEmpty)
        // Nothing stored: a reset is a no-op, not a new version.
        #expect(try await store.apply(ManualChange(key: key, action: .reset, editor: tester)).version == 2)
        #expect(try await store.commit(run(nil, clear: true)).snapshotVersion == 3)
        #expect(try await set(store, "4").version == 4)
    }

    @Test(arguments: StoreFactory.all)
    func historyIsKeptToItsDepthAndRollbackWritesANewVersion(_ factory: StoreFactory) async throws {
        let store = try await factory.store(historyDepth: 3)
        for n in 1...5 { _ = try await set(store, "\(n)") }
        #expect(try await store.history(key).map(\.version) == [5, 4, 3])
        #expect(try await store.history(key).map(\.json) == ["5", "4", "3"])
        let rolled = try await store.apply(ManualChange(key: key, action: .rollback(toVersion: 3), editor: tester, reason: "bad deploy"))
        #expect(rolled.version == 6)
        #expect(rolled.json == "3")
        #expect(try await store.history(key).first?.source == "rollback")
        await #expect(throws: SnapshotStoreError.self) { try await store.apply(ManualChange(key: key, action: .rollback(toVersion: 1), editor: tester)) }
    }

    @Test(arguments: StoreFactory.all)
    func manualChangesAreAudited(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        _ = try await store.commit(run("1"))
        _ = try await set(store, "2", reason: "fix the cursor")
        _ = try await store.apply(ManualChange(key: key, action: .reset, editor: Editor.user("ops", pid: 42), reason: "re-sync"))
        _ = try await store.apply(ManualChange(key: key, action: .rollback(toVersion: 2), editor: .apiKey("deploy-bot")))
        _ = try await store.importSnapshots([ExportedSnapshot(key: key, version: 9, json: "5", sha256: Digests.sha256("5"))],
                                      editor: tester, reason: "restore")
        let entries = try await store.audit(key)
        #expect(entries.map(\.action) == ["set", "reset", "rollback", "import"])
        #expect(entries.map(\.oldVersion) == [1, 2, 3, 4])
        #expect(entries.map(\.newVersion) == [2, 3, 4, 5])
        #expect(entries[0].reason == "fix the cursor")
        #expect(entries[0].oldHash == Digests.sha256("1"))
        #expect(entries[0].newHash == Digests.sha256("2"))
        #expect(entries[0].editor == tester)
        #expect(entries[1].editor == .user("ops", pid: 42))
        #expect(entries[2].editor == .apiKey("deploy-bot"))
        #expect(entries[1].newHash == nil)
        #expect(try await store.audit(nil).count == 4)
    }

    @Test(arguments: StoreFactory.all)
    func commitWritesRunOutboxAndSnapshotTogether(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let first = try await store.commit(run(#"{"n":1}"#, outbox: [#"{"body":1}"#, #"{"body":2}"#]))
        #expect(first.snapshotChanged)
        #expect(first.snapshotVersion == 1)
        let second = try await store.commit(run(nil, outbox: [#"{"body":3}"#]))
        #expect(!second.snapshotChanged)
        #expect(second.snapshotVersion == 1)
        let runs = try await store.runs(key)
        #expect(runs.map(\.id) == [first.runID, second.runID])
        #expect(runs.map(\.snapshotVersion) == [1, nil])
        #expect(runs.map(\.dataCount) == [2, 1])
        #expect(try await store.recentRuns(key, limit: 1).map(\.id) == [second.runID])
        #expect(try await store.recentRuns(key, limit: 5).map(\.id) == [second.runID, first.runID])
        #expect(try await store.outbox(runID: first.runID) == [#"{"body":1}"#, #"{"body":2}"#])
        #expect(try await store.get(key)?.json == #"{"n":1}"#)
        #expect(try await store.get(key)?.cfgFingerprint == Digests.fingerprint(ofJSON: "{}"))
        #expect(try await store.history(key).first?.source == "run:\(first.runID)")
    }

    @Test(arguments: StoreFactory.all)
    func twoWritersRacingWithOneVersionExactlyOneWins(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        _ = try await set(store, "0")
        for round in 1...20 {
            let version = try #require(try await store.state(key)?.version)
            let handles = [try await factory.reopen(store), try await factory.reopen(store)]
            let results = await withTaskGroup(of: Bool.self) { group in
                for (index, handle) in handles.enumerated() {
                    group.addTask {
                        (try? await handle.apply(ManualChange(key: key, action: .set(json: "\"round \(round) writer \(index)\""),
                                                        expectedVersion: version, editor: tester))) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await store.state(key)?.version == version + 1)
        }
    }

    @Test(arguments: StoreFactory.all)
    func concurrentCommitsLoseNothing(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        var handles: [any SnapshotStore] = []
        for _ in 0..<4 { handles.append(try await factory.reopen(store)) }
        await withTaskGroup(of: Void.self) { group in
            for (index, handle) in handles.enumerated() {
                group.addTask {
                    for n in 0..<10 { _ = try? await handle.commit(run("\"\(index)-\(n)\"", outbox: ["\(index)", "\(n)"])) }
                }
            }
        }
        let runs = try await store.runs(key)
        #expect(runs.count == 40)
        #expect(Set(runs.compactMap(\.snapshotVersion)) == Set(1...40))
        #expect(try await store.state(key)?.version == 40)
        for record in runs { #expect(try await store.outbox(runID: record.id).count == 2) }
    }

    @Test(arguments: StoreFactory.all)
    func importIsAllOrNothing(_ factory: StoreFactory) async throws {
        let store = try await factory.store(limit: SnapshotLimit(bytes: 20))
        let good = ExportedSnapshot(key: StepKey(flow: "f", step: "a"), version: 3, json: "1", sha256: Digests.sha256("1"))
        let big = ExportedSnapshot(key: StepKey(flow: "f", step: "b"), version: 3, json: "\"\(String(repeating: "y", count: 40))\"", sha256: "")
        await #expect(throws: SnapshotLimitViolation.self) { try await store.importSnapshots([good, big], editor: tester, reason: nil) }
        #expect(try await store.list(flow: nil).isEmpty)
        #expect(try await store.importSnapshots([good], editor: tester, reason: nil) == 1)
        #expect(try await store.get(good.key)?.json == "1")
    }
}

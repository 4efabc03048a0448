import Foundation
import Testing
@testable import SnapshotStore

/// The behaviour every `SnapshotStore` must have. Each test runs against every store in `StoreFactory.all`.
@Suite struct StoreContractTests {
    @Test(arguments: StoreFactory.all)
    func setAndGet(_ factory: StoreFactory) throws {
        let store = try factory.store()
        #expect(try store.get(key) == nil)
        #expect(try set(store, #"{"iteration":1}"#).version == 1)
        #expect(try set(store, #""a bare string""#).version == 2)
        let stored = try #require(try store.get(key))
        #expect(stored.json == #""a bare string""#)
        #expect(stored.sha256 == Digests.sha256(#""a bare string""#))
        #expect(try store.list(flow: nil).map(\.key) == [key])
        #expect(try store.list(flow: "other").isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func invalidAndOversizeValuesAreRefusedWithoutChange(_ factory: StoreFactory) throws {
        let store = try factory.store(limit: SnapshotLimit(bytes: 50))
        _ = try set(store, "1")
        #expect(throws: SnapshotStoreError.self) { try set(store, "{broken") }
        #expect(throws: SnapshotLimitViolation.self) { try set(store, "\"\(String(repeating: "x", count: 60))\"") }
        #expect(throws: SnapshotLimitViolation.self) { try store.commit(run("\"\(String(repeating: "x", count: 60))\"")) }
        #expect(try store.get(key)?.json == "1")
        #expect(try store.state(key)?.version == 1)
        #expect(try store.runs(key).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func compareAndSet(_ factory: StoreFactory) throws {
        let store = try factory.store()
        #expect(try set(store, "1", expected: 0).version == 1)
        #expect(try set(store, "2", expected: 1).version == 2)
        do {
            _ = try set(store, "3", expected: 1)
            Issue.record("expected a conflict")
        } catch SnapshotStoreError.versionConflict(_, let expected, let actual) {
            #expect(expected == 1)
            #expect(actual == 2)
        }
        #expect(try store.get(key)?.json == "2")
    }

    @Test(arguments: StoreFactory.all)
    func clearKeepsTheVersionGrowing(_ factory: StoreFactory) throws {
        let store = try factory.store()
        _ = try set(store, "1")
        let cleared = try store.apply(ManualChange(key: key, action: .reset, reason: "start over"))
        #expect(cleared.version == 2)
        #expect(cleared.json == nil)
        #expect(try store.get(key) == nil)
        #expect(try store.list(flow: nil).isEmpty)
        // Nothing stored: a reset is a no-op, not a new version.
        #expect(try store.apply(ManualChange(key: key, action: .reset)).version == 2)
        #expect(try store.commit(run(nil, clear: true)).snapshotVersion == 3)
        #expect(try set(store, "4").version == 4)
    }

    @Test(arguments: StoreFactory.all)
    func historyIsKeptToItsDepthAndRollbackWritesANewVersion(_ factory: StoreFactory) throws {
        let store = try factory.store(historyDepth: 3)
        for n in 1...5 { _ = try set(store, "\(n)") }
        #expect(try store.history(key).map(\.version) == [5, 4, 3])
        #expect(try store.history(key).map(\.json) == ["5", "4", "3"])
        let rolled = try store.apply(ManualChange(key: key, action: .rollback(toVersion: 3), reason: "bad deploy"))
        #expect(rolled.version == 6)
        #expect(rolled.json == "3")
        #expect(try store.history(key).first?.source == "rollback")
        #expect(throws: SnapshotStoreError.self) { try store.apply(ManualChange(key: key, action: .rollback(toVersion: 1))) }
    }

    @Test(arguments: StoreFactory.all)
    func manualChangesAreAudited(_ factory: StoreFactory) throws {
        let store = try factory.store()
        _ = try store.commit(run("1"))
        _ = try set(store, "2", reason: "fix the cursor")
        _ = try store.apply(ManualChange(key: key, action: .reset, actor: Actor(user: "ops", pid: 42), reason: "re-sync"))
        _ = try store.apply(ManualChange(key: key, action: .rollback(toVersion: 2)))
        _ = try store.importSnapshots([ExportedSnapshot(key: key, version: 9, json: "5", sha256: Digests.sha256("5"))],
                                      actor: .current, reason: "restore")
        let entries = try store.audit(key)
        #expect(entries.map(\.action) == ["set", "reset", "rollback", "import"])
        #expect(entries.map(\.oldVersion) == [1, 2, 3, 4])
        #expect(entries.map(\.newVersion) == [2, 3, 4, 5])
        #expect(entries[0].reason == "fix the cursor")
        #expect(entries[0].oldHash == Digests.sha256("1"))
        #expect(entries[0].newHash == Digests.sha256("2"))
        #expect(entries[0].pid == getpid())
        #expect(entries[1].user == "ops")
        #expect(entries[1].newHash == nil)
        #expect(try store.audit(nil).count == 4)
    }

    @Test(arguments: StoreFactory.all)
    func commitWritesRunOutboxAndSnapshotTogether(_ factory: StoreFactory) throws {
        let store = try factory.store()
        let first = try store.commit(run(#"{"n":1}"#, outbox: [#"{"body":1}"#, #"{"body":2}"#]))
        #expect(first.snapshotChanged)
        #expect(first.snapshotVersion == 1)
        let second = try store.commit(run(nil, outbox: [#"{"body":3}"#]))
        #expect(!second.snapshotChanged)
        #expect(second.snapshotVersion == 1)
        let runs = try store.runs(key)
        #expect(runs.map(\.id) == [first.runID, second.runID])
        #expect(runs.map(\.snapshotVersion) == [1, nil])
        #expect(runs.map(\.dataCount) == [2, 1])
        #expect(try store.outbox(runID: first.runID) == [#"{"body":1}"#, #"{"body":2}"#])
        #expect(try store.get(key)?.json == #"{"n":1}"#)
        #expect(try store.get(key)?.cfgFingerprint == Digests.fingerprint(ofJSON: "{}"))
        #expect(try store.history(key).first?.source == "run:\(first.runID)")
    }

    @Test(arguments: StoreFactory.all)
    func leasesExcludeLiveOwnersAndAreReclaimedFromDeadOnes(_ factory: StoreFactory) throws {
        let store = try factory.store()
        let other = liveOtherOwner
        try store.acquireLease(key, owner: other)
        #expect(throws: SnapshotStoreError.self) { try store.acquireLease(key, owner: .current) }
        // Manual edits are refused while a run holds the lease.
        do {
            _ = try set(store, "1")
            Issue.record("expected the step to be busy")
        } catch SnapshotStoreError.stepBusy(let lease) {
            #expect(lease.owner == other)
        }
        // A commit by someone who lost the lease is refused.
        #expect(throws: SnapshotStoreError.self) { try store.commit(run("1", owner: .current)) }
        #expect(try store.runs(key).isEmpty)
        try store.releaseLease(key, owner: other)

        let dead = try deadOwner()
        try store.acquireLease(key, owner: dead)
        #expect(!dead.isAlive)
        try store.acquireLease(key, owner: .current)               // reclaimed
        #expect(try store.lease(key)?.owner == .current)
        _ = try store.commit(run("2", owner: .current))            // releases it in the same transaction
        #expect(try store.lease(key) == nil)
        // A dead owner's lease does not block manual edits either.
        try store.acquireLease(key, owner: dead)
        #expect(try set(store, "3").version == 2)
    }

    @Test(arguments: StoreFactory.all)
    func twoWritersRacingWithOneVersionExactlyOneWins(_ factory: StoreFactory) async throws {
        let store = try factory.store()
        _ = try set(store, "0")
        for round in 1...20 {
            let version = try #require(try store.state(key)?.version)
            let handles = try (0..<2).map { _ in try factory.reopen(store) }
            let results = await withTaskGroup(of: Bool.self) { group in
                for (index, handle) in handles.enumerated() {
                    group.addTask {
                        (try? handle.apply(ManualChange(key: key, action: .set(json: "\"round \(round) writer \(index)\""),
                                                        expectedVersion: version))) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try store.state(key)?.version == version + 1)
        }
    }

    @Test(arguments: StoreFactory.all)
    func concurrentCommitsLoseNothing(_ factory: StoreFactory) async throws {
        let store = try factory.store()
        let handles = try (0..<4).map { _ in try factory.reopen(store) }
        await withTaskGroup(of: Void.self) { group in
            for (index, handle) in handles.enumerated() {
                group.addTask {
                    for n in 0..<10 { _ = try? handle.commit(run("\"\(index)-\(n)\"", outbox: ["\(index)", "\(n)"])) }
                }
            }
        }
        let runs = try store.runs(key)
        #expect(runs.count == 40)
        #expect(Set(runs.compactMap(\.snapshotVersion)) == Set(1...40))
        #expect(try store.state(key)?.version == 40)
        for record in runs { #expect(try store.outbox(runID: record.id).count == 2) }
    }

    @Test(arguments: StoreFactory.all)
    func importIsAllOrNothing(_ factory: StoreFactory) throws {
        let store = try factory.store(limit: SnapshotLimit(bytes: 20))
        let good = ExportedSnapshot(key: StepKey(flow: "f", step: "a"), version: 3, json: "1", sha256: Digests.sha256("1"))
        let big = ExportedSnapshot(key: StepKey(flow: "f", step: "b"), version: 3, json: "\"\(String(repeating: "y", count: 40))\"", sha256: "")
        #expect(throws: SnapshotLimitViolation.self) { try store.importSnapshots([good, big], actor: .current, reason: nil) }
        #expect(try store.list(flow: nil).isEmpty)
        #expect(try store.importSnapshots([good], actor: .current, reason: nil) == 1)
        #expect(try store.get(good.key)?.json == "1")
    }
}

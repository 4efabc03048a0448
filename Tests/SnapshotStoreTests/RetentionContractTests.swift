import Foundation
import SnapshotStore
import Testing
import JSHostCore
import StoreTestSupport

/// Pruning by a retention policy, on every store: what the policy no longer keeps goes, nothing else does.
struct RetentionContractTests {
    func commit(_ store: any ServiceStore, _ step: StepKey, endedAt: Date, outbox: [String] = [#"{"body":{}}"#],
                snapshot: String? = nil, messageID: String? = nil) async throws -> String {
        var commit = run(snapshot, outbox: outbox, key: step)
        commit.startedAt = endedAt
        commit.endedAt = endedAt
        commit.consumesMessageID = messageID
        _ = try await store.commit(commit)
        return commit.id
    }

    @Test(arguments: StoreFactory.all)
    func runsBeyondTheCountOrAgeGoWithTheirOutboxAndNothingElseDoes(_ factory: StoreFactory) async throws {
        let store = try await factory.store(historyDepth: 100)
        let busy = StepKey(flow: "hooks", step: "step_1"), quiet = StepKey(flow: "hooks", step: "step_2")
        let now = Date()
        var busyRuns: [String] = []
        for index in 0..<30 {
            // Five ten days old, then one a minute.
            let ended = index < 5 ? now.addingTimeInterval(-10 * 86_400 + Double(index)) : now.addingTimeInterval(Double(index - 30) * 60)
            busyRuns.append(try await commit(store, busy, endedAt: ended, snapshot: #"{"n":\#(index)}"#))
        }
        for index in 0..<3 { _ = try await commit(store, quiet, endedAt: now.addingTimeInterval(Double(-index)), snapshot: nil) }
        _ = try await set(store, #"{"edited":true}"#, key: busy)
        var policy = RetentionPolicy()
        policy.runsPerStep = 10
        let dry = try await store.prune(policy, now: now, dryRun: true)
        #expect(dry.runs == 20 && dry.outboxRows == 20, "\(dry)")
        #expect(try await store.runs(busy).count == 30, "a dry run removed something")
        let done = try await store.prune(policy, now: now, dryRun: false)
        #expect(done.runs == dry.runs && done.outboxRows == dry.outboxRows, "\(done) against \(dry)")
        #expect(Set(try await store.runs(busy).map(\.id)) == Set(busyRuns.suffix(10)))
        #expect(try await store.runs(quiet).count == 3)
        // Snapshots, their history and the audit trail are kept as they were.
        #expect(try await store.get(busy)?.json == #"{"edited":true}"#)
        #expect(try await store.history(busy).count == 31)
        #expect(try await store.audit(busy).count == 1)
        // The outbox rows of the kept runs are there to read.
        let pending = try await store.pendingMessages(after: OutboxPosition(commit: 0, index: -1), limit: 100)
        #expect(pending.count == 13)
        // And a second prune has nothing to do.
        #expect(try await store.prune(policy, now: now, dryRun: false).isEmpty)
        // By age alone: the runs ended over a week ago.
        policy.runsPerStep = 1_000
        policy.runAge = 60 * 5
        let aged = try await store.prune(policy, now: now, dryRun: false)
        #expect(aged.runs == 5, "\(aged)")
        let kept = try await store.runs(busy).count, keptQuiet = try await store.runs(quiet).count
        #expect(kept == 5 && keptQuiet == 3)
    }

    @Test(arguments: StoreFactory.all)
    func deliveredOutboxRowsGoWhileTheirRunsStay(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let step = StepKey(flow: "f", step: "s")
        for index in 0..<6 { _ = try await commit(store, step, endedAt: Date(), outbox: [#"{"n":\#(index)}"#, #"{"m":\#(index)}"#]) }
        let all = try await store.pendingMessages(after: OutboxPosition(commit: 0, index: -1), limit: 100)
        #expect(all.count == 12)
        // The first four commits delivered whole, the fifth in part.
        try await store.acknowledge(Array(all.prefix(9).map(\.position)))
        let report = try await store.prune(RetentionPolicy(), now: Date(), dryRun: false)
        #expect(report.runs == 0 && report.outboxRows == 4, "\(report)")
        #expect(try await store.runs(step).count == 6)
        let left = try await store.pendingMessages(after: OutboxPosition(commit: 0, index: -1), limit: 100)
        #expect(left.map(\.json) == [#"{"m":4}"#, #"{"n":5}"#, #"{"m":5}"#])
    }

    @Test(arguments: StoreFactory.all)
    func oldWebhookAnswersAndConsumedMessageIdsGo(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        try await store.awaitAnswer(thread: "t1")
        try await store.awaitAnswer(thread: "t2")
        let step = StepKey(flow: "f", step: "s")
        let now = Date()
        for index in 0..<8 {
            _ = try await commit(store, step, endedAt: now.addingTimeInterval(Double(index - 8)), outbox: [], messageID: "m\(index)")
        }
        var policy = RetentionPolicy()
        policy.messageIDsPerStep = 5
        // Two hours on: the answers nobody took are past their hour.
        let report = try await store.prune(policy, now: now.addingTimeInterval(7_200), dryRun: false)
        #expect(report.webhookAnswers == 2 && report.messageIDs == 3, "\(report)")
        // The ids kept still refuse a second commit; a pruned one no longer does.
        await #expect(throws: SnapshotStoreError.self) { _ = try await commit(store, step, endedAt: now, outbox: [], messageID: "m7") }
        _ = try await commit(store, step, endedAt: now, outbox: [], messageID: "m0")
    }

    @Test(arguments: StoreFactory.all)
    func tableSizesCountRowsAndBytes(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        for _ in 0..<3 { _ = try await commit(store, key, endedAt: Date(), snapshot: #"{"a":1}"#) }
        let sizes = try await store.tableSizes()
        let run = try #require(sizes.first { $0.table == "run" })
        #expect(run.rows == 3 && run.bytes > 0)
        #expect(sizes.first { $0.table == "outbox" }?.rows == 3)
        #expect(sizes.contains { $0.table == "snapshot_version" })
    }
}

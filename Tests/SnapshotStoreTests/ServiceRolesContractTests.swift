import Foundation
import Testing
@testable import SnapshotStore
import JSHostCore
import StoreTestSupport

/// The roles `jshost serve` adds: credentials, API keys, flow states and group commits, the same on every store.
@Suite struct ServiceRolesContractTests {
    @Test(arguments: StoreFactory.all)
    func credentialsAreKeptReplacedAndDeleted(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        try await store.setCredentials("crm", keysJSON: #"{"apiKey":"one"}"#)
        try await store.setCredentials("mail", keysJSON: #"{"user":"u","password":"p"}"#)
        try await store.setCredentials("crm", keysJSON: #"{"apiKey":"two"}"#)
        #expect(try await store.credentials("crm")?.keysJSON == #"{"apiKey":"two"}"#)
        #expect(try await store.allCredentials().map(\.id) == ["crm", "mail"])
        await #expect(throws: SnapshotStoreError.self) { try await store.setCredentials("bad", keysJSON: "[1]") }
        #expect(try await store.deleteCredentials("crm"))
        #expect(!(try await store.deleteCredentials("crm")))
        #expect(try await store.credentials("crm") == nil)
    }

    @Test(arguments: StoreFactory.all)
    func apiKeysAreFoundByTheirSecretOnly(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        #expect(!(try await store.hasApiKeys()))
        guard case .made(let secret, nil) = try await store.createApiKey("ops", role: .edit, replace: false) else {
            Issue.record("a new name was not made")
            return
        }
        #expect(secret.hasPrefix("jsk_") && secret.count == 68)
        #expect(try await store.apiKey(secret: secret)?.role == .edit)
        #expect(try await store.apiKey(secret: secret + "0") == nil)
        // Made again under the same name: refused, the key unchanged, unless replaced.
        guard case .exists(let existing) = try await store.createApiKey("ops", role: .read, replace: false) else {
            Issue.record("an existing name was made again without replace")
            return
        }
        #expect(existing.role == .edit)
        #expect(try await store.apiKey(secret: secret)?.role == .edit)
        // Replaced: a new secret, and the old one no longer opens anything.
        guard case .made(let replaced, let old?) = try await store.createApiKey("ops", role: .read, replace: true) else {
            Issue.record("replace did not say what it replaced")
            return
        }
        #expect(old.role == .edit)
        #expect(try await store.apiKey(secret: secret) == nil)
        #expect(try await store.apiKey(secret: replaced)?.role == .read)
        _ = try await store.createApiKey("auditor", role: .read, replace: false)
        #expect(try await store.apiKeys().map(\.name) == ["auditor", "ops"])
        #expect(try await store.deleteApiKey("ops"))
        #expect(!(try await store.deleteApiKey("ops")))
        #expect(try await store.apiKey(secret: replaced) == nil)
        #expect(try await store.hasApiKeys())
    }

    @Test(arguments: StoreFactory.all)
    func aFlowsStatusAndStartupDataAreKeptApart(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        #expect(try await store.flowState("orders") == nil)
        try await store.setFlowStatus("orders", "inactive")
        try await store.setStartupData("orders", #"{"hook":1}"#)
        var state = try #require(try await store.flowState("orders"))
        #expect(state.status == "inactive" && state.startupData == #"{"hook":1}"#)
        try await store.setFlowStatus("orders", nil)
        state = try #require(try await store.flowState("orders"))
        #expect(state.status == nil && state.startupData == #"{"hook":1}"#)
    }

    @Test(arguments: StoreFactory.all)
    func aGroupCommitKeepsEachWriteApart(_ factory: StoreFactory) async throws {
        let store = try await factory.store(limit: SnapshotLimit(bytes: 20))
        let good = StepKey(flow: "f", step: "good"), big = StepKey(flow: "f", step: "big"), fenced = StepKey(flow: "f", step: "fenced")
        let queue = StepKey(flow: "f", step: "next")
        // A lease that was lost before the commit: its write must change nothing.
        let owner = LeaseOwner(host: "host-a.example", pid: 1, startTime: "1", worker: "main")
        let lost = try await store.acquireLease(fenced, owner: owner, timeToLive: .seconds(3600))
        try await store.releaseLease(lost)
        var forwarding = run("1", outbox: ["{}"], key: good)
        forwarding.forward = [ForwardedMessage(to: queue, json: #"{"from":"good"}"#)]
        var fencedRun = run("2", key: fenced, lease: lost)
        fencedRun.forward = [ForwardedMessage(to: queue, json: #"{"from":"fenced"}"#)]
        let results = try await store.writeTogether([
            .runs([forwarding]),
            .runs([run("\"\(String(repeating: "x", count: 40))\"", key: big)]),
            .runs([fencedRun]),
            .enqueue([ForwardedMessage(to: queue, json: #"{"from":"webhook"}"#)], source: "webhook:test"),
        ])
        #expect(results.count == 4)
        guard case .success(.committed(let receipts)) = results[0] else { Issue.record("the good run was refused"); return }
        #expect(receipts.map(\.snapshotVersion) == [1])
        guard case .failure(let oversize) = results[1] else { Issue.record("an oversize snapshot was stored"); return }
        #expect(oversize is SnapshotLimitViolation)
        guard case .failure(let fencing) = results[2] else { Issue.record("a lost lease committed"); return }
        #expect((fencing as? SnapshotStoreError)?.code == .leaseLost)
        guard case .success(.enqueued(let ids)) = results[3] else { Issue.record("the trigger's message was not queued"); return }
        #expect(ids.count == 1)
        #expect(try await store.get(good)?.json == "1")
        #expect(try await store.state(big) == nil)
        #expect(try await store.state(fenced) == nil)
        #expect(try await store.runs(fenced).isEmpty)
        let queued = try await store.nextQueued(for: queue, at: Date(), limit: 10).map(\.json)
        #expect(queued == [#"{"from":"good"}"#, #"{"from":"webhook"}"#])
    }

    @Test(arguments: StoreFactory.all)
    func aWebhookAnswerGoesToTheWaitingCallerOnceAndFirstWins(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        #expect(!(try await store.offerAnswer(thread: "t1", answer: "early")), "nobody waits yet")
        try await store.awaitAnswer(thread: "t1")
        #expect(try await store.isAnswerAwaited(thread: "t1"))
        #expect(try await store.takeAnswer(thread: "t1") == nil)
        #expect(try await store.offerAnswer(thread: "t1", answer: "first"))
        #expect(!(try await store.offerAnswer(thread: "t1", answer: "second")))
        #expect(!(try await store.isAnswerAwaited(thread: "t1")))
        #expect(try await store.takeAnswer(thread: "t1") == "first")
        #expect(try await store.takeAnswer(thread: "t1") == nil, "taken once")
        try await store.awaitAnswer(thread: "t2")
        try await store.forgetAnswer(thread: "t2")
        #expect(!(try await store.offerAnswer(thread: "t2", answer: "late")), "the caller gave up")
    }
}

import Foundation
import Testing
@testable import SnapshotStore
import StoreTestSupport

/// Leases as tokens: owners tell apart workers and hosts, a lease lasts its time to live unless renewed, and a
/// commit needs the lease it was made under (fencing).
@Suite(.timeLimit(.minutes(10))) struct LeaseContractTests {
    /// Far longer than any test: a machine that stalls for a while (CI's have) must not expire a lease a test holds.
    let ttl: Duration = .seconds(3600)

    @Test(arguments: StoreFactory.all)
    func twoWorkersOfOneProcessDoNotShareALease(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let first = LeaseOwner.thisProcess(worker: "w1"), second = LeaseOwner.thisProcess(worker: "w2")
        let lease = try await store.acquireLease(key, owner: first, timeToLive: ttl)
        do {
            _ = try await store.acquireLease(key, owner: second, timeToLive: ttl)
            Issue.record("the second worker took the first one's lease")
        } catch let error as SnapshotStoreError where error.code == .stepBusy {
            #expect(error.lease?.owner == first)
        }
        // Taking it again from oneself keeps the token.
        #expect(try await store.acquireLease(key, owner: first, timeToLive: ttl).fence == lease.fence)
        try await store.releaseLease(lease)
        #expect(try await store.lease(key) == nil)
        let next = try await store.acquireLease(key, owner: second, timeToLive: ttl)
        #expect(next.fence > lease.fence)
    }

    @Test(arguments: StoreFactory.all)
    func aLeaseNotRenewedExpiresAndItsLateCommitIsRefused(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let stalled = LeaseOwner(host: "host-a.example", pid: 4242, startTime: "1", worker: "main")
        let successor = LeaseOwner(host: "host-b.example", pid: 4242, startTime: "1", worker: "main")
        var old = try await store.acquireLease(key, owner: stalled, timeToLive: ttl)
        // An owner on another host cannot be seen to die: only its time to live frees the step.
        await #expect(throws: SnapshotStoreError.self) { try await store.acquireLease(key, owner: successor, timeToLive: ttl) }
        // Its last heartbeat, and then no more.
        old = try await store.renewLease(old, timeToLive: .milliseconds(300))
        try await Task.sleep(for: .milliseconds(600))
        let new = try await store.acquireLease(key, owner: successor, timeToLive: ttl)
        #expect(new.fence > old.fence)
        _ = try await store.commit(run("\"successor\"", lease: new, keepsLease: true))

        do {
            _ = try await store.commit(run("\"stalled\"", outbox: ["{\"late\":true}"], lease: old))
            Issue.record("the stalled holder's late commit was accepted")
        } catch let error as SnapshotStoreError where error.code == .leaseLost {}
        await #expect(throws: SnapshotStoreError.self) { try await store.renewLease(old, timeToLive: ttl) }
        // Nothing the stalled holder did is visible, and its successor still holds the step.
        #expect(try await store.get(key)?.json == "\"successor\"")
        #expect(try await store.runs(key).count == 1)
        #expect(try await store.outboxLines(key).isEmpty)
        #expect(try await store.lease(key)?.owner == successor)
    }

    @Test(arguments: StoreFactory.all)
    func heartbeatsKeepALeaseBeyondItsFirstTimeToLive(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let holder = LeaseOwner(host: "host-a.example", pid: 1, startTime: "1", worker: "main")
        var lease = try await store.acquireLease(key, owner: holder, timeToLive: .seconds(2))
        for _ in 0..<3 {
            try await Task.sleep(for: .seconds(1))
            lease = try await store.renewLease(lease, timeToLive: .seconds(2))
        }
        let other = LeaseOwner(host: "host-b.example", pid: 1, startTime: "1", worker: "main")
        await #expect(throws: SnapshotStoreError.self) { try await store.acquireLease(key, owner: other, timeToLive: ttl) }
        _ = try await store.commit(run("1", lease: lease))
        #expect(try await store.get(key)?.json == "1")
        // The commit gave the lease back.
        #expect(try await store.lease(key) == nil)
    }

    @Test(arguments: StoreFactory.all)
    func aLeaseOfALiveRunRefusesEditsAndADeadOwnersIsReclaimed(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let other = liveOtherOwner
        let held = try await store.acquireLease(key, owner: other, timeToLive: ttl)
        await #expect(throws: SnapshotStoreError.self) { try await store.acquireLease(key, owner: .thisProcess(), timeToLive: ttl) }
        do {
            _ = try await set(store, "1")
            Issue.record("expected the step to be busy")
        } catch let error as SnapshotStoreError where error.code == .stepBusy {
            #expect(error.lease?.owner == other)
        }
        try await store.releaseLease(held)

        let dead = try deadOwner()
        _ = try await store.acquireLease(key, owner: dead, timeToLive: ttl)
        #expect(!dead.processMayBeAlive)
        // Gone from this host: reclaimed at once, without waiting for its time to live.
        let mine = try await store.acquireLease(key, owner: .thisProcess(), timeToLive: ttl)
        #expect(try await store.lease(key)?.owner == .thisProcess())
        _ = try await store.commit(run("2", lease: mine))
        #expect(try await store.lease(key) == nil)
        // A dead owner's lease does not block manual edits either.
        _ = try await store.acquireLease(key, owner: dead, timeToLive: ttl)
        #expect(try await set(store, "3").version == 2)
    }
}

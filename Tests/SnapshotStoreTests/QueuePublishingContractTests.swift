import Foundation
import Testing
@testable import SnapshotStore
import JSHostCore
import StoreTestSupport

/// The step queues as a broker's outbox: claimed by one publisher at a time, published once marked, gone from
/// `stillQueued` once a run's commit consumed them.
@Suite(.timeLimit(.minutes(10))) struct QueuePublishingContractTests {
    static let next = StepKey(flow: "f", step: "next")

    @Test(arguments: StoreFactory.all)
    func queuedMessagesAreClaimedOnceAtATimeUntilPublished(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let ids = try await store.enqueue((1...5).map { ForwardedMessage(to: Self.next, json: #"{"n":\#($0)}"#) }, source: "webhook:t")
        let first = try await store.claimUnpublished(for: [Self.next, key], claim: .seconds(60), limit: 3)
        #expect(first.map(\.id) == Array(ids.prefix(3)))
        #expect(first.map(\.json) == (1...3).map { #"{"n":\#($0)}"# })
        // Claimed: another publisher gets the rest only.
        #expect(try await store.claimUnpublished(for: [Self.next, key], claim: .seconds(60), limit: 10).map(\.id) == Array(ids.suffix(2)))
        #expect(try await store.claimUnpublished(for: [Self.next, key], claim: .seconds(60), limit: 10).isEmpty)
        try await store.markPublished(first.map(\.id))
        // Published messages stay queued (a run consumes them) but are never claimed again.
        #expect(try await store.queueDepth(Self.next) == 5)
        #expect(try await store.stillQueued(ids) == Set(ids))
        // A claim that passed (its publisher died) is taken again.
        let shortly = try await store.enqueue([ForwardedMessage(to: Self.next, json: "{}")], source: "webhook:u")
        #expect(try await store.claimUnpublished(for: [Self.next, key], claim: .milliseconds(1), limit: 10).map(\.id) == shortly)
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await store.claimUnpublished(for: [Self.next, key], claim: .seconds(60), limit: 10).map(\.id) == shortly)
    }

    @Test(arguments: StoreFactory.all)
    func aReleasedClaimIsTakenAgainAtOnce(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let ids = try await store.enqueue((1...3).map { ForwardedMessage(to: Self.next, json: #"{"n":\#($0)}"#) }, source: "webhook:t")
        let claimed = try await store.claimUnpublished(for: [Self.next], claim: .seconds(60), limit: 10)
        #expect(claimed.map(\.id) == ids)
        try await store.markPublished([ids[0]])
        // The publish of the other two failed: their claim is let go, the published one stays published.
        try await store.releaseClaims(ids)
        #expect(try await store.claimUnpublished(for: [Self.next], claim: .seconds(60), limit: 10).map(\.id) == Array(ids.suffix(2)))
    }

    @Test(arguments: StoreFactory.all)
    func onlyTheAskedStepsMessagesAreClaimed(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let elsewhere = StepKey(flow: "gone", step: "step_1")
        _ = try await store.enqueue([ForwardedMessage(to: elsewhere, json: "{}")], source: "webhook:t")
        let mine = try await store.enqueue([ForwardedMessage(to: Self.next, json: "{}")], source: "webhook:u")
        #expect(try await store.claimUnpublished(for: [Self.next], claim: .seconds(60), limit: 1).map(\.id) == mine)
        #expect(try await store.claimUnpublished(for: [], claim: .seconds(60), limit: 10).isEmpty)
        #expect(try await store.claimUnpublished(for: [elsewhere], claim: .seconds(60), limit: 10).map(\.key) == [elsewhere])
    }

    @Test(arguments: StoreFactory.all)
    func aConsumedMessageIsNoLongerQueued(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let ids = try await store.enqueue([ForwardedMessage(to: key, json: "{}"), ForwardedMessage(to: key, json: "{}")], source: "webhook:t")
        var commit = run("1")
        commit.consumes = ids[0]
        _ = try await store.commit(commit)
        #expect(try await store.stillQueued(ids + [999_999]) == [ids[1]])
        // Marking a consumed one does nothing.
        try await store.markPublished(ids)
        #expect(try await store.claimUnpublished(for: [Self.next, key], claim: .seconds(60), limit: 10).isEmpty)
    }

    @Test(arguments: StoreFactory.all)
    func publishersRacingClaimEachMessageOnce(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let ids = try await store.enqueue((1...200).map { ForwardedMessage(to: Self.next, json: #"{"n":\#($0)}"#) }, source: "webhook:t")
        var handles: [any QueuePublishing] = []
        for _ in 0..<3 { handles.append(try #require(try await factory.reopen(store) as? any QueuePublishing)) }
        let claimed = await withTaskGroup(of: [Int64].self) { group in
            for handle in handles {
                group.addTask {
                    var mine: [Int64] = []
                    while let batch = try? await handle.claimUnpublished(for: [Self.next, key], claim: .seconds(60), limit: 7), !batch.isEmpty {
                        mine += batch.map(\.id)
                    }
                    return mine
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.sorted() == ids)
    }
}

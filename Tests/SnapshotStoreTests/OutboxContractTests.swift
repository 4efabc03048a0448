import Foundation
import Testing
@testable import SnapshotStore
import JSHostCore
import StoreTestSupport

/// Draining the outbox: pending messages after a position, in commit order, acknowledged by id.
@Suite struct OutboxContractTests {
    @Test(arguments: StoreFactory.all)
    func pendingMessagesComeInOrderAndAcknowledgedOnesDoNotComeBack(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let other = StepKey(flow: "local", step: "other.step")
        _ = try await store.commit(run(nil, outbox: ["{\"n\":1}", "{\"n\":2}"]))
        _ = try await store.commit(run(nil, outbox: []))
        _ = try await store.commit(run(nil, outbox: ["{\"n\":3}"], key: other))
        _ = try await store.commit(run(nil, outbox: ["{\"n\":4}", "{\"n\":5}", "{\"n\":6}"]))

        let all = try await store.pendingMessages(after: .start, limit: 100)
        #expect(all.map(\.json) == (1...6).map { "{\"n\":\($0)}" })
        #expect(all.map(\.key) == [key, key, other, key, key, key])
        #expect(all.map(\.position) == all.map(\.position).sorted())
        #expect(Set(all.map(\.position)).count == 6)
        #expect(all.map { OutboxPosition($0.position.description) } == all.map(\.position))

        // A cursor: after the second message, two at a time.
        let page = try await store.pendingMessages(after: all[1].position, limit: 2)
        #expect(page.map(\.json) == ["{\"n\":3}", "{\"n\":4}"])

        try await store.acknowledge([all[0].position, all[3].position, all[4].position])
        try await store.acknowledge([all[0].position]) // twice: no change
        try await store.acknowledge([OutboxPosition(commit: 999, index: 0)]) // no such message: no change
        #expect(try await store.pendingMessages(after: .start, limit: 100).map(\.json) == ["{\"n\":2}", "{\"n\":3}", "{\"n\":6}"])
        try await store.acknowledge([all[1].position, all[2].position, all[5].position])
        #expect(try await store.pendingMessages(after: .start, limit: 100).isEmpty)
        // Delivery never touches what was committed.
        #expect(try await store.outboxLines(key).count == 5)
    }
}

/// The queues between a flow's steps: forwarded in the emitting run's commit, consumed exactly once.
@Suite struct StepQueueContractTests {
    @Test(arguments: StoreFactory.all)
    func forwardedMessagesAreQueuedWithTheirRunAndTakenExactlyOnce(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let next = StepKey(flow: "f", step: "step_2"), other = StepKey(flow: "f", step: "step_3")
        var emitting = run("1", key: StepKey(flow: "f", step: "step_1"))
        emitting.forward = [ForwardedMessage(to: next, json: #"{"n":1}"#), ForwardedMessage(to: other, json: #"{"n":2}"#),
                            ForwardedMessage(to: next, json: #"{"n":3}"#)]
        _ = try await store.commit(emitting)
        #expect(try await store.queueDepth(next) == 2)
        let first = try #require(try await store.nextQueued(for: next, at: Date()))
        #expect(first.json == #"{"n":1}"# && first.fromRun == emitting.id)
        #expect(try await store.nextQueued(among: [other, next], at: Date())?.json == #"{"n":1}"#)
        #expect(try await store.nextQueued(for: next, at: Date.distantPast) == nil, "not available before it was queued")

        var taking = run("\"took 1\"", key: next)
        taking.consumes = first.id
        taking.forward = [ForwardedMessage(to: other, json: #"{"n":4}"#)]
        _ = try await store.commit(taking)
        #expect(try await store.nextQueued(for: next, at: Date())?.json == #"{"n":3}"#)
        #expect(try await store.queueDepth(other) == 2)

        // A second run that took the same message commits nothing at all.
        var late = run("\"late\"", outbox: ["{}"], key: next)
        late.consumes = first.id
        late.forward = [ForwardedMessage(to: other, json: #"{"n":5}"#)]
        do {
            _ = try await store.commit(late)
            Issue.record("a message was consumed twice")
        } catch let error as SnapshotStoreError where error.code == .alreadyConsumed {}
        #expect(try await store.get(next)?.json == "\"took 1\"")
        #expect(try await store.runs(next).count == 1)
        #expect(try await store.queueDepth(other) == 2)
    }

    @Test(arguments: StoreFactory.all)
    func aConsumedMessagesIdIsNeverGivenToAnother(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        let step = StepKey(flow: "f", step: "step_2")
        var emitting = run(nil, key: StepKey(flow: "f", step: "step_1"))
        emitting.forward = [ForwardedMessage(to: step, json: #"{"n":1}"#)]
        _ = try await store.commit(emitting)
        let first = try #require(try await store.nextQueued(for: step, at: Date()))
        var taking = run(nil, key: step)
        taking.consumes = first.id
        _ = try await store.commit(taking)
        // The newest message was removed: a new one must still get an id of its own.
        var again = run(nil, key: StepKey(flow: "f", step: "step_1"))
        again.forward = [ForwardedMessage(to: step, json: #"{"n":2}"#)]
        _ = try await store.commit(again)
        let second = try #require(try await store.nextQueued(for: step, at: Date()))
        #expect(second.id != first.id)
        var late = run(nil, key: step)
        late.consumes = first.id
        await #expect(throws: SnapshotStoreError.self) { try await store.commit(late) }
        #expect(try await store.nextQueued(for: step, at: Date())?.json == #"{"n":2}"#)
    }
}

/// Messages from outside the store (a broker's deliveries) by their ids: a step commits each id once.
@Suite struct ConsumedMessageContractTests {
    @Test(arguments: StoreFactory.all)
    func aMessageIDIsCommittedOnceByAStep(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        var first = run("1", outbox: ["{}"])
        first.consumesMessageID = "delivery-1"
        _ = try await store.commit(first)
        // The broker delivered it again, and another run (on any host) ran it: nothing of that run is kept.
        var again = run("2", outbox: ["{}"])
        again.consumesMessageID = "delivery-1"
        again.forward = [ForwardedMessage(to: StepKey(flow: "f", step: "next"), json: "{}")]
        do {
            _ = try await store.commit(again)
            Issue.record("a message id was committed twice")
        } catch let error as SnapshotStoreError where error.code == .alreadyConsumed {
            #expect(error.messageID == "delivery-1")
            #expect(error.description.contains("delivery-1"))
        }
        #expect(try await store.get(key)?.json == "1")
        #expect(try await store.runs(key).count == 1)
        #expect(try await store.outboxLines(key).count == 1)
        #expect(try await store.queueDepth(StepKey(flow: "f", step: "next")) == 0)
        // The same id at another step is that step's own.
        var elsewhere = run("3", key: StepKey(flow: "f", step: "other"))
        elsewhere.consumesMessageID = "delivery-1"
        _ = try await store.commit(elsewhere)
    }

    @Test(arguments: StoreFactory.all)
    func twoHostsCommittingOneMessageIDRacingOneWins(_ factory: StoreFactory) async throws {
        let store = try await factory.store()
        for round in 1...10 {
            let handles = [try await factory.reopen(store), try await factory.reopen(store)]
            let won = await withTaskGroup(of: Bool.self) { group in
                for (index, handle) in handles.enumerated() {
                    group.addTask {
                        var commit = run("\"round \(round) host \(index)\"")
                        commit.consumesMessageID = "delivery-\(round)"
                        return (try? await handle.commit(commit)) != nil
                    }
                }
                return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(won == 1, "round \(round)")
        }
        #expect(try await store.runs(key).count == 10)
    }
}

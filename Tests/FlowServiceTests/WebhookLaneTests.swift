import Foundation
import JSHostCore
import SnapshotStore
import MemoryStore
import Testing
@testable import FlowService

/// A waiting webhook caller's request, held in memory for its first step until a run commits it or the caller
/// withdraws it to the durable queue.
@Suite struct WebhookLaneTests {
    let key = StepKey(flow: "hook", step: "step_1")

    @Test func requestsAreTakenOnceInOrderAndComeBackWhenARunEndsWithoutACommit() throws {
        let lane = WebhookLane()
        let first = lane.offer(#"{"n":1}"#, to: key, context: QueueContext(threadId: "t1"), source: "webhook:t1")
        let second = lane.offer(#"{"n":2}"#, to: key, context: QueueContext(threadId: "t2"), source: "webhook:t2")
        #expect(first < 0 && second < 0 && first != second, "never a store's queue row")
        let taken = lane.take(for: key, limit: 10)
        #expect(taken.map(\.json) == [#"{"n":1}"#, #"{"n":2}"#])
        #expect(taken[0].context.threadId == "t1" && taken[0].fromRun == "webhook:t1")
        #expect(Set(taken.map(\.messageID)).count == 2, "each runs under an id of its own")
        let restarted = WebhookLane()
        #expect(restarted.offer("{}", to: key, context: QueueContext(), source: "webhook:t") == first,
                "a lane's numbers start again with the process")
        let again = try #require(restarted.take(for: key, limit: 1).first)
        #expect(!taken.map(\.messageID).contains(again.messageID), "not its messages' ids, which name their runs")
        #expect(lane.take(for: key, limit: 10).isEmpty, "running: not handed out twice")
        lane.release([first, second], of: key)
        lane.remove([first], of: key)
        #expect(lane.take(for: key, limit: 10).map(\.id) == [second])
        lane.remove([second], of: key)
        #expect(lane.count == 0)
    }

    @Test func aWithdrawWaitsForTheRunUnderWayAndFindsNothingOnceItCommitted() async {
        let lane = WebhookLane()
        let id = lane.offer("{}", to: key, context: QueueContext(threadId: "t"), source: "webhook:t")
        _ = lane.take(for: key, limit: 1)
        let committer = Task {
            try? await Task.sleep(for: .milliseconds(100))
            lane.remove([id], of: key)
        }
        let started = ContinuousClock.now
        #expect(await lane.withdraw(id, of: key) == .committed)
        #expect(ContinuousClock.now - started >= .milliseconds(90), "it waited for the run to end")
        await committer.value
    }

    @Test func aRequestNotCommittedIsWithdrawnWholeAndStaysSettlingUntilQueued() async {
        let lane = WebhookLane()
        let id = lane.offer(#"{"n":3}"#, to: key, context: QueueContext(threadId: "t3"), source: "webhook:t3")
        _ = lane.take(for: key, limit: 1)
        lane.release([id], of: key)
        guard case .toQueue(let withdrawn) = await lane.withdraw(id, of: key) else {
            Issue.record("a request no run committed is the caller's to queue")
            return
        }
        #expect(withdrawn.json == #"{"n":3}"# && withdrawn.context.threadId == "t3")
        #expect(lane.take(for: key, limit: 1).isEmpty, "its caller queues it: no run takes it meanwhile")
        #expect(lane.isSettling && lane.withdrawWaiting().isEmpty, "nor does the service's end queue it a second time")
        #expect(await lane.withdraw(id, of: key) == .committed, "asked again: it is being queued")
        lane.remove([id], of: key)
        #expect(!lane.isSettling && lane.count == 0)
    }

    @Test func aRequestWhoseRunTheStoreRefusedIsNeitherRunAgainNorQueued() async {
        let lane = WebhookLane()
        let id = lane.offer("{}", to: key, context: QueueContext(threadId: "t"), source: "webhook:t")
        _ = lane.take(for: key, limit: 1)
        lane.refuse([id], of: key, because: "the store's disk is full")
        lane.release([id], of: key)
        #expect(lane.take(for: key, limit: 1).isEmpty && lane.withdrawWaiting().isEmpty)
        #expect(await lane.withdraw(id, of: key) == .refused("the store's disk is full"))
        lane.remove([id], of: key)
        #expect(lane.count == 0)
    }

    @Test func whatWaitsAtTheEndIsWithdrawnOldestFirstAndWhatRunsIsLeft() {
        let lane = WebhookLane()
        let other = StepKey(flow: "other", step: "step_1")
        _ = lane.offer("1", to: key, context: QueueContext(), source: "webhook:a")
        _ = lane.offer("2", to: other, context: QueueContext(), source: "webhook:b")
        _ = lane.offer("3", to: key, context: QueueContext(), source: "webhook:c")
        let running = lane.take(for: key, limit: 1)
        #expect(running.map(\.json) == ["1"])
        #expect(lane.withdrawWaiting().map(\.json) == ["2", "3"])
        #expect(lane.count == 1 && lane.isSettling, "the running one is its run's")
        lane.release(running.map(\.id), of: key)
        #expect(!lane.isSettling && lane.withdrawWaiting().map(\.json) == ["1"])
    }
}

/// The store's queues with the lane before them: neither keeps the other waiting under load.
@Suite struct StoreQueuesLaneTests {
    @Test func aGroupTakesAtMostHalfFromTheLaneWhileTheStoreHasMessagesAndFillsUpFromEither() async throws {
        let store = MemorySnapshotStore()
        let key = StepKey(flow: "hook", step: "step_1")
        let queues = StoreQueues(store: store)
        _ = try await store.enqueue((1...3).map { ForwardedMessage(to: key, json: #"{"stored":\#($0)}"#) }, source: "webhook:timed-out")
        for n in 1...10 { _ = queues.lane.offer(#"{"lane":\#(n)}"#, to: key, context: QueueContext(), source: "webhook:\(n)") }
        let first = try await queues.next(for: key, limit: 4)
        #expect(first.map(\.json) == [#"{"lane":1}"#, #"{"lane":2}"#, #"{"stored":1}"#, #"{"stored":2}"#])
        // With nothing in the store, the lane fills the whole group.
        let other = StepKey(flow: "hook", step: "step_2")
        for n in 1...5 { _ = queues.lane.offer(#"{"only":\#(n)}"#, to: other, context: QueueContext(), source: "webhook:o\(n)") }
        let second = try await queues.next(for: other, limit: 4)
        #expect(second.map(\.json) == (1...4).map { #"{"only":\#($0)}"# })
        #expect(queues.consumption(of: second[0]) == .held && queues.consumption(of: first[2]) == .queueRow(first[2].id))
    }
}

import JSHostCore
import JSEngine
import Foundation

/// The event loop, as libuv runs Node's: each turn drains ticks, takes I/O events, fires due timers, runs
/// immediates, and sleeps until the next timer, an I/O event or the deadline, as long as something keeps it alive.
extension NodeRuntime {
    /// Runs timers and immediates until nothing keeps the loop alive, or `shouldStop` says so.
    /// The engine's deadline bounds both script execution and waiting.
    public func runLoop(until shouldStop: () -> Bool = { false }) throws(NodeRuntimeError) {
        let fireTimer = internals["fireTimer"]
        let runImmediate = internals["runImmediate"]
        let immediateCount = internals["immediateCount"]
        let hasRefedImmediates = internals["hasRefedImmediates"]
        let ioEvent = internals["ioEvent"]
        while true {
            if ticksPending { try invoke(internals["drainTicks"], this: internals, []) }
            if shouldStop() { return }
            let now = ContinuousClock.now
            if let deadline = engine.deadline, now >= deadline { throw .timedOut }
            for event in inbox.take() {
                try engine.withValues(making: [
                    { self.engine.number(event.id) }, { self.engine.string(event.kind) },
                    { event.text.map(self.engine.string) ?? self.engine.undefined },
                    { event.bytes.map(self.engine.uint8Array) ?? self.engine.undefined }, { self.engine.number(event.number) },
                ]) { arguments throws(NodeRuntimeError) in _ = try invoke(ioEvent, this: internals, arguments) }
            }
            while let id = timers.popDue(now: now) {
                try invoke(fireTimer, this: internals, [engine.number(id)])
            }
            let pendingImmediates = try invoke(immediateCount, this: internals, []).toInt()
            for _ in 0..<pendingImmediates {
                try invoke(runImmediate, this: internals, [])
            }
            if shouldStop() { return }
            let immediatesAlive = try invoke(hasRefedImmediates, this: internals, []).isTruthy
            if immediatesAlive { continue }
            let ioAlive = inbox.hasPendingOperations
            if timers.refedCount == 0 && !ioAlive { return }
            // Sleep until the next timer or the run's deadline; an I/O event wakes the loop earlier.
            var wakeUp = timers.nextDeadline()
            if let deadline = engine.deadline { wakeUp = wakeUp.map { min($0, deadline) } ?? deadline }
            let date = wakeUp.map { Date().addingTimeInterval(max(0, ContinuousClock.now.duration(to: $0).inSeconds)) }
            inbox.wait(until: date)
        }
    }
}

/// The timer half of the event loop: a min-heap of deadlines keyed by (deadline, sequence).
/// Callbacks live in JS (`TimersScript`); this only knows ids, deadlines and whether each timer keeps the loop alive.
struct TimerQueue {
    private struct Entry: Comparable {
        var deadline: ContinuousClock.Instant
        var sequence: UInt64
        var id: Int
        static func < (a: Entry, b: Entry) -> Bool {
            a.deadline == b.deadline ? a.sequence < b.sequence : a.deadline < b.deadline
        }
    }

    private var heap: [Entry] = []
    /// id → (sequence of its live heap entry, keeps the loop alive). Stale heap entries are skipped lazily.
    private var live: [Int: (sequence: UInt64, refed: Bool)] = [:]
    private var sequence: UInt64 = 0

    var refedCount: Int { live.values.reduce(0) { $0 + ($1.refed ? 1 : 0) } }
    var isEmpty: Bool { live.isEmpty }

    mutating func start(id: Int, delayMilliseconds: Double, refed: Bool, now: ContinuousClock.Instant) {
        sequence += 1
        let deadline = now.advanced(by: .nanoseconds(Int64(delayMilliseconds * 1_000_000)))
        live[id] = (sequence, refed)
        push(Entry(deadline: deadline, sequence: sequence, id: id))
    }

    mutating func clear(id: Int) { live[id] = nil }

    mutating func setRef(id: Int, refed: Bool) {
        if let entry = live[id] { live[id] = (entry.sequence, refed) }
    }

    /// The earliest live deadline.
    mutating func nextDeadline() -> ContinuousClock.Instant? {
        dropStale()
        return heap.first?.deadline
    }

    /// Removes and returns the id of the earliest timer due at `now`, if any.
    mutating func popDue(now: ContinuousClock.Instant) -> Int? {
        dropStale()
        guard let first = heap.first, first.deadline <= now else { return nil }
        popFirst()
        live[first.id] = nil
        return first.id
    }

    private mutating func dropStale() {
        while let first = heap.first, live[first.id]?.sequence != first.sequence { popFirst() }
    }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popFirst() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && heap[left] < heap[smallest] { smallest = left }
            if right < heap.count && heap[right] < heap[smallest] { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

import Foundation

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

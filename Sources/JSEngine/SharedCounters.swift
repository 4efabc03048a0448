import CJavaScriptCore

/// A few 32-bit integers that JavaScript writes (through `JSEngine.int32Array(over:)`) and another thread reads,
/// without a call into Swift per write: a stream marks each message's start this way (a host call per message cost
/// 4 % of a stream's time). Reads are atomic loads; JS writes aligned 32-bit values, which no reader sees torn.
public final class SharedCounters: @unchecked Sendable {  // raw memory read with atomic loads, as said above
    let storage: UnsafeMutablePointer<Int32>
    public let count: Int

    public init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0, count: count)
    }

    deinit { storage.deallocate() }

    /// The value at `index`, read from any thread.
    public func load(_ index: Int) -> Int32 {
        precondition(index >= 0 && index < count, "SharedCounters index \(index) out of 0..<\(count)")
        return jshost_load_relaxed_i32(storage + index)
    }
}

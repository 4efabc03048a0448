import Dispatch

extension Duration {
    /// Whole nanoseconds, never negative: what timers and histograms take.
    public var nanoseconds: Int64 {
        let parts = components
        return max(0, parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }

    /// As Dispatch's interval, for a timer on a queue.
    public var dispatchInterval: DispatchTimeInterval { .nanoseconds(Int(nanoseconds)) }
}

/// sailor's publish rate limits (`DATA_RATE_LIMIT`, `ERROR_RATE_LIMIT`, `SNAPSHOT_RATE_LIMIT` per `RATE_INTERVAL`
/// ms): at most `limit` publishes begin within any `interval`; one more waits until the oldest of them is
/// `interval` old. The caller waits; the throttle only says how long, so it can be tested without a clock.
public struct PublishThrottle: Sendable {
    public let limit: Int
    public let interval: Duration
    /// When each of the last `limit` publishes began (or will, once its wait is over): a ring, `next` the oldest
    /// once it is full, so a booking costs the same whatever the limit.
    private var starts: [ContinuousClock.Instant] = []
    private var next = 0

    public init(limit: Int, interval: Duration) {
        self.limit = max(limit, 1)
        self.interval = interval
    }

    /// Books the next publish asked for at `now`: how long to wait before it may begin (zero when it may at once).
    public mutating func reserve(at now: ContinuousClock.Instant = .now) -> Duration {
        var begins = now
        guard starts.count == limit else {
            starts.append(begins)
            return .zero
        }
        let earliest = starts[next] + interval
        if earliest > begins { begins = earliest }
        starts[next] = begins
        next = (next + 1) % limit
        return begins - now
    }
}

extension SailorSettings {
    /// The throttles sailor puts on data, errors and snapshots (updateSnapshot is not throttled).
    public var dataThrottle: PublishThrottle { PublishThrottle(limit: dataRateLimit, interval: .milliseconds(rateInterval)) }
    public var errorThrottle: PublishThrottle { PublishThrottle(limit: errorRateLimit, interval: .milliseconds(rateInterval)) }
    public var snapshotThrottle: PublishThrottle { PublishThrottle(limit: snapshotRateLimit, interval: .milliseconds(rateInterval)) }
}

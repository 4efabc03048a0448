/// How far one evaluation may go before it is stopped: a runaway loop (time), a runaway recursion (depth of
/// nested evaluation), a result too large to carry (bytes of its JSON).
public struct JSONataLimits: Codable, Sendable, Equatable {
    public var timeout: Duration
    public var maxDepth: Int
    public var maxResultBytes: Int

    public init(timeout: Duration = .seconds(1), maxDepth: Int = 2000, maxResultBytes: Int = 10 * 1024 * 1024) {
        self.timeout = timeout
        self.maxDepth = maxDepth
        self.maxResultBytes = maxResultBytes
    }
}

import Foundation

/// How long an HTTP client may take and how many connections clients may hold: what keeps a slow or hostile
/// client from holding the service (docs/operations.md lists the defaults and the flags that change them).
public struct ConnectionLimits: Sendable {
    /// From a request's first byte to the end of its head.
    public var headerTimeout: Duration = .seconds(10)
    /// From a request's head to the end of its body, however slowly the bytes come.
    public var bodyTimeout: Duration = .seconds(60)
    /// A kept-alive connection with no request.
    public var idleTimeout: Duration = .seconds(30)
    /// A response the client does not read: how long the socket may stay full.
    public var writeTimeout: Duration = .seconds(30)
    /// Most connections open at once. At the limit a new one takes the place of the longest idle one (or of one
    /// still sending its head); when every connection has a request in progress, the new one is answered 503.
    public var maxConnections = 1024

    public init() {}

    /// File descriptors kept for the store, the workers' pipes and the broker, beside the connections.
    static let reservedDescriptors = 128

    /// The connection limit that fits the process's descriptor limit, after raising its soft limit to the hard one
    /// (as Go's runtime does): a server that runs out of descriptors stops accepting anything, health checks included.
    package func fittedToDescriptors() -> (limits: ConnectionLimits, lowered: Bool) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (self, false) }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let available = Int(clamping: limit.rlim_cur) - Self.reservedDescriptors
        guard available < maxConnections else { return (self, false) }
        var fitted = self
        fitted.maxConnections = max(available, 16)
        return (fitted, true)
    }
}

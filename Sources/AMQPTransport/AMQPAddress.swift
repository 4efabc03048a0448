import Foundation

/// Where a broker is and how to log in: an `amqp://user:password@host:port/vhost` URI, as sailor takes one.
public struct AMQPAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String
    public var vhost: String
    /// Seconds between heartbeats (`?heartbeat=N`; 0 turns them off): a broker that vanishes without closing the
    /// connection is noticed after two missed ones.
    public var heartbeatSeconds: Int

    public static let defaultHeartbeatSeconds = 10

    public init(host: String, port: Int = 5672, user: String = "guest", password: String = "guest", vhost: String = "/",
                heartbeatSeconds: Int = AMQPAddress.defaultHeartbeatSeconds) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.vhost = vhost
        self.heartbeatSeconds = heartbeatSeconds
    }

    /// `amqp://guest:guest@127.0.0.1:5672/` (a path of `/` or none is the default vhost `/`; `%2F` and other escapes
    /// are decoded), with `?heartbeat=N` as RabbitMQ's URI spec has it (other query parameters are let be). Read by hand: Foundation's URLComponents reaches for its ICU to decode a host, which clashes
    /// with the system ICU JavaScriptCore loads in the same process.
    public init(uri: String) throws(AMQPError) {
        let shown = uri.replacingOccurrences(of: #"//[^@/]*@"#, with: "//…@", options: .regularExpression)
        let refusal = AMQPError("\(shown) is not an amqp://user:password@host:port/vhost URI")
        guard uri.hasPrefix("amqp://") else { throw refusal }
        var rest = Substring(uri.dropFirst("amqp://".count))
        var heartbeat = Self.defaultHeartbeatSeconds
        if let question = rest.firstIndex(of: "?") {
            for parameter in rest[rest.index(after: question)...].split(separator: "&") {
                let parts = parameter.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0] == "heartbeat" else { continue }
                guard let seconds = Int(parts[1]), (0...65535).contains(seconds) else { throw refusal }
                heartbeat = seconds
            }
            rest = rest[..<question]
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        var user = "guest", password = "guest"
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            if parts.count > 1 { password = String(parts[1]).removingPercentEncoding ?? String(parts[1]) }
        }
        var port = 5672
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else { throw refusal }
            port = number
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw refusal }
        host = String(rest)
        self.port = port
        self.user = user
        self.password = password
        vhost = path.isEmpty ? "/" : (path.removingPercentEncoding ?? path)
        heartbeatSeconds = heartbeat
    }
}

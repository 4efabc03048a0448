import FlowService
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The server's open connections across its event loops: how many, and which are idle (no request in progress)
/// since when, so that at the limit the longest idle one makes room for a new one, as nginx reuses idle
/// keep-alive connections. A flood of idle or half-sent connections then cannot lock out a health check.
final class OpenConnections: Sendable {
    enum Admission {
        case admitted
        /// Admitted, in place of this connection (closed by the caller).
        case replacing(any Channel)
        /// Every connection has a request in progress: the new one is turned away.
        case refused
    }

    enum Closing: String, CaseIterable {
        case idle, header, body, write, replaced, refused
    }

    private struct Entry {
        let channel: any Channel
        /// Nil while a request is in progress.
        var idleSince: NIODeadline?
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var lastWarning: NIODeadline?
        var unreported: [Closing: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())
    let limit: Int
    private let logger: Logger
    private let metrics: ServiceMetrics?

    init(limit: Int, logger: Logger, metrics: ServiceMetrics? = nil) {
        self.limit = limit
        self.logger = logger
        self.metrics = metrics
    }

    var count: Int { state.withLockedValue { $0.entries.count } }

    func opened(_ channel: any Channel) -> Admission {
        let id = ObjectIdentifier(channel)
        let now = NIODeadline.now()
        let admission: Admission = state.withLockedValue { state in
            guard state.entries.count >= limit else {
                state.entries[id] = Entry(channel: channel, idleSince: now)
                return .admitted
            }
            let oldest = state.entries.min { ($0.value.idleSince ?? .distantFuture) < ($1.value.idleSince ?? .distantFuture) }
            guard let oldest, oldest.value.idleSince != nil else { return .refused }
            state.entries[oldest.key] = nil
            state.entries[id] = Entry(channel: channel, idleSince: now)
            return .replacing(oldest.value.channel)
        }
        metrics?.openConnections(count)
        switch admission {
        case .admitted: break
        case .replacing: count(.replaced)
        case .refused: count(.refused)
        }
        return admission
    }

    func closed(_ channel: any Channel) {
        let open = state.withLockedValue { state in
            state.entries.removeValue(forKey: ObjectIdentifier(channel))
            return state.entries.count
        }
        metrics?.openConnections(open)
    }

    /// A request began (nil) or the connection went idle (when).
    func mark(_ channel: any Channel, idleSince: NIODeadline?) {
        state.withLockedValue { state in
            let id = ObjectIdentifier(channel)
            if state.entries[id] != nil { state.entries[id]?.idleSince = idleSince }
        }
    }

    /// Counts a connection closed by the server, and says so in the log at most every ten seconds: an operator
    /// sees a flood or a stalled client without a line per connection. An idle keep-alive connection closing is
    /// ordinary and only counted.
    func count(_ reason: Closing) {
        metrics?.connectionClosed(reason: reason.rawValue)
        guard reason != .idle else { return }
        let now = NIODeadline.now()
        let report: [Closing: Int]? = state.withLockedValue { state in
            state.unreported[reason, default: 0] += 1
            if let last = state.lastWarning, now - last < .seconds(10) { return nil }
            state.lastWarning = now
            defer { state.unreported = [:] }
            return state.unreported
        }
        guard let report else { return }
        let text = Closing.allCases.compactMap { reason in report[reason].map { "\($0) \(reason)" } }.joined(separator: ", ")
        logger.warning("HTTP connections closed by the server: \(text) (limits: docs/operations.md)",
                       metadata: ["open": "\(count)", "limit": "\(limit)"])
    }
}

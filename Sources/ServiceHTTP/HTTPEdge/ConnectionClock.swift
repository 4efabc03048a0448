import FlowService
import JSHostCore
import NIOCore

/// One connection's timers: the phase it is in (waiting for a request, reading a head, reading a body, answering)
/// decides how long it may stay so. Confined to the connection's event loop; shared by its two watchers, the one
/// that sees bytes as they arrive and the one that sees requests and responses.
final class ConnectionClock {
    private let limits: ConnectionLimits
    private let connections: OpenConnections
    private let channel: any Channel
    /// The byte watcher's context: an answer written there goes straight to the socket.
    private let context: ChannelHandlerContext

    /// Heads read whose response has not ended.
    private var openRequests = 0
    /// A head was read and its body's end was not yet.
    private var readingBody = false
    private var bodyStarted = NIODeadline.now()
    /// Whether the oldest open request's response has begun.
    private var responseStarted = false
    /// When the bytes of a head not yet whole began to arrive.
    private var headStarted: NIODeadline?
    private var lastActivity = NIODeadline.now()
    private var closeAfterResponse = false
    private var closed = false
    private var admitted = false

    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    private var stallTimer: Scheduled<Void>?

    init(limits: ConnectionLimits, connections: OpenConnections, context: ChannelHandlerContext) {
        self.limits = limits
        self.connections = connections
        self.channel = context.channel
        self.context = context
    }

    // MARK: What the watchers report

    func opened() {
        guard !admitted else { return }
        admitted = true
        switch connections.opened(channel) {
        case .admitted:
            schedule()
        case .replacing(let other):
            other.close(promise: nil)
            schedule()
        case .refused:
            closed = true
            answerAndClose(503, "the server has as many connections as it takes, each with a request in progress; try again shortly")
        }
    }

    func bytesArrived() {
        guard !readingBody, headStarted == nil, !closed else { return }
        headStarted = .now()
        schedule()
    }

    func headRead() {
        headStarted = nil
        readingBody = true
        bodyStarted = .now()
        openRequests += 1
        connections.mark(channel, idleSince: nil)
        schedule()
    }

    func endRead() {
        readingBody = false
        schedule()
    }

    /// The response's head is going out; whether it asks for the connection to close after it.
    func responseBegins(closing: Bool) {
        responseStarted = true
        if closing { closeAfterResponse = true }
    }

    /// The response ended; whether the connection should now close.
    func responseEnded() -> Bool {
        openRequests = max(openRequests - 1, 0)
        responseStarted = false
        lastActivity = .now()
        if openRequests == 0 && !readingBody { connections.mark(channel, idleSince: lastActivity) }
        schedule()
        return closeAfterResponse && openRequests == 0
    }

    /// Writes stopped going out (the client does not read): closed if they stay stopped for the write timeout.
    func writesStalled() {
        guard stallTimer == nil, !closed else { return }
        stallTimer = channel.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(limits.writeTimeout)) { [self] in
            stallTimer = nil
            guard !channel.isWritable else { return }
            close(.write)
        }
    }

    func writesFlowing() {
        stallTimer?.cancel()
        stallTimer = nil
    }

    func channelClosed() {
        closed = true
        timer?.cancel()
        stallTimer?.cancel()
        connections.closed(channel)
    }

    // MARK: Timers

    /// The phase's deadline, and what passing it means; nil while a request is being answered.
    private var deadline: (at: NIODeadline, reason: OpenConnections.Closing)? {
        if readingBody { return (bodyStarted + TimeAmount(limits.bodyTimeout), .body) }
        if openRequests > 0 { return nil }
        if let headStarted { return (headStarted + TimeAmount(limits.headerTimeout), .header) }
        return (lastActivity + TimeAmount(limits.idleTimeout), .idle)
    }

    /// One timer per connection: set again only when the deadline comes sooner than the one it waits for; when it
    /// fires it looks at the phase the connection is in then.
    private func schedule() {
        guard !closed, let next = deadline?.at else { return }
        if let pending = timerDeadline, pending <= next { return }
        timer?.cancel()
        timerDeadline = next
        timer = channel.eventLoop.assumeIsolated().scheduleTask(deadline: next) { [self] in
            timer = nil
            timerDeadline = nil
            expire()
        }
    }

    private func expire() {
        guard !closed, let (at, reason) = deadline else { return }
        guard at <= .now() else { return schedule() }
        switch reason {
        case .header:
            close(reason, answering: 408, "the request's head did not arrive within \(Self.seconds(limits.headerTimeout)) s")
        case .body where !responseStarted:
            close(reason, answering: 408, "the request's body did not arrive within \(Self.seconds(limits.bodyTimeout)) s")
        default:
            close(reason)
        }
    }

    private func close(_ reason: OpenConnections.Closing, answering status: Int? = nil, _ detail: String = "") {
        guard !closed else { return }
        closed = true
        connections.count(reason)
        if let status { answerAndClose(status, detail) } else { channel.close(promise: nil) }
    }

    /// An answer written below the HTTP codec (no request is being answered, so nothing else writes), then closed.
    private func answerAndClose(_ status: Int, _ detail: String) {
        let refusal = ApiRefusal(status: status, detail: detail)
        let body = refusal.json
        var head = "HTTP/1.1 \(status) \(refusal.title)\r\nContent-Type: application/vnd.api+json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
        if status == 503 { head += "Retry-After: 1\r\n" }
        let buffer = channel.allocator.buffer(string: head + "\r\n" + body)
        let channel = self.channel
        context.writeAndFlush(NIOAny(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }

    /// After an answer that closes the connection: the output is shut first, so the client reads the whole answer
    /// rather than a reset while it is still sending a body nobody reads; the connection closes a moment later.
    func lingerThenClose() {
        closed = true
        timer?.cancel()
        channel.close(mode: .output, promise: nil)
        let channel = self.channel
        channel.eventLoop.scheduleTask(in: Self.linger) { channel.close(promise: nil) }
    }

    static let linger = TimeAmount.seconds(2)

    private static func seconds(_ duration: Duration) -> String {
        let value = duration.inSeconds
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}

extension TimeAmount {
    init(_ duration: Duration) { self = .nanoseconds(duration.nanoseconds) }
}

import FlowService
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Hummingbird's HTTP/1.1 server with each connection watched by a `ConnectionClock`: timeouts for heads, bodies,
/// idle connections and unread responses, a connection limit, and a close after any answer that says
/// `Connection: close` (an early 413 does not wait for the body it refuses).
enum GuardedServer {
    static func http1(limits: ConnectionLimits, connections: OpenConnections) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            GuardedHTTP1Channel(
                http1: HTTP1Channel(responder: responder, configuration: .init(additionalChannelHandlers: [RequestWatcher()])),
                limits: limits, connections: connections)
        }
    }
}

struct GuardedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value
    let http1: HTTP1Channel
    let limits: ConnectionLimits
    let connections: OpenConnections

    var responder: Responder { http1.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            // First in the pipeline, so it sees bytes before the HTTP decoder turns them into requests.
            try channel.pipeline.syncOperations.addHandler(ByteWatcher(limits: limits, connections: connections))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

/// Sees a connection's bytes as they arrive, and owns its clock.
final class ByteWatcher: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let limits: ConnectionLimits
    private let connections: OpenConnections
    private(set) var clock: ConnectionClock?

    init(limits: ConnectionLimits, connections: OpenConnections) {
        self.limits = limits
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        clock = ConnectionClock(limits: limits, connections: connections, context: context)
        if context.channel.isActive { clock?.opened() }
    }

    func channelActive(context: ChannelHandlerContext) {
        clock?.opened()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        clock?.channelClosed()
        clock = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        clock?.bytesArrived()
        context.fireChannelRead(data)
    }
}

/// Sees requests and responses: when a head and a body's end arrive, when an answer begins and ends, and whether
/// the client reads what is written.
final class RequestWatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var clock: ConnectionClock?

    func handlerAdded(context: ChannelHandlerContext) {
        clock = try? context.pipeline.syncOperations.handler(type: ByteWatcher.self).clock
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: clock?.headRead()
        case .body: break
        case .end: clock?.endRead()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            let closing = head.headerFields[.connection]?.lowercased().contains("close") ?? false
            clock?.responseBegins(closing: closing)
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard let clock, clock.responseEnded() else { return context.write(data, promise: promise) }
            let written = promise ?? context.eventLoop.makePromise()
            context.write(data, promise: written)
            written.futureResult.hop(to: context.eventLoop).assumeIsolated().whenComplete { _ in clock.lingerThenClose() }
        }
        if !context.channel.isWritable { clock?.writesStalled() }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { clock?.writesFlowing() } else { clock?.writesStalled() }
        context.fireChannelWritabilityChanged()
    }
}

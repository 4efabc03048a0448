import FlowService
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SnapshotStore
import UnixSignals

/// Runs `jshost serve` until SIGTERM or SIGINT: its flows started first, then the HTTP server; on the signal, the
/// flows drain (running messages finish and commit, shutdown hooks run), then the broker and the server stop.
public enum ServiceHost {
    /// `onListening` gets the address the server took (its port, when 0 was asked for), once the flows started.
    /// The port is taken first: a service that cannot listen starts no flow (their startup hooks would run for
    /// nothing). Requests that come before the flows started are answered 503.
    public static func run(_ configuration: ServiceConfiguration, store: any ServiceStore, broker: (any StepBroker)? = nil, logger: Logger,
                           onListening: @escaping @Sendable (_ host: String, _ port: Int, _ flows: Int, _ active: Int) -> Void) async throws {
        let service = FlowService(configuration: configuration, store: store, broker: broker, logger: logger)
        if !isLoopback(configuration.host), try await !service.store.hasApiKeys() {
            throw ServiceAddressError(message: "refusing to listen on \(configuration.host): no API keys are configured, so anyone who can reach it could read and change snapshots; make one with `jshost apikey create NAME --role edit`, or listen on 127.0.0.1")
        }
        let (limits, lowered) = configuration.connections.fittedToDescriptors()
        if lowered {
            logger.warning("at most \(limits.maxConnections) HTTP connections: the process may open few files (ulimit -n); raise the limit to take \(configuration.connections.maxConnections)")
        }
        let connections = OpenConnections(limit: limits.maxConnections, logger: logger, metrics: service.metrics)
        let allowedHosts = AllowedHosts(listeningOn: configuration.host, extra: configuration.allowedHosts)
        let router = ServiceRoutes.router(service, maxRequestBytes: configuration.maxRequestBytes, allowedHosts: allowedHosts)
        var serverLogger = logger
        serverLogger.logLevel = .warning
        let listening = Listening()
        let app = Application(
            router: router,
            server: GuardedServer.http1(limits: limits, connections: connections),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "jshost"),
            onServerRunning: { channel in listening.bound(port: channel.localAddress?.port ?? configuration.port) },
            logger: serverLogger)
        let flows = FlowRunning(service: service, listening: listening) { port, flows, active in
            onListening(configuration.host, port, flows, active)
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            // Ended in reverse order: pruning, the flows (their drain), the broker, the HTTP server.
            services: [.init(service: app), .init(service: service.broker), .init(service: flows),
                       .init(service: StorePruning(store: store, policy: configuration.retention, interval: configuration.pruneInterval,
                                                   metrics: service.metrics, logger: logger))],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: serverLogger))
        do {
            try await group.run()
        } catch let error as IOError where [EADDRINUSE, EACCES, EADDRNOTAVAIL].contains(error.errnoCode) {
            let why = error.errnoCode == EADDRINUSE ? "another program is listening there"
                : error.errnoCode == EACCES ? "this user may not listen on that port" : "this machine has no such address"
            throw ServiceAddressError(message: "cannot listen on \(configuration.host):\(configuration.port): \(why); choose another --port or --host")
        }
    }

    /// Whether only this machine can reach the address.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// The service could not take its address.
public struct ServiceAddressError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The port the server took, once it took one.
final class Listening: Sendable {
    private let port = AsyncStream<Int>.makeStream()

    func bound(port number: Int) {
        port.continuation.yield(number)
        port.continuation.finish()
    }

    /// Nil when the server never listened (the service is ending).
    func wait() async -> Int? {
        for await number in port.stream { return number }
        return nil
    }
}

/// Starts the flows once the server listens, holds them while the service runs, and drains them when it is asked
/// to stop (before the HTTP server stops: the service group ends its services in reverse order).
struct FlowRunning: Service {
    let service: FlowService
    let listening: Listening
    let announce: @Sendable (_ port: Int, _ flows: Int, _ active: Int) -> Void

    func run() async throws {
        let port = await cancelWhenGracefulShutdown { await listening.wait() }
        guard let port else { return }
        try await service.startFlows()
        announce(port, await service.flowCount, await service.activeCount)
        try? await gracefulShutdown()
        await service.drain()
    }
}

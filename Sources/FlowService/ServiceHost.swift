import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SnapshotStore

/// Runs `jshost serve` until SIGTERM or SIGINT: its flows started first, then the HTTP server; on the signal, the
/// flows drain (running messages finish and commit, shutdown hooks run), then the server stops.
public enum ServiceHost {
    /// `onListening` gets the address the server took (its port, when 0 was asked for).
    public static func run(_ configuration: ServiceConfiguration, store: any ServiceStore, broker: (any StepBroker)? = nil, logger: Logger,
                           onListening: @escaping @Sendable (_ host: String, _ port: Int, _ flows: Int, _ active: Int) -> Void) async throws {
        let service = FlowService(configuration: configuration, store: store, broker: broker, logger: logger)
        if !isLoopback(configuration.host), try await !service.parts.store.hasApiKeys() {
            throw ServiceAddressError(message: "refusing to listen on \(configuration.host): no API keys are configured, so anyone who can reach it could read and change snapshots; make one with `jshost apikey create NAME --role edit`, or listen on 127.0.0.1")
        }
        try await service.startFlows()
        let flows = await service.flowCount, active = await service.activeCount
        let router = ServiceRoutes.router(service, maxRequestBytes: configuration.maxRequestBytes)
        var serverLogger = logger
        serverLogger.logLevel = .warning
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "jshost"),
            onServerRunning: { channel in
                onListening(configuration.host, channel.localAddress?.port ?? configuration.port, flows, active)
            },
            logger: serverLogger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: app), .init(service: FlowDraining(service: service))],
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

/// Holds the flows while the service runs, and drains them when it is asked to stop (before the HTTP server
/// stops: the service group ends its services in reverse order).
struct FlowDraining: Service {
    let service: FlowService

    func run() async throws {
        try? await gracefulShutdown()
        await service.drain()
    }
}

import AMQPTransport
import Foundation
import JSHostCore
import Logging
import MemoryStore
import ServiceLifecycle
import SnapshotStore
import TestSupport
import Testing
@testable import BrokerQueues

/// The RabbitMQ broker as a service of a service group, against a real RabbitMQ of the tests' own and the memory
/// store: while the group runs, what the store queued reaches the step through the broker; at the group's graceful
/// shutdown its `run` ends, and nothing more is relayed (what is queued then stays in the store).
@Suite(.serialized, .timeLimit(.minutes(10)), .enabled(if: TestRequirements.met(RabbitMQServer.available), "needs rabbitmq-server"))
struct StepBrokerServiceTests {
    @Test func theBrokerRelaysWhileItsGroupRunsAndStopsAtItsShutdown() async throws {
        let server = try RabbitMQServer.shared.get()
        let store = MemorySnapshotStore()
        let key = StepKey(flow: "service-\(UUID().uuidString.prefix(8).lowercased())", step: "step_2")
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let broker = AMQPStepBroker(address: try AMQPAddress(uri: server.uri), store: store, prefetch: 1, logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: broker)], logger: logger))
        let running = Task { try await group.run() }
        let (arrivals, arrived) = AsyncStream.makeStream(of: StepKey.self)
        try await broker.start(steps: [key], consuming: [key]) { arrived.yield($0) }

        let first = try await store.enqueue([ForwardedMessage(to: key, json: #"{"body":{"n":1}}"#)], source: "test")
        broker.queued(for: [key])
        var iterator = arrivals.makeAsyncIterator()
        #expect(await iterator.next() == key)
        let delivered = try await broker.next(for: key, limit: 1)
        #expect(delivered.map(\.id) == first && delivered.first?.json == #"{"body":{"n":1}}"#)
        // Published once: no publisher claims it again.
        #expect(try await store.claimUnpublished(for: [key], claim: .seconds(1), limit: 10).isEmpty)
        broker.taken(first, of: key)

        await group.triggerGracefulShutdown()
        try await running.value
        let second = try await store.enqueue([ForwardedMessage(to: key, json: #"{"body":{"n":2}}"#)], source: "test")
        broker.queued(for: [key])
        try await Task.sleep(for: .seconds(2))
        // Nobody relays it any more: it is still the store's to publish.
        #expect(try await store.claimUnpublished(for: [key], claim: .seconds(1), limit: 10).map(\.id) == second)
    }
}

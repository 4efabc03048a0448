import SailorWire
import AMQPTransport
import FlowService
import Foundation
import Logging
import ServiceLifecycle
import SnapshotStore
import JSHostCore

/// The steps' queues on RabbitMQ, for `jshost serve --broker`. Two connections, as sailor has: one consumes every
/// served step's queue, the other publishes with the broker's confirms. A step's queue has a single active
/// consumer (RabbitMQ's `x-single-active-consumer`): one host takes a step's messages, in order, and another takes
/// over when it goes; the step's lease in the store still fences a host that lost the broker but not its run.
///
/// Publishing: what a commit queued in the store is claimed from it, published persistent and mandatory, and
/// marked published once the broker confirmed it; a host that dies in between leaves it to be claimed again when
/// its claim passes. Taking: a delivery is handed to its step as the message the store queued, after asking the
/// store whether a commit consumed it already (then it is only acknowledged), and acknowledged once the step's
/// run committed. So a message runs again only if its host died before its commit, and reaches the store once.
///
/// `start` opens the connections once the flows are known; `run` (the broker as a service of the service group)
/// relays what the store queued until the group's graceful shutdown, then closes them.
public final class AMQPStepBroker: StepBroker, @unchecked Sendable {  // mutable state under `lock`; connections live on their BrokerThreads
    private let address: AMQPAddress
    private let store: any QueuePublishing
    private let logger: Logger
    private let prefetch: Int
    private let lock = NSLock()
    private var steps: [StepKey] = []
    private var consuming: Set<StepKey> = []
    private var byQueue: [String: StepKey] = [:]
    private var delivered: [StepKey: [Delivered]] = [:]
    private var foreignCount: Int64 = 0
    private var onDelivery: @Sendable (StepKey) -> Void = { _ in }
    private var consumer: BrokerThread?
    private var publisher: BrokerThread?
    private let publishing = Wakeup()

    struct Delivered {
        var message: QueuedMessage
        var tag: UInt64
        var generation: Int
    }

    /// How long a publisher's claim on queued messages lasts: another host publishes them after this if it died.
    static let claim: Duration = .seconds(15)
    static let batch = 256

    /// `prefetch`: how many unacknowledged deliveries of one step this host holds at most.
    public init(address: AMQPAddress, store: any QueuePublishing, prefetch: Int, logger: Logger) {
        self.address = address
        self.store = store
        self.prefetch = max(prefetch, 1)
        self.logger = logger
    }

    public func start(steps: [StepKey], consuming: Set<StepKey>, delivered: @escaping @Sendable (StepKey) -> Void) async throws {
        lock.withLock {
            self.consuming = consuming
            byQueue = Dictionary(steps.map { (BrokerNames.messages($0), $0) }, uniquingKeysWith: { first, _ in first })
            onDelivery = delivered
        }
        let address = address, host = ProcessInfo.processInfo.hostName
        let publisher = BrokerThread(name: "broker-publish", logger: logger) {
            let connection = try AMQPConnection(address, confirms: true, name: "\(host)-jshost-write")
            try Self.declare(steps, on: connection)
            return connection
        }
        // The relay claims the steps' messages once it has a publisher for them.
        lock.withLock {
            self.publisher = publisher
            self.steps = steps
        }
        // The first connection says at once whether the broker is there and the topology can be declared.
        do {
            _ = try await publisher.perform { _ in true }
        } catch {
            await publisher.stop()
            throw error
        }
        let prefetch = UInt16(clamping: prefetch)
        let consumer = BrokerThread(name: "broker-consume", logger: logger, open: { [weak self] in
            let connection = try AMQPConnection(address, name: "\(host)-jshost-read")
            try Self.declare(steps, on: connection)
            let consuming = self?.lock.withLock { self?.consuming } ?? []
            for key in steps where consuming.contains(key) { try connection.consume(queue: BrokerNames.messages(key), prefetch: prefetch) }
            return connection
        }, poll: { [weak self] connection, generation in
            guard let delivery = try connection.next(timeout: .milliseconds(20)) else { return }
            self?.receive(delivery, generation: generation, on: connection)
        }, lost: { [weak self] generation in
            self?.forget(generation: generation)
        })
        lock.withLock { self.consumer = consumer }
    }

    /// Each flow's exchange; each step's queue (one active consumer) and its rebounds queue, whose expired
    /// messages go back to the step's queue; all durable. Declaring what exists already changes nothing.
    static func declare(_ steps: [StepKey], on connection: AMQPConnection) throws {
        for flow in Set(steps.map(\.flow)).sorted() { try connection.declareExchange(BrokerNames.exchange(flow)) }
        for key in steps {
            let exchange = BrokerNames.exchange(key.flow), messages = BrokerNames.messages(key), rebounds = BrokerNames.rebounds(key)
            try connection.declareQueue(messages, arguments: [("x-single-active-consumer", .flag(true))])
            try connection.bind(queue: messages, exchange: exchange, routingKey: messages)
            try connection.declareQueue(rebounds, arguments: [("x-dead-letter-exchange", .text(exchange)),
                                                              ("x-dead-letter-routing-key", .text(messages))])
            try connection.bind(queue: rebounds, exchange: exchange, routingKey: rebounds)
        }
    }

    private func receive(_ delivery: AMQPDelivery, generation: Int, on connection: AMQPConnection) {
        let key = lock.withLock { byQueue[delivery.routingKey] }
        guard let key else {
            logger.error("a message came on \(delivery.routingKey), which is no served step's queue; it is rejected")
            try? connection.reject(delivery.deliveryTag, requeue: false)
            return
        }
        let message: QueuedMessage
        switch BrokerWire.incoming(delivery, key: key) {
        case .queued(let queued):
            message = queued
        case .foreign(let messageID, let json, let context):
            // Not the store's: it gets an id of this host's own (below zero, never a queue row's) to be settled by.
            let id = lock.withLock { () -> Int64 in
                foreignCount += 1
                return -foreignCount
            }
            message = QueuedMessage(id: id, key: key, json: json, context: context, fromRun: "broker:\(messageID)",
                                    availableAt: Date(), attempts: 0, deliveredMessageID: messageID)
        case .refused(let why):
            logger.error("a message on \(delivery.routingKey) is rejected, not run: \(why)")
            try? connection.reject(delivery.deliveryTag, requeue: false)
            return
        }
        let notify = lock.withLock {
            delivered[key, default: []].append(Delivered(message: message, tag: delivery.deliveryTag, generation: generation))
            return onDelivery
        }
        notify(key)
    }

    /// A connection went: its deliveries' tags are void, and the broker delivers them again.
    private func forget(generation: Int) {
        lock.withLock {
            for key in delivered.keys { delivered[key]?.removeAll { $0.generation <= generation } }
        }
    }

    public func next(for key: StepKey, limit: Int) async throws -> [QueuedMessage] {
        // A message published twice (its publisher died before marking it) is delivered twice: taken once.
        let head: [QueuedMessage] = lock.withLock {
            var seen = Set<String>()
            return (delivered[key] ?? []).map(\.message).filter { seen.insert($0.deliveredMessageID.map { "message \($0)" } ?? "row \($0.id)").inserted }
                .prefix(max(limit, 1)).map { $0 }
        }
        let rows = head.filter { $0.deliveredMessageID == nil }.map(\.id)
        guard !rows.isEmpty else { return head }
        let queued = try await store.stillQueued(rows)
        let consumed = rows.filter { !queued.contains($0) }
        if !consumed.isEmpty { taken(consumed, of: key) }
        return head.filter { $0.deliveredMessageID != nil || queued.contains($0.id) }
    }

    public func alreadyConsumed(messageID: String, of key: StepKey) {
        let ids = lock.withLock { (delivered[key] ?? []).filter { $0.message.deliveredMessageID == messageID }.map(\.message.id) }
        taken(ids, of: key)
    }

    public func taken(_ ids: [Int64], of key: StepKey) {
        let done = Set(ids)
        let settled: [Delivered] = lock.withLock {
            let all = delivered[key] ?? []
            // Every copy goes with the message: of a queued one by its row, of another program's by its messageId.
            let messageIDs = Set(all.filter { done.contains($0.message.id) }.compactMap(\.message.deliveredMessageID))
            let isDone = { (entry: Delivered) in
                done.contains(entry.message.id) || entry.message.deliveredMessageID.map(messageIDs.contains) == true
            }
            delivered[key] = all.filter { !isDone($0) }
            return all.filter(isDone)
        }
        guard !settled.isEmpty, let consumer = lock.withLock({ self.consumer }) else { return }
        consumer.submit { connection, generation in
            guard let connection else { return true }
            do {
                for delivery in settled where delivery.generation == generation { try connection.ack(delivery.tag) }
                return true
            } catch {
                return false
            }
        }
    }

    public func consume(_ steps: Set<StepKey>) {
        let (changed, consumer) = lock.withLock { () -> (Bool, BrokerThread?) in
            defer { consuming = steps }
            return (consuming != steps, self.consumer)
        }
        guard changed, let consumer else { return }
        // The read connection is opened again with the new set: its unacknowledged deliveries go back to the
        // broker, and a stopped flow's queues get another active consumer.
        consumer.submit { _, _ in false }
    }

    /// A rebound waits in the step's rebounds queue, whose expiry delivers it: its delivery wakes the step.
    public func nextDue(for key: StepKey) async -> Date? { nil }

    /// The messages are in the store's queues: they reach the steps once published to the broker.
    public func queued(for steps: [StepKey]) { publishSoon() }

    public func publishSoon() {
        publishing.signal()
    }

    /// Relays what the store queued to the broker until the service group shuts down, then closes the connections.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await relayLoop()
        } onGracefulShutdown: { [publishing] in
            publishing.signal()
        }
        await close()
    }

    private func relayLoop() async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let claimed: [QueuedMessage]
            do {
                claimed = try await store.claimUnpublished(for: lock.withLock { steps }, claim: Self.claim, limit: Self.batch)
            } catch {
                logger.warning("cannot read the store's queues to publish them: \(error); trying again")
                await publishing.wait(timeout: .seconds(1))
                continue
            }
            guard !claimed.isEmpty else {
                // Another host's commits, or claims that passed, are found this late without a wakeup.
                await publishing.wait(timeout: .seconds(1))
                continue
            }
            await publish(claimed)
        }
    }

    private func publish(_ claimed: [QueuedMessage]) async {
        guard let publisher = lock.withLock({ self.publisher }) else { return }
        let now = Date()
        let publications = claimed.map { BrokerWire.publication($0, now: now) }
        let steps = lock.withLock { self.steps }
        do {
            let settlement = try await publisher.perform { connection in
                for publication in publications {
                    try connection.send(exchange: publication.exchange, routingKey: publication.routingKey, body: publication.body,
                                        headers: publication.headers, mandatory: true, persistent: true,
                                        expiration: publication.expiration)
                }
                let settlement = try connection.settle(timeout: .seconds(30))
                // A queue that is gone (deleted by hand) routes nothing: declared again for the next try.
                if settlement.unroutable > 0 { try Self.declare(steps, on: connection) }
                return settlement
            }
            guard settlement.refused == 0, settlement.unroutable == 0 else {
                logger.warning("the broker refused \(settlement.refused) and could not route \(settlement.unroutable) of \(claimed.count) messages; they are published again")
                await release(claimed)
                return
            }
            try await store.markPublished(claimed.map(\.id))
        } catch {
            logger.warning("cannot publish \(claimed.count) queued messages: \(error); they are published again once the broker answers")
            await release(claimed)
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// A failed publish lets go of its claim at once: the next try need not wait for it to pass. (One the store
    /// cannot take now passes by itself.)
    private func release(_ claimed: [QueuedMessage]) async {
        try? await store.releaseClaims(claimed.map(\.id))
    }

    /// Stops taking messages (what is not taken stays queued) and publishing.
    private func close() async {
        let (consumer, publisher) = lock.withLock { () -> (BrokerThread?, BrokerThread?) in
            defer { self.consumer = nil; self.publisher = nil }
            return (self.consumer, self.publisher)
        }
        await consumer?.stop()
        await publisher?.stop()
    }
}

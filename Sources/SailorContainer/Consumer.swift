import AMQPTransport
import Logging
import SailorWire

/// sailor's read side: a connection of its own consuming `LISTEN_MESSAGES_ON` with the configured prefetch, opened
/// again (and the queue consumed again) when the broker goes away. A delivery's tag is good only on the connection
/// it came on: `generation` tells them apart, and a message finished after its connection went is not acknowledged
/// on the new one; the broker delivers it again and `RecentOutcomes` settles that copy without running it twice.
final class Consumer {
    private let address: AMQPAddress
    private let settings: SailorSettings
    private let queue: String
    private let logger: Logger
    private var connection: AMQPConnection?
    private(set) var generation = 0

    init(address: AMQPAddress, settings: SailorSettings, queue: String, logger: Logger) {
        self.address = address
        self.settings = settings
        self.queue = queue
        self.logger = logger
    }

    func connect() throws(AMQPError) {
        _ = try open()
    }

    private func open() throws(AMQPError) -> AMQPConnection {
        if let connection { return connection }
        let made = try Reconnecting.connect(address, confirms: false, settings: settings, logger: logger, side: "read")
        try made.consume(queue: queue, prefetch: UInt16(clamping: max(settings.prefetch, 1)))
        generation += 1
        connection = made
        logger.debug("listening for messages on \(queue)")
        return made
    }

    /// The next delivery within `timeout`, with the generation it belongs to.
    func next(timeout: Duration) throws(AMQPError) -> (AMQPDelivery, Int)? {
        do {
            guard let delivery = try open().next(timeout: timeout) else { return nil }
            return (delivery, generation)
        } catch {
            logger.warning("the consumer's connection failed (\(error)); connecting again and listening on \(queue)")
            drop()
            _ = try open()
            return nil
        }
    }

    /// Acknowledges (with `multiple`, every delivery up to it) or rejects, without requeueing, a delivery of
    /// `generation`; false when its connection is gone.
    func settle(_ tag: UInt64, generation: Int, accept: Bool, multiple: Bool = false) -> Bool {
        guard generation == self.generation, let connection else { return false }
        do {
            if accept { try connection.ack(tag, multiple: multiple) } else { try connection.reject(tag, requeue: false) }
            return true
        } catch {
            logger.warning("could not \(accept ? "acknowledge" : "reject") delivery \(tag): \(error)")
            drop()
            return false
        }
    }

    private func drop() {
        connection?.close()
        connection = nil
    }

    func close() {
        drop()
    }
}

/// The outcomes of the last messages finished, by message id: a copy the broker delivers again (flagged
/// `redelivered`) because its acknowledgement was lost with a connection is settled the same way, not run again.
/// Only redeliveries are looked up: a rebound sends the same message id again on purpose.
struct RecentOutcomes {
    private var accepted: [String: Bool] = [:]
    private var order: [String] = []
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    mutating func remember(_ id: String, accepted: Bool) {
        if self.accepted.updateValue(accepted, forKey: id) == nil { order.append(id) }
        if order.count > capacity {
            let excess = order.count - capacity
            for old in order.prefix(excess) { self.accepted[old] = nil }
            order.removeFirst(excess)
        }
    }

    func outcome(of id: String) -> Bool? { accepted[id] }
}

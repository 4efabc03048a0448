import AMQPTransport
import ComponentRuntime
import Foundation
import Logging
import SailorWire

/// One message as sailor publishes it (`lib/amqp.js` `_createPropsFromHeaders`): to an exchange with a routing key,
/// JSON in UTF-8, mandatory, persistent as configured.
struct Publication {
    var exchange: String
    var routingKey: String
    var body: [UInt8]
    var headers: [(name: String, value: HeaderValue)]
    var expiration: String?
    var contentType: String? = "application/json"
    var contentEncoding: String? = "utf8"
}

/// sailor's write side: a confirming channel on a connection of its own, the publish rate limits, and retries
/// with back-off (`AMQP_PUBLISH_RETRY_*`) over a new connection when the broker goes away. Publishes go out at once
/// and are numbered; the broker's confirms are taken in as they come (`collect`) or waited for up to a number
/// (`settle`), so a message is acknowledged only after everything it produced is, while later messages run.
final class Publisher {
    enum Throttle { case data, error, snapshot }

    /// A publication the broker has not confirmed yet: its number among all this publisher made, and its
    /// sequence number on the connection it was last sent on.
    private struct Unsettled {
        var number: UInt64
        var sequence: UInt64
        var publication: Publication
    }

    private let address: AMQPAddress
    private let settings: SailorSettings
    private let logger: Logger
    private var connection: AMQPConnection?
    /// Sent and not confirmed, in the order sent: what a new connection must send again.
    private var unsettled: [Unsettled] = []
    /// How many publications were made so far: the number a message's last publish got.
    private(set) var published: UInt64 = 0
    private var throttles: [Throttle: PublishThrottle]
    private var warnedUnroutable: Set<String> = []

    init(address: AMQPAddress, settings: SailorSettings, logger: Logger) {
        self.address = address
        self.settings = settings
        self.logger = logger
        throttles = [.data: settings.dataThrottle, .error: settings.errorThrottle, .snapshot: settings.snapshotThrottle]
    }

    /// Every publication up to this number is confirmed by the broker.
    var settledThrough: UInt64 { unsettled.first.map { $0.number - 1 } ?? published }

    /// Connects now (sailor connects both sides before anything else), with sailor's reconnect attempts.
    func connect() throws(AMQPError) {
        _ = try open()
    }

    private func open() throws(AMQPError) -> AMQPConnection {
        if let connection { return connection }
        let made = try Reconnecting.connect(address, confirms: true, settings: settings, logger: logger, side: "write")
        connection = made
        return made
    }

    func publish(_ publication: Publication, throttle: Throttle? = nil) throws(AMQPError) {
        // Booked where it is kept: a copy taken out and put back would share the throttle's ring, and the booking
        // would copy all of it (as many entries as the rate limit) for every publish.
        if let throttle, let wait = throttles[throttle]?.reserve(), wait > .zero {
            Thread.sleep(forTimeInterval: wait.seconds)
        }
        published += 1
        unsettled.append(Unsettled(number: published, sequence: 0, publication: publication))
        do {
            let connection = try open()
            try send(publication, on: connection)
            unsettled[unsettled.count - 1].sequence = connection.lastSent
        } catch {
            logger.warning("publishing to \(publication.routingKey) failed: \(error); retrying on a new connection")
            try settleAgain(after: error)
        }
    }

    private func send(_ publication: Publication, on connection: AMQPConnection, retry: Int = 0) throws(AMQPError) {
        var headers = publication.headers
        if retry > 0 { headers.append(("retry", .number(Int64(retry)))) }
        try connection.send(exchange: publication.exchange, routingKey: publication.routingKey, body: publication.body,
                            headers: headers, mandatory: true, persistent: settings.persistentMessages,
                            contentType: publication.contentType, contentEncoding: publication.contentEncoding,
                            expiration: publication.expiration)
    }

    /// Waits until the broker has taken every publication up to `number` (all made so far when nil); on a lost
    /// connection or a refusal, publishes everything unconfirmed again on a new one (sailor's at-least-once),
    /// until the retry attempts are spent.
    func settle(through number: UInt64? = nil) throws(AMQPError) {
        let target = number ?? published
        guard settledThrough < target, let last = unsettled.last(where: { $0.number <= target }) else { return }
        do throws(AMQPError) {
            // The sequence numbers are the connection's they were sent on: with none open, everything goes again.
            guard let connection else { throw AMQPError("the write connection was closed") }
            try absorb(connection.settle(through: last.sequence), on: connection)
        } catch {
            try settleAgain(after: error)
        }
    }

    /// Takes in the confirms that have come, without waiting; a refusal or a lost connection is handled as `settle`
    /// handles it.
    func collect() throws(AMQPError) {
        guard !unsettled.isEmpty, let connection else { return }
        do throws(AMQPError) {
            try absorb(connection.collectAnswers(), on: connection)
        } catch {
            try settleAgain(after: error)
        }
    }

    /// Lets go of what the broker confirmed; a refusal is an error, to publish everything unconfirmed again.
    private func absorb(_ settlement: AMQPConnection.Settlement, on connection: AMQPConnection) throws(AMQPError) {
        if settlement.refused > 0 { throw AMQPError("the broker refused \(settlement.refused) publish(es)") }
        let answered = connection.answeredThrough
        let confirmed = unsettled.prefix { $0.sequence <= answered }
        // A publish's return comes just before its confirm: one not confirmed yet is the next.
        if settlement.unroutable > 0 { warnUnroutable((confirmed.isEmpty ? unsettled.prefix(1) : confirmed).map(\.publication)) }
        unsettled.removeFirst(confirmed.count)
    }

    private func settleAgain(after first: AMQPError) throws(AMQPError) {
        var lastError = first
        var attempt = 0
        while settings.publishRetryAttempts.map({ attempt < $0 }) ?? true {
            attempt += 1
            drop()
            let delay = min(settings.publishRetryDelay * (1 << min(attempt - 1, 20)), settings.publishMaxRetryDelay)
            Thread.sleep(forTimeInterval: Double(delay) / 1000)
            do throws(AMQPError) {
                let connection = try open()
                for index in unsettled.indices {
                    try send(unsettled[index].publication, on: connection, retry: attempt)
                    unsettled[index].sequence = connection.lastSent
                }
                let settlement = try connection.settle()
                if settlement.refused > 0 { throw AMQPError("the broker refused \(settlement.refused) publish(es)") }
                if settlement.unroutable > 0 { warnUnroutable(unsettled.map(\.publication)) }
                unsettled = []
                return
            } catch {
                lastError = error
                logger.warning("publishing again (attempt \(attempt)) failed: \(error)")
            }
        }
        unsettled = []
        throw lastError
    }

    private func warnUnroutable(_ publications: [Publication]) {
        for key in Set(publications.map(\.routingKey)) where warnedUnroutable.insert(key).inserted {
            logger.warning("a message published with routing key \(key) reached no queue (none is bound to it on \(publications.first?.exchange ?? "the exchange")); sailor drops such messages too")
        }
    }

    private func drop() {
        connection?.close()
        connection = nil
    }

    /// Between messages: the write connection's heartbeats (sent when due; a broker that missed two is noticed and
    /// the connection let go, to be opened again by the next publish).
    func tend() {
        guard let connection else { return }
        do {
            try connection.tend()
        } catch {
            logger.warning("the broker's write connection failed while idle (\(error)); it is opened again for the next publish")
            drop()
        }
    }

    func close() {
        drop()
    }
}

/// Opening a connection as sailor does (`_createConnection`): the first try and `AMQP_RECONNECT_ATTEMPTS` more,
/// `AMQP_RECONNECT_TIMEOUT` ms apart, named `<host>-read` or `<host>-write`.
enum Reconnecting {
    static func connect(_ address: AMQPAddress, confirms: Bool, settings: SailorSettings, logger: Logger,
                        side: String) throws(AMQPError) -> AMQPConnection {
        var attempt = 0
        while true {
            do {
                return try AMQPConnection(address, confirms: confirms, name: "\(JSONLineLogHandler.hostName)-\(side)")
            } catch {
                guard attempt < settings.reconnectAttempts else { throw error }
                attempt += 1
                logger.warning("AMQP \(side) connection failed (\(error)); reconnect attempt \(attempt) of \(settings.reconnectAttempts)")
                Thread.sleep(forTimeInterval: Double(settings.reconnectTimeout) / 1000)
            }
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

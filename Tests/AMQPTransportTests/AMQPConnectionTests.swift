import AMQPTransport
import Foundation
import SailorWire
import TestSupport
import Testing

/// rabbitmq-c through AMQPConnection, against a real RabbitMQ of the tests' own. Synchronous, as the connection is
/// confined to its thread; one at a time, and in a test pass of their own (scripts/test), since the first waits
/// for the broker to boot.
@Suite(.serialized, .timeLimit(.minutes(10)), .enabled(if: TestRequirements.met(RabbitMQServer.available), "needs rabbitmq-server"))
struct AMQPConnectionTests {
    func broker() throws -> RabbitMQServer { try RabbitMQServer.shared.get() }

    /// An exchange and a queue bound to it with `key`, named for the test.
    func topology(_ connection: AMQPConnection, _ name: String, key: String) throws -> (exchange: String, queue: String) {
        let exchange = "\(name):exchange:\(UUID().uuidString.prefix(8))", queue = "\(name):messages:\(UUID().uuidString.prefix(8))"
        try connection.declareExchange(exchange)
        try connection.declareQueue(queue)
        try connection.bind(queue: queue, exchange: exchange, routingKey: key)
        return (exchange, queue)
    }

    @Test func aConfirmedPublishArrivesWithItsPropertiesAndHeaders() throws {
        let address = try AMQPAddress(uri: try broker().uri)
        let writer = try AMQPConnection(address, confirms: true)
        let (exchange, queue) = try topology(writer, "confirmed", key: "flow:step_1:message")
        let headers: [(name: String, value: HeaderValue)] = [("execId", .text("exec-1")), ("start", .number(1_432_205_514_864)),
                                                             ("x-eio-error-response", .flag(true)), ("protocolVersion", .number(2))]
        let confirmation = try writer.publish(exchange: exchange, routingKey: "flow:step_1:message", body: Array(#"{"a":1}"#.utf8),
                                              headers: headers, mandatory: true, persistent: true, expiration: "15000",
                                              replyTo: "amq.gen-reply")
        #expect(confirmation == .acknowledged)

        let reader = try AMQPConnection(address)
        try reader.consume(queue: queue, prefetch: 1)
        let delivery = try #require(try reader.next(timeout: .seconds(10)))
        #expect(String(decoding: delivery.body, as: UTF8.self) == #"{"a":1}"#)
        #expect(delivery.routingKey == "flow:step_1:message" && delivery.exchange == exchange && !delivery.redelivered)
        #expect(delivery.contentType == "application/json")
        #expect(delivery.replyTo == "amq.gen-reply" && delivery.expiration == "15000")
        #expect(delivery.header("execId") == .text("exec-1"))
        #expect(delivery.header("start") == .number(1_432_205_514_864))
        #expect(delivery.header("x-eio-error-response") == .flag(true))
        #expect(delivery.header("protocolVersion") == .number(2))
        try reader.ack(delivery.deliveryTag)
        #expect(try reader.next(timeout: .milliseconds(300)) == nil, "acknowledged: not delivered again")
    }

    @Test func anUnroutableMandatoryPublishComesBackAsUnroutable() throws {
        let writer = try AMQPConnection(try AMQPAddress(uri: try broker().uri), confirms: true)
        let (exchange, _) = try topology(writer, "unroutable", key: "bound")
        #expect(try writer.publish(exchange: exchange, routingKey: "nobody-listens", body: [1], mandatory: true) == .unroutable)
        #expect(try writer.publish(exchange: exchange, routingKey: "bound", body: [2], mandatory: true) == .acknowledged,
                "the channel goes on after a return")
    }

    @Test func confirmsAreTakenInAsTheyComeAndOneAckSettlesSeveralDeliveries() throws {
        let address = try AMQPAddress(uri: try broker().uri)
        let writer = try AMQPConnection(address, confirms: true)
        let (exchange, queue) = try topology(writer, "pipelined", key: "k")
        #expect(writer.lastSent == 0 && writer.answeredThrough == 0)
        for index in 1...5 { try writer.send(exchange: exchange, routingKey: "k", body: Array("\(index)".utf8), mandatory: true) }
        #expect(writer.lastSent == 5)
        _ = try writer.settle(through: 2)
        #expect(writer.answeredThrough >= 2)
        // The rest arrive without a wait: collected as they come, never past what was sent.
        let deadline = Date().addingTimeInterval(10)
        while writer.answeredThrough < 5 && Date() < deadline {
            let settlement = try writer.collectAnswers()
            #expect(settlement.refused == 0 && settlement.unroutable == 0)
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(writer.answeredThrough == 5)

        let reader = try AMQPConnection(address)
        try reader.consume(queue: queue, prefetch: 10)
        var tags: [UInt64] = []
        for _ in 1...5 { tags.append(try #require(try reader.next(timeout: .seconds(10))).deliveryTag) }
        try reader.reject(tags[1], requeue: false)
        try reader.ack(tags[3], multiple: true)
        #expect(try reader.next(timeout: .milliseconds(300)) == nil, "the fifth is still held by this consumer")
        reader.close()
        // Only the fifth was left unsettled: it goes back to the queue when the consumer leaves.
        let again = try AMQPConnection(address)
        try again.consume(queue: queue, prefetch: 10)
        let left = try #require(try again.next(timeout: .seconds(10)))
        #expect(String(decoding: left.body, as: UTF8.self) == "5" && left.redelivered)
        try again.ack(left.deliveryTag)
        #expect(try again.next(timeout: .milliseconds(300)) == nil)
    }

    @Test func aRejectedMessageIsDroppedOrRequeued() throws {
        let address = try AMQPAddress(uri: try broker().uri)
        let connection = try AMQPConnection(address, confirms: true)
        let (exchange, queue) = try topology(connection, "reject", key: "k")
        for body in ["first", "second"] {
            #expect(try connection.publish(exchange: exchange, routingKey: "k", body: Array(body.utf8)) == .acknowledged)
        }
        let reader = try AMQPConnection(address)
        try reader.consume(queue: queue, prefetch: 1)
        let first = try #require(try reader.next(timeout: .seconds(10)))
        try reader.reject(first.deliveryTag, requeue: false)
        let second = try #require(try reader.next(timeout: .seconds(10)))
        #expect(String(decoding: second.body, as: UTF8.self) == "second", "the rejected one is gone, as sailor's reject leaves it")
        try reader.reject(second.deliveryTag, requeue: true)
        let again = try #require(try reader.next(timeout: .seconds(10)))
        #expect(String(decoding: again.body, as: UTF8.self) == "second" && again.redelivered)
        try reader.ack(again.deliveryTag)
    }

    @Test func aSailorMessageCrossesTheBrokerSealedAndOpens() throws {
        let address = try AMQPAddress(uri: try broker().uri)
        let settings = try SailorSettings(environment: [
            "ELASTICIO_FLOW_ID": "flow", "ELASTICIO_EXEC_ID": "exec", "ELASTICIO_STEP_ID": "step_1", "ELASTICIO_CONTAINER_ID": "c",
            "ELASTICIO_WORKSPACE_ID": "w", "ELASTICIO_USER_ID": "u", "ELASTICIO_COMP_ID": "comp", "ELASTICIO_FUNCTION": "f",
            "ELASTICIO_API_URI": "http://127.0.0.1:1", "ELASTICIO_API_USERNAME": "a", "ELASTICIO_API_KEY": "k", "ELASTICIO_HOOK_SHUTDOWN": "1",
        ])
        let cipher = try MessageCipher(password: "testCryptoPassword", iv: "iv=any16_symbols")
        let connection = try AMQPConnection(address, confirms: true)
        let (exchange, queue) = try topology(connection, "sailor", key: "flow:step_1:message")
        let json = #"{"id":"m-1","body":{"n":1},"headers":{},"attachments":{}}"#
        var headers = OutgoingHeaders.make(incoming: [("messageId", .text("incoming"))], settings: settings, startedAt: Date())
        headers.append(("protocolVersion", .number(1)))
        #expect(try connection.publish(exchange: exchange, routingKey: "flow:step_1:message", body: cipher.seal(json, protocolVersion: 1),
                                       headers: headers) == .acknowledged)
        let reader = try AMQPConnection(address)
        try reader.consume(queue: queue)
        let delivery = try #require(try reader.next(timeout: .seconds(10)))
        #expect(try cipher.open(delivery.body, protocolVersion: 1) == json)
        #expect(delivery.header("parentMessageId") == .text("incoming") && delivery.header("taskId") == .text("flow"))
        try reader.ack(delivery.deliveryTag)
    }

    @Test func brokersThatCannotBeReachedOrRefuseSaySo() throws {
        let server = try broker()
        do {
            _ = try AMQPConnection(AMQPAddress(host: "127.0.0.1", port: FreePort.next()))
            Issue.record("connected to a port nobody listens on")
        } catch {
            #expect(error.description.hasPrefix("cannot reach the broker at 127.0.0.1:"), "\(error)")
        }
        do {
            _ = try AMQPConnection(AMQPAddress(host: "127.0.0.1", port: server.port, user: "guest", password: "wrong"))
            Issue.record("logged in with a wrong password")
        } catch {
            #expect(error.description.contains("refused user guest"), "\(error)")
        }
        #expect(throws: AMQPError.self) { try AMQPAddress(uri: "http://example.org") }
        let parsed = try AMQPAddress(uri: "amqp://u%40x:p%2Fw@broker.local:5673/%2Fprod")
        #expect(parsed == AMQPAddress(host: "broker.local", port: 5673, user: "u@x", password: "p/w", vhost: "/prod"))
        #expect(try AMQPAddress(uri: "amqp://guest:guest@127.0.0.1/").vhost == "/")
    }
}

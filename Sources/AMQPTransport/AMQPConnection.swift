import CRabbitMQ
import Foundation
import SailorWire

/// One connection to a broker through rabbitmq-c, with one channel. rabbitmq-c is not thread-safe: a connection
/// belongs to the thread that made it (checked), as sailor's two connections (read, write) each belong to their side.
public final class AMQPConnection {
    private let state: amqp_connection_state_t
    private let owner = pthread_self()
    public let channel: amqp_channel_t = 1
    private var confirming = false
    private var published: UInt64 = 0
    /// Sequence numbers of confirmed-channel publishes the broker has not answered yet.
    private var unconfirmed: Set<UInt64> = []
    /// Whether the channel and connection are open and must be closed; a connection that failed to log in is
    /// only destroyed (deinit runs for a failed init too).
    private var open = false
    /// An operation failed on the connection: closing it must not wait for a broker that is gone.
    private var broken = false

    /// Connects, logs in and opens the channel; with `confirms`, the broker confirms each publish. `name` is what
    /// the broker's tools call the connection (sailor names its two `<host>-read` and `<host>-write`).
    /// Heartbeats every `address.heartbeatSeconds` unless `heartbeatSeconds` says otherwise: an idle connection
    /// must be `tend`ed (or wait in `next`) now and then for them to go out.
    public init(_ address: AMQPAddress, confirms: Bool = false, heartbeatSeconds: Int? = nil, name: String? = nil) throws(AMQPError) {
        var loadError = [CChar](repeating: 0, count: 256)
        guard jshost_amqp_load(&loadError, loadError.count) == 1 else {
            throw AMQPError(String(decoding: loadError.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        guard let state = jshost_amqp_new_connection() else { throw AMQPError("cannot make a connection") }
        self.state = state
        // Every call that waits for the broker's answer (login, declare, close…) gives up after 10 seconds.
        let status = jshost_amqp_open_socket(state, address.host, Int32(address.port), 10)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw AMQPError("cannot reach the broker at \(address.host):\(address.port)", status: status)
        }
        let login = jshost_amqp_login(state, address.vhost, address.user, address.password, Int32(heartbeatSeconds ?? address.heartbeatSeconds), name)
        guard login.reply_type == AMQP_RESPONSE_NORMAL else {
            throw AMQPError("the broker at \(address.host):\(address.port) refused user \(address.user) on vhost \(address.vhost)", reply: login)
        }
        jshost_amqp_channel_open(state, channel)
        try check("cannot open a channel")
        open = true
        if confirms {
            jshost_amqp_confirm_select(state, channel)
            try check("the broker does not confirm publishes")
            confirming = true
        }
    }

    deinit {
        if open { close() }
        jshost_amqp_destroy_connection(state)
    }

    private func confined() {
        precondition(pthread_equal(owner, pthread_self()) != 0, "an AMQPConnection is used only on the thread that made it")
    }

    private func check(_ what: String) throws(AMQPError) {
        let reply = jshost_amqp_get_rpc_reply(state)
        guard reply.reply_type == AMQP_RESPONSE_NORMAL else {
            broken = true
            throw AMQPError(what, reply: reply)
        }
    }

    public func declareExchange(_ name: String, type: String = "direct", durable: Bool = true) throws(AMQPError) {
        confined()
        jshost_amqp_exchange_declare(state, channel, name, type, durable ? 1 : 0)
        try check("cannot declare exchange \(name)")
    }

    /// Declares a queue; `arguments` are the broker's (`x-single-active-consumer`, `x-dead-letter-exchange`…).
    public func declareQueue(_ name: String, durable: Bool = true, arguments: [(name: String, value: HeaderValue)] = []) throws(AMQPError) {
        confined()
        withHeaderTable(arguments) { table, count in jshost_amqp_queue_declare(state, channel, name, durable ? 1 : 0, table, count) }
        try check("cannot declare queue \(name)")
    }

    /// The headers as the C glue's table, alive for the call.
    private func withHeaderTable<R>(_ headers: [(name: String, value: HeaderValue)],
                                    _ body: (UnsafeMutablePointer<jshost_amqp_header>?, Int32) -> R) -> R {
        let names = headers.map { strdup($0.name) }
        let texts = headers.map { header -> UnsafeMutablePointer<CChar>? in
            if case .text(let text) = header.value { return strdup(text) }
            return nil
        }
        defer { for pointer in names + texts { free(pointer) } }
        var fields = headers.enumerated().map { index, header -> jshost_amqp_header in
            switch header.value {
            case .text: return jshost_amqp_header(name: names[index], kind: 0, text: texts[index], number: 0)
            case .number(let number): return jshost_amqp_header(name: names[index], kind: 1, text: nil, number: number)
            case .flag(let flag): return jshost_amqp_header(name: names[index], kind: 2, text: nil, number: flag ? 1 : 0)
            }
        }
        return fields.withUnsafeMutableBufferPointer { table in body(table.baseAddress, Int32(table.count)) }
    }

    public func bind(queue: String, exchange: String, routingKey: String) throws(AMQPError) {
        confined()
        jshost_amqp_queue_bind(state, channel, queue, exchange, routingKey)
        try check("cannot bind queue \(queue) to \(exchange) with \(routingKey)")
    }

    /// What the broker said of a confirmed publish.
    public enum Confirmation: Sendable, Equatable {
        /// Published without confirms: nothing to wait for.
        case sent
        case acknowledged
        /// The broker could not take it.
        case refused
        /// Mandatory and routed to no queue.
        case unroutable
    }

    /// Publishes and, on a confirming channel, waits for the broker's answer (at most `timeout`).
    @discardableResult
    public func publish(exchange: String, routingKey: String, body: [UInt8], headers: [(name: String, value: HeaderValue)] = [],
                        mandatory: Bool = false, persistent: Bool = false, contentType: String? = "application/json",
                        contentEncoding: String? = "utf8", expiration: String? = nil, replyTo: String? = nil,
                        timeout: Duration = .seconds(30)) throws(AMQPError) -> Confirmation {
        try send(exchange: exchange, routingKey: routingKey, body: body, headers: headers, mandatory: mandatory,
                 persistent: persistent, contentType: contentType, contentEncoding: contentEncoding, expiration: expiration,
                 replyTo: replyTo)
        guard confirming else { return .sent }
        let settled = try settle(timeout: timeout)
        if settled.refused > 0 { return .refused }
        if settled.unroutable > 0 { return .unroutable }
        return .acknowledged
    }

    /// Publishes without waiting for the broker: `settle` waits for every publish sent so far at once, so a run's
    /// messages cost one round trip rather than one each.
    public func send(exchange: String, routingKey: String, body: [UInt8], headers: [(name: String, value: HeaderValue)] = [],
                     mandatory: Bool = false, persistent: Bool = false, contentType: String? = "application/json",
                     contentEncoding: String? = "utf8", expiration: String? = nil, replyTo: String? = nil) throws(AMQPError) {
        confined()
        let status = body.withUnsafeBytes { bytes in
            withHeaderTable(headers) { table, count in
                jshost_amqp_publish(state, channel, exchange, routingKey, bytes.baseAddress, bytes.count, mandatory ? 1 : 0,
                                    persistent ? 1 : 0, contentType, contentEncoding, expiration, replyTo, table, count)
            }
        }
        guard status == AMQP_STATUS_OK.rawValue else {
            broken = true
            throw AMQPError("cannot publish to \(exchange) with \(routingKey)", status: status)
        }
        guard confirming else { return }
        published += 1
        unconfirmed.insert(published)
    }

    /// What the broker said of the publishes `settle` waited for.
    public struct Settlement: Sendable, Equatable {
        /// Publishes the broker could not take (nack).
        public var refused = 0
        /// Mandatory publishes routed to no queue (returned, then acknowledged).
        public var unroutable = 0
    }

    /// The sequence number of the last publish sent on this confirming channel (0 before the first).
    public var lastSent: UInt64 { published }

    /// Every publish up to this sequence number has been answered by the broker.
    public var answeredThrough: UInt64 { unconfirmed.min().map { $0 - 1 } ?? published }

    /// Waits until the broker has answered every publish up to `sequence` (every one sent so far when nil), at
    /// most `timeout`; nothing to wait for without confirms. Answers to later publishes that come meanwhile count too.
    public func settle(through sequence: UInt64? = nil, timeout: Duration = .seconds(30)) throws(AMQPError) -> Settlement {
        confined()
        let target = sequence ?? published
        var settlement = Settlement()
        let deadline = ContinuousClock.now + timeout
        while answeredThrough < target {
            guard ContinuousClock.now < deadline else {
                broken = true
                throw AMQPError("the broker did not confirm \(unconfirmed.count) publish(es) within \(timeout)")
            }
            let left = deadline - ContinuousClock.now
            let millis = Int32(min(max(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000, 1), 1000))
            _ = try receiveAnswer(waitingMilliseconds: millis, into: &settlement)
        }
        return settlement
    }

    /// Takes in the answers that have arrived, without waiting for more: a pipelined publisher learns which of its
    /// publishes are confirmed while it goes on working.
    public func collectAnswers() throws(AMQPError) -> Settlement {
        confined()
        var settlement = Settlement()
        while !unconfirmed.isEmpty, try receiveAnswer(waitingMilliseconds: 0, into: &settlement) {}
        return settlement
    }

    /// Reads one answer if one comes within the wait; false when none did.
    private func receiveAnswer(waitingMilliseconds millis: Int32, into settlement: inout Settlement) throws(AMQPError) -> Bool {
        var tag: UInt64 = 0, multiple: Int32 = 0
        let answer = jshost_amqp_wait_confirm(state, millis, &tag, &multiple)
        switch answer {
        case 1, 2:
            let covered = multiple != 0 ? unconfirmed.filter { $0 <= tag } : (unconfirmed.contains(tag) ? [tag] : [])
            unconfirmed.subtract(covered)
            if answer == 2 { settlement.refused += covered.count }
            return true
        case 3:
            settlement.unroutable += 1
            return true
        case -1:
            broken = true
            throw AMQPError("the connection failed while waiting for the broker to confirm a publish")
        default:
            return false
        }
    }

    /// Starts taking deliveries from the queue, at most `prefetch` unacknowledged at a time.
    public func consume(queue: String, prefetch: UInt16 = 1) throws(AMQPError) {
        confined()
        jshost_amqp_consume(state, channel, queue, prefetch)
        try check("cannot consume queue \(queue) with a prefetch of \(prefetch)")
    }

    /// The next delivery, or nil when none came within `timeout` (nil: wait for ever).
    public func next(timeout: Duration? = nil) throws(AMQPError) -> AMQPDelivery? {
        confined()
        var envelope = amqp_envelope_t()
        let millis = timeout.map { Int32($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) } ?? -1
        switch jshost_amqp_next(state, millis, &envelope) {
        case 0: return nil
        case -1:
            broken = true
            throw AMQPError("the connection failed while waiting for a delivery")
        default: break
        }
        defer { jshost_amqp_destroy_envelope(&envelope) }
        let properties = envelope.message.properties
        func optional(_ flag: Int32, _ bytes: amqp_bytes_t) -> String? {
            properties._flags & amqp_flags_t(flag) != 0 ? AMQPError.text(bytes) : nil
        }
        var headers: [(name: String, value: HeaderValue)] = []
        if properties._flags & amqp_flags_t(AMQP_BASIC_HEADERS_FLAG) != 0, let entries = properties.headers.entries {
            for index in 0..<Int(properties.headers.num_entries) {
                let entry = entries[index]
                headers.append((AMQPError.text(entry.key), Self.value(entry.value)))
            }
        }
        let body = envelope.message.body.bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: envelope.message.body.len)) } ?? []
        return AMQPDelivery(deliveryTag: envelope.delivery_tag, exchange: AMQPError.text(envelope.exchange),
                            routingKey: AMQPError.text(envelope.routing_key), redelivered: envelope.redelivered != 0,
                            headers: headers, contentType: optional(AMQP_BASIC_CONTENT_TYPE_FLAG, properties.content_type),
                            replyTo: optional(AMQP_BASIC_REPLY_TO_FLAG, properties.reply_to),
                            expiration: optional(AMQP_BASIC_EXPIRATION_FLAG, properties.expiration), body: body)
    }

    static func value(_ field: amqp_field_value_t) -> HeaderValue {
        switch Int(field.kind) {
        case Int(AMQP_FIELD_KIND_UTF8.rawValue), Int(AMQP_FIELD_KIND_BYTES.rawValue): return .text(AMQPError.text(field.value.bytes))
        case Int(AMQP_FIELD_KIND_BOOLEAN.rawValue): return .flag(field.value.boolean != 0)
        case Int(AMQP_FIELD_KIND_I8.rawValue): return .number(Int64(field.value.i8))
        case Int(AMQP_FIELD_KIND_U8.rawValue): return .number(Int64(field.value.u8))
        case Int(AMQP_FIELD_KIND_I16.rawValue): return .number(Int64(field.value.i16))
        case Int(AMQP_FIELD_KIND_U16.rawValue): return .number(Int64(field.value.u16))
        case Int(AMQP_FIELD_KIND_I32.rawValue): return .number(Int64(field.value.i32))
        case Int(AMQP_FIELD_KIND_U32.rawValue): return .number(Int64(field.value.u32))
        case Int(AMQP_FIELD_KIND_I64.rawValue), Int(AMQP_FIELD_KIND_TIMESTAMP.rawValue): return .number(field.value.i64)
        case Int(AMQP_FIELD_KIND_U64.rawValue): return .number(Int64(bitPattern: field.value.u64))
        case Int(AMQP_FIELD_KIND_F64.rawValue): return .text(String(field.value.f64))
        case Int(AMQP_FIELD_KIND_F32.rawValue): return .text(String(field.value.f32))
        default: return .text("")
        }
    }

    /// Between jobs on a connection that waits for nothing: sends a due heartbeat, and fails when the broker missed
    /// two of its own (a host that vanished without closing the connection) or closed the connection.
    public func tend() throws(AMQPError) {
        confined()
        let status = jshost_amqp_tend(state)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw AMQPError(status == AMQP_STATUS_HEARTBEAT_TIMEOUT.rawValue ? "the broker missed two heartbeats" : "the broker connection failed", status: status)
        }
    }

    /// basic.ack; with `multiple`, every unacknowledged delivery on the channel up to and including this one.
    public func ack(_ deliveryTag: UInt64, multiple: Bool = false) throws(AMQPError) {
        confined()
        let status = jshost_amqp_ack(state, channel, deliveryTag, multiple ? 1 : 0)
        guard status == AMQP_STATUS_OK.rawValue else {
            broken = true
            throw AMQPError("cannot acknowledge delivery \(deliveryTag)", status: status)
        }
    }

    /// basic.reject; sailor rejects without requeueing a message whose run had errors.
    public func reject(_ deliveryTag: UInt64, requeue: Bool = false) throws(AMQPError) {
        confined()
        let status = jshost_amqp_reject(state, channel, deliveryTag, requeue ? 1 : 0)
        guard status == AMQP_STATUS_OK.rawValue else {
            broken = true
            throw AMQPError("cannot reject delivery \(deliveryTag)", status: status)
        }
    }

    /// Closes the channel and the connection; one that failed is only let go.
    public func close() {
        guard open else { return }
        open = false
        guard !broken else { return }
        jshost_amqp_close(state, channel)
    }
}

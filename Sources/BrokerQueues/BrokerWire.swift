import AMQPTransport
import Foundation
import SailorWire
import SnapshotStore
import JSHostCore

/// A queued message as the broker carries it, in sailor's wire format: the message's JSON as the body (protocol
/// version 2, not encrypted: the broker is the deployment's own), sailor's headers (`taskId`, `stepId`,
/// `threadId`, `parentMessageId`, `messageId`, `protocolVersion`, and the message's own such as
/// `reboundIteration`), and jshost's, which let any host take it back as the store queued it. A message another
/// program publishes in sailor's format (with its `messageId`) is taken too.
enum BrokerWire {
    /// The store's queue id: what the taking run's commit consumes.
    static let queuedHeader = "x-jshost-queued"
    static let fromHeader = "x-jshost-from"
    static let attemptsHeader = "x-jshost-attempts"
    static let contextHeader = "x-jshost-context"

    struct Publication: Sendable {
        var exchange: String
        var routingKey: String
        var body: [UInt8]
        var headers: [(name: String, value: HeaderValue)]
        /// Milliseconds a rebound waits in its step's `:rebounds` queue.
        var expiration: String?
    }

    static func publication(_ message: QueuedMessage, now: Date) -> Publication {
        let wait = message.availableAt.timeIntervalSince(now)
        let waits = wait >= 0.001
        var headers: [(name: String, value: HeaderValue)] = [
            ("taskId", .text(message.key.flow)), ("stepId", .text(message.key.step)),
            ("messageId", .text(messageID(message))), ("protocolVersion", .number(2)),
            (queuedHeader, .number(message.id)), (fromHeader, .text(message.fromRun)),
            (attemptsHeader, .number(Int64(message.attempts))),
        ]
        if let thread = message.context.threadId { headers.append(("threadId", .text(thread))) }
        if let parent = message.context.parentMessageId { headers.append(("parentMessageId", .text(parent))) }
        let taken = Set(headers.map(\.name))
        for (name, value) in message.context.headers.sorted(by: { $0.key < $1.key }) where !taken.contains(name) {
            headers.append((name, .text(value)))
        }
        if let context = message.context.storedText { headers.append((contextHeader, .text(context))) }
        return Publication(exchange: BrokerNames.exchange(message.key.flow),
                           routingKey: waits ? BrokerNames.rebounds(message.key) : BrokerNames.messages(message.key),
                           body: Array(message.json.utf8), headers: headers,
                           expiration: waits ? String(Int64((wait * 1000).rounded(.up))) : nil)
    }

    /// What a delivery is to a step.
    enum Incoming {
        /// A message the store queued, by its queue id.
        case queued(QueuedMessage)
        /// A message another program published, in sailor's wire format without encryption: its run consumes its
        /// `messageId`.
        case foreign(messageID: String, json: String, context: QueueContext)
        /// Neither: why it is not taken.
        case refused(String)
    }

    static func incoming(_ delivery: AMQPDelivery, key: StepKey) -> Incoming {
        let json = String(decoding: delivery.body, as: UTF8.self)
        if case .number(let id)? = delivery.header(queuedHeader) {
            var attempts = 0
            if case .number(let count)? = delivery.header(attemptsHeader) { attempts = Int(count) }
            return .queued(QueuedMessage(id: id, key: key, json: json, context: QueueContext(storedText: delivery.header(contextHeader)?.text),
                                         fromRun: delivery.header(fromHeader)?.text ?? "broker", availableAt: Date(), attempts: attempts))
        }
        guard let messageID = delivery.header("messageId")?.text, !messageID.isEmpty else {
            return .refused("it has no messageId header (sailor's), so a copy of it could not be told from a new message")
        }
        guard json.first(where: { !$0.isWhitespace }) == "{" else {
            return .refused("its body is not a JSON message (an encrypted one: publish it without MESSAGE_CRYPTO_PASSWORD)")
        }
        // As sailor reads a message's headers: the iteration of a rebound, the thread, and the sender's id.
        var headers: [String: String] = [:]
        for name in ["reboundIteration", "reboundReason"] { if let value = delivery.header(name) { headers[name] = value.text } }
        let context = QueueContext(threadId: delivery.header("threadId")?.text, parentMessageId: messageID, headers: headers)
        return .foreign(messageID: messageID, json: json, context: context)
    }

    /// The same for every copy of one queued message (a republished copy is told apart by its id, as sailor
    /// dedups): the message's own id (`QueuedMessage.messageID`).
    static func messageID(_ message: QueuedMessage) -> String { message.messageID }
}

import AMQPTransport
import ComponentRuntime
import Foundation
import Logging
import SailorWire
import JSHostCore
import NIOHTTP1

/// What one incoming message's events become on the wire (`lib/sailor.js` `runExec`): data to the next step (or
/// where `x-eio-routing-key` says), errors with their input (and to `reply_to`), rebounds of the original message
/// with a growing expiration, snapshots and their deltas, replies to `reply_to`, keys to the API. Every publish
/// carries the message's outgoing headers; `errors` counts what makes the message rejected rather than acked.
final class MessageRun {
    private let incoming: IncomingMessage
    private let settings: SailorSettings
    private let messaging: SailorSettings.Messaging
    private let cipher: MessageCipher
    private let publisher: Publisher
    private let stepData: StepData
    private let api: PlatformAPI
    private let logger: Logger
    private let outgoing: [(name: String, value: HeaderValue)]
    /// Error events, and data that could not be published.
    private(set) var errors = 0
    /// A publish failed for good: the broker is gone; the container stops after this message.
    private(set) var lostBroker: AMQPError?

    init(incoming: IncomingMessage, settings: SailorSettings, messaging: SailorSettings.Messaging, cipher: MessageCipher,
         publisher: Publisher, stepData: StepData, api: PlatformAPI, logger: Logger) {
        self.incoming = incoming
        self.settings = settings
        self.messaging = messaging
        self.cipher = cipher
        self.publisher = publisher
        self.stepData = stepData
        self.api = api
        self.logger = logger
        outgoing = OutgoingHeaders.make(incoming: incoming.delivery.headers, settings: settings, startedAt: Date())
    }

    static func now() -> HeaderValue { .number(Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))) }

    private func headers(_ changes: [(String, HeaderValue)]) -> [(name: String, value: HeaderValue)] {
        var headers = outgoing
        for (name, value) in changes {
            if let index = headers.firstIndex(where: { $0.name == name }) { headers[index].value = value } else { headers.append((name, value)) }
        }
        return headers
    }

    /// Why an `httpReply` cannot be taken, as sailor's emit rejects it.
    func refusal(of event: ComponentEvent) -> String? {
        if event.name == "httpReply", incoming.replyTo == nil {
            return "Component emitted 'httpReply' event but 'reply_to' was not found in AMQP headers"
        }
        return nil
    }

    func handle(_ event: ComponentEvent) {
        do {
            switch event.name {
            case "data": try data(event.json ?? "{}")
            case "error": try error(event.json ?? "{}", counted: true)
            case "rebound": try rebound(event.json ?? "{}")
            case "snapshot": try snapshot(event.json ?? "null", kind: "snapshot")
            case "updateSnapshot": try snapshot(event.json ?? "{}", kind: "updateSnapshot")
            case "httpReply": try httpReply(event.json ?? "{}")
            case "updateKeys": try updateKeys(event.json ?? "{}")
            default: break
            }
        } catch {
            lostBroker = error
            errors += 1
            logger.error("could not publish the \(event.name) event of message \(incoming.context.messageId): \(error)")
        }
    }

    /// An error of jshost's own about this message (a publish refused for size, a failure of the run), sent as
    /// sailor sends a component's.
    func report(name: String, message: String, stack: String? = nil) {
        do {
            try error(SailorPayloads.errorJSON(name: name, message: message, stack: stack), counted: true)
        } catch {
            lostBroker = error
            logger.error("could not publish an error of message \(incoming.context.messageId): \(error)")
        }
    }

    // MARK: events

    private func data(_ json: String) throws(AMQPError) {
        guard var members = try? JSONSyntax.membersAsWritten(json) else {
            report(name: "TypeError", message: "emit('data') needs a message object; got \(json.prefix(40))")
            return
        }
        let id = members.last { $0.name == "id" }.flatMap { JSONString.unquote($0.json) }.flatMap { $0.isEmpty ? nil : $0 }
        var routingKey = messaging.dataRoutingKey
        if let index = members.lastIndex(where: { $0.name == "headers" }),
           let (headers, custom) = Self.withoutRoutingKey(members[index].json) {
            members[index].json = headers
            if let custom { routingKey = custom }
        }
        if stepData.isPassthrough { members = passthrough(members) }
        let body = JSONObjectText.make(members)
        let sealed: [UInt8]
        do { sealed = try cipher.seal(body, protocolVersion: settings.protocolVersion) } catch {
            report(name: "Error", message: "the data message could not be encrypted: \(error)")
            return
        }
        guard sealed.count <= settings.outgoingMessageSizeLimit else {
            report(name: "Error", message: "Outgoing message size \(sealed.count) exceeds limit of \(settings.outgoingMessageSizeLimit).")
            return
        }
        let messageID = id ?? MessageID.make()
        try publisher.publish(Publication(exchange: messaging.publishMessagesTo, routingKey: routingKey, body: sealed,
                                          headers: headers([("messageId", .text(messageID)), ("end", Self.now()),
                                                            ("protocolVersion", .number(Int64(settings.protocolVersion)))])),
                              throttle: .data)
    }

    /// sailor's passthrough: the incoming message's passthrough carried on, with this step's own message (or, with
    /// `NO_SELF_PASSTRHOUGH`, the incoming message under the step it came from).
    private func passthrough(_ members: [(name: String, json: String)]) -> [(name: String, json: String)] {
        let incomingMembers = (try? JSONSyntax.membersAsWritten(incoming.json)) ?? []
        var carried: [(name: String, json: String)] = []
        if let previous = incomingMembers.last(where: { $0.name == "passthrough" }),
           let earlier = try? JSONSyntax.membersAsWritten(previous.json) {
            carried = earlier
        }
        func setting(_ name: String, _ json: String) {
            if let index = carried.firstIndex(where: { $0.name == name }) { carried[index].json = json } else { carried.append((name, json)) }
        }
        let own = members.filter { $0.name != "passthrough" }
        if settings.noSelfPassthrough {
            if case .text(let from)? = incoming.delivery.header("stepId") {
                setting(from, JSONObjectText.make(incomingMembers.filter { $0.name != "passthrough" }))
            }
        } else {
            setting(settings.stepID, JSONObjectText.make(own))
        }
        return own + [(name: "passthrough", json: JSONObjectText.make(carried))]
    }

    /// A message's `headers` without `x-eio-routing-key` (any case), and the key it named; nil when it names none.
    static func withoutRoutingKey(_ headersJSON: String) -> (String, String?)? {
        guard headersJSON.range(of: "x-eio-routing-key", options: .caseInsensitive) != nil,
              let members = try? JSONSyntax.membersAsWritten(headersJSON) else { return nil }
        let named = members.last { $0.name.lowercased() == "x-eio-routing-key" }.flatMap { JSONString.unquote($0.json) }
        return (JSONObjectText.make(members.filter { $0.name.lowercased() != "x-eio-routing-key" }), named)
    }

    private func error(_ errorJSON: String, counted: Bool) throws(AMQPError) {
        if counted { errors += 1 }
        let headers = headers([("end", Self.now())])
        let body: String
        let sealedError: [UInt8]
        do {
            body = try SailorPayloads.errorMessage(errorJSON: errorJSON, incomingBody: incoming.delivery.body,
                                                   incomingProtocolVersion: incoming.protocolVersion, cipher: cipher)
            sealedError = try cipher.seal(errorJSON, protocolVersion: 1)
        } catch {
            logger.error("an error of message \(incoming.context.messageId) could not be encrypted: \(error)")
            return
        }
        try publisher.publish(Publication(exchange: messaging.publishMessagesTo, routingKey: messaging.errorRoutingKey,
                                          body: Array(body.utf8), headers: headers), throttle: .error)
        if !settings.noErrorReplies, let replyTo = incoming.replyTo {
            try publisher.publish(Publication(exchange: messaging.publishMessagesTo, routingKey: replyTo, body: sealedError,
                                              headers: headers + [("x-eio-error-response", .flag(true))]))
        }
    }

    private func rebound(_ errorJSON: String) throws(AMQPError) {
        let reason = (try? JSONSyntax.membersAsWritten(errorJSON))?.last { $0.name == "message" }
            .flatMap { JSONString.unquote($0.json) } ?? "Not Available"
        var previous: Int?
        if case .number(let number)? = incoming.delivery.header("reboundIteration") { previous = Int(number) }
        guard let next = SailorPayloads.rebound(previousIteration: previous, settings: settings) else {
            // sailor's limit: an error, not counted, so the message is still acknowledged.
            try error(SailorPayloads.errorJSON(name: "Error", message: SailorPayloads.reboundLimitExceeded, stack: nil), counted: false)
            return
        }
        var headers = incoming.delivery.headers.filter { !["end", "reboundReason", "reboundIteration"].contains($0.name) }
        headers += [("end", Self.now()), ("reboundReason", .text(reason)), ("reboundIteration", .number(Int64(next.iteration)))]
        try publisher.publish(Publication(exchange: messaging.publishMessagesTo, routingKey: messaging.reboundRoutingKey,
                                          body: incoming.delivery.body, headers: headers, expiration: String(next.expirationMs),
                                          contentType: incoming.delivery.contentType, contentEncoding: "utf8"))
    }

    private func snapshot(_ json: String, kind: String) throws(AMQPError) {
        try publisher.publish(Publication(exchange: messaging.publishMessagesTo, routingKey: messaging.snapshotRoutingKey,
                                          body: Array(json.utf8), headers: headers([("snapshotEvent", .text(kind))])),
                              throttle: kind == "snapshot" ? .snapshot : nil)
    }

    private func httpReply(_ json: String) throws(AMQPError) {
        guard let replyTo = incoming.replyTo else { return }
        var body = json
        if var members = try? JSONSyntax.membersAsWritten(json) {
            if let index = members.lastIndex(where: { $0.name == "headers" }), let (headers, _) = Self.withoutRoutingKey(members[index].json) {
                members[index].json = headers
            }
            body = JSONObjectText.make(members)
        }
        let sealed: [UInt8]
        do { sealed = try cipher.seal(body, protocolVersion: 1) } catch {
            report(name: "Error", message: "the reply could not be encrypted: \(error)")
            return
        }
        guard sealed.count <= settings.outgoingMessageSizeLimit else {
            report(name: "Error", message: "Outgoing message size \(sealed.count) exceeds limit of \(settings.outgoingMessageSizeLimit).")
            return
        }
        try publisher.publish(Publication(exchange: messaging.publishMessagesTo, routingKey: replyTo, body: sealed,
                                          headers: headers([("protocolVersion", .number(1))])))
    }

    private func updateKeys(_ json: String) throws(AMQPError) {
        guard let account = stepData.account else {
            report(name: "Error", message: "updateKeys needs cfg._account, the credential to update; the step's configuration has none")
            return
        }
        do {
            let response = try api.call(.PUT, "/v1/accounts/\(account)", json: "{\"keys\":\(json)}")
            guard (200..<300).contains(response.status) else {
                throw PlatformError("PUT /v1/accounts/\(account) answered \(response.status): \(response.text.prefix(200))", status: response.status)
            }
        } catch {
            logger.error("Failed to updated keys: \(error)")
            report(name: "Error", message: "\(error)")
        }
    }
}

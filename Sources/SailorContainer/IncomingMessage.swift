import AMQPTransport
import Foundation
import SailorWire
import JSHostCore

/// A delivery as sailor reads it (`lib/amqp.js` `_decodeMessage`, `lib/sailor.js` `readIncomingMessageHeaders`): the
/// message decrypted per its `protocolVersion` header (1 when absent), or, for an error-handler step, the error
/// message's two parts decrypted; the ids its headers carry, a new thread when it has none.
struct IncomingMessage {
    let delivery: AMQPDelivery
    let protocolVersion: Int
    /// The message's JSON as the component gets it (its `headers.reply_to` is added by the executor).
    let json: String
    let context: MessageContext
    /// The `messageId` header: what redeliveries are recognised by.
    let messageID: String?

    init(_ delivery: AMQPDelivery, settings: SailorSettings, cipher: MessageCipher) throws(CipherError) {
        self.delivery = delivery
        protocolVersion = Self.protocolVersion(of: delivery.headers)
        if settings.inputFormat == "error" {
            json = try Self.errorInput(delivery, cipher: cipher)
        } else {
            json = try cipher.open(delivery.body, protocolVersion: protocolVersion)
        }
        func text(_ name: String) -> String? {
            guard let value = delivery.header(name) else { return nil }
            let text = value.text
            return text.isEmpty ? nil : text
        }
        let traceID = delivery.headers.last { $0.name.lowercased() == "x-eio-meta-trace-id" }?.value.text
        messageID = text("messageId")
        var headers: [String: String] = [:]
        if let replyTo = text("reply_to") { headers["reply_to"] = replyTo }
        context = MessageContext(messageId: messageID ?? "unknown", parentMessageId: text("parentMessageId"),
                                 threadId: text("threadId") ?? traceID ?? MessageID.make(), headers: headers)
    }

    var replyTo: String? { context.headers["reply_to"] }

    /// `Number(headers.protocolVersion || 1)`.
    static func protocolVersion(of headers: [(name: String, value: HeaderValue)]) -> Int {
        switch headers.last(where: { $0.name == "protocolVersion" })?.value {
        case .number(let number): return number == 0 ? 1 : Int(number)
        case .text(let text): return Int(text.trimmingCharacters(in: .whitespaces)).map { $0 == 0 ? 1 : $0 } ?? 1
        case .flag, nil: return 1
        }
    }

    /// An error-handler step's input: `{body: {error, errorInput}, headers}`, both parts decrypted from base64
    /// whatever the protocol version (as sailor does, with a note that it should not).
    static func errorInput(_ delivery: AMQPDelivery, cipher: MessageCipher) throws(CipherError) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(delivery.body)) as? [String: Any] else {
            throw .failed("the error message is not a JSON object")
        }
        var body: [(String, String)] = []
        for name in ["error", "errorInput"] {
            guard let sealed = object[name] as? String else { continue }
            body.append((name, try cipher.open(Array(sealed.utf8), protocolVersion: 1)))
        }
        let bodyJSON = "{" + body.map { JSONString.quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
        let headersJSON = "{" + delivery.headers.map { JSONString.quote($0.name) + ":" + Self.json($0.value) }.joined(separator: ",") + "}"
        return "{\"body\":\(bodyJSON),\"headers\":\(headersJSON)}"
    }

    static func json(_ value: HeaderValue) -> String {
        switch value {
        case .text(let text): return JSONString.quote(text)
        case .number(let number): return String(number)
        case .flag(let flag): return flag ? "true" : "false"
        }
    }
}

import Foundation
import JSHostCore

/// What a webhook caller gets back.
package struct WebhookReply: Sendable {
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package static func json(_ status: Int, _ json: String, headers: [(name: String, value: String)] = []) -> WebhookReply {
        WebhookReply(status: status, headers: [("content-type", "application/json")] + headers, body: Array(json.utf8))
    }

    /// The platform's answer when no step of the flow replied.
    static func thankYou(requestID: String) -> WebhookReply {
        .json(200, #"{"requestId":\#(JSONString.quote(requestID)),"message":"thank you"}"#)
    }

    /// A step failed before any replied: its error without its stack, and the execution to look it up by. The
    /// caller may be anyone who can reach the webhook, and a stack names the server's folders; the whole error is
    /// in the log and in the step's runs (`GET /v2/flows/{flow}/steps/{step}/runs`, with a key).
    static func failed(executionID: String, errorJSON: String) -> WebhookReply {
        let shown = (try? JSONSyntax.membersAsWritten(errorJSON)).flatMap { $0 }
            .map { JSONObjectText.make($0.filter { $0.name != "stack" }) } ?? errorJSON
        return .json(500, #"{"error":\#(shown),"requestId":\#(JSONString.quote(executionID))}"#,
                     headers: [("x-execution-id", executionID), ("x-eio-error-response", "true")])
    }

    /// sailor's httpReply event: `{statusCode, body, headers}`. A string body is sent as it is; any other body as
    /// the JSON the component gave, keys in its order.
    package static func fromHTTPReply(_ json: String?) -> WebhookReply {
        guard let json, let members = try? JSONSyntax.membersAsWritten(json) else { return .json(200, "{}") }
        func member(_ name: String) -> String? { members.last { $0.name == name }?.json }
        let statusText = member("statusCode").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        let status = statusText.flatMap { Int($0) ?? Double($0).map { Int($0) } } ?? 200
        var headers: [(name: String, value: String)] = []
        if let headersJSON = member("headers"), let fields = try? JSONSyntax.membersAsWritten(headersJSON) {
            for field in fields {
                let value = (try? JSONDecoder().decode(String.self, from: Data(field.json.utf8))) ?? field.json
                headers.append((field.name.lowercased(), value))
            }
        }
        var body: [UInt8] = []
        if let bodyJSON = member("body"), bodyJSON != "null" {
            if bodyJSON.hasPrefix("\""), let text = try? JSONDecoder().decode(String.self, from: Data(bodyJSON.utf8)) {
                body = Array(text.utf8)
            } else {
                body = Array(bodyJSON.utf8)
                if !headers.contains(where: { $0.name == "content-type" }) { headers.append(("content-type", "application/json")) }
            }
        }
        return WebhookReply(status: (100...599).contains(status) ? status : 200, headers: headers, body: body)
    }
}

extension WebhookReply {
    private struct Stored: Codable {
        var status: Int
        var headers: [[String]]
        var body: Data
    }

    /// As a shared store keeps it for a caller waiting on another host.
    var storedText: String {
        let stored = Stored(status: status, headers: headers.map { [$0.name, $0.value] }, body: Data(body))
        return String(decoding: (try? JSONEncoder().encode(stored)) ?? Data(), as: UTF8.self)
    }

    init?(storedText text: String) {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(text.utf8)) else { return nil }
        self.init(status: stored.status, headers: stored.headers.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil },
                  body: Array(stored.body))
    }
}

import FlowService
import HTTPTypes
import Hummingbird
import JSHostCore
import NIOCore

// The one place the core's outcomes get their HTTP statuses.

extension FlowControlError {
    /// A flow's start, stop or run-now refused, as the API answers it.
    var refusal: ApiRefusal {
        let status = switch kind {
        case .notFound: 404
        case .stopping: 503
        case .conflict: 409
        case .failed: 500
        }
        return ApiRefusal(status: status, detail: message)
    }
}

extension WebhookOutcome {
    /// What the webhook's caller gets: a step's answer as it is; a refusal or a timeout as a JSON:API error
    /// document with its status.
    var reply: WebhookReply {
        switch self {
        case .answered(let reply):
            return reply
        case .timedOut(let executionID, let message):
            return Self.error(504, message, headers: [("x-execution-id", executionID)])
        case .refused(let refusal):
            switch refusal.kind {
            case .stopping: return Self.error(503, refusal.message)
            case .starting: return Self.error(503, refusal.message, headers: [("retry-after", "1")])
            case .notFound: return Self.error(404, refusal.message)
            case .misconfigured: return Self.error(500, refusal.message)
            case .unauthorized: return Self.error(401, refusal.message, headers: refusal.challenge.map { [("www-authenticate", $0)] } ?? [])
            case .storeUnavailable: return Self.error(503, refusal.message, headers: [("retry-after", "5")])
            case .storeFailed: return Self.error(500, refusal.message)
            case .unreadable:
                guard let body = refusal.underlying as? ApiRefusal else { return Self.error(400, refusal.message) }
                return Self.error(body.status, body.detail, headers: body.headers.map { ($0.0.canonicalName, $0.1) })
            }
        }
    }

    private static func error(_ status: Int, _ message: String, headers: [(name: String, value: String)] = []) -> WebhookReply {
        .json(status, ApiRefusal(status: status, detail: message).json, headers: headers)
    }
}

extension WebhookReply {
    var response: Response {
        var fields = HTTPFields()
        for (name, value) in headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(status: HTTPResponse.Status(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

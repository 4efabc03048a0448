import FlowService
import HTTPTypes
import Hummingbird
import NIOCore
import JSHostCore

/// An error answered over HTTP: its status and what to do, as a JSON:API error document. Every refusal the
/// service gives, on every route and for unknown ones, has this form.
struct ApiRefusal: Error {
    var status: Int
    var detail: String
    /// Headers the answer carries besides its type (`Allow`, `Retry-After`, `Connection: close`).
    var headers: [(HTTPField.Name, String)] = []

    init(status: Int, detail: String, headers: [(HTTPField.Name, String)] = []) {
        self.status = status
        self.detail = detail
        self.headers = headers
    }

    var title: String { Self.titles[status] ?? "Error" }

    var json: String {
        #"{"errors":[{"status":"\#(status)","title":\#(JSONString.quote(title)),"detail":\#(JSONString.quote(detail))}]}"#
    }

    var response: Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/vnd.api+json"
        if status == 401 { fields[.wwwAuthenticate] = #"Basic realm="jshost", Bearer"# }
        for (name, value) in headers { fields[name] = value }
        return Response(status: HTTPResponse.Status(code: status, reasonPhrase: title), headers: fields,
                        body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// The titles of the statuses the service gives.
    static let titles: [Int: String] = [
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
        408: "Request Timeout", 409: "Conflict", 421: "Misdirected Request", 412: "Precondition Failed", 413: "Content Too Large",
        415: "Unsupported Media Type", 422: "Unprocessable Content", 500: "Internal Server Error", 503: "Service Unavailable",
        504: "Gateway Timeout",
    ]
}

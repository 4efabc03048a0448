import Hummingbird
import NIOCore

/// The API's and the webhooks' size limit on a request's body (`--max-request-bytes` for webhooks,
/// `SnapshotRoutes.maxBody` for API documents): a declared `Content-Length` over it is refused (413) before a byte is
/// read, and the connection closed after the answer; a body sent without one is refused as soon as it passes the
/// limit; a `Content-Encoding` is undone within the same limit, so a small compressed body cannot unpack past it.
extension RequestBody {
    /// The body's bytes, decoded from their `Content-Encoding`, at most `limit` of them either way. `what` names
    /// what the limit is for in the refusal.
    static func bytes(_ request: inout Request, limit: Int, what: String) async throws(ApiRefusal) -> [UInt8] {
        let tooLarge = ApiRefusal(status: 413, detail: "the request body is over \(limit) bytes, the most \(what) takes",
                                  headers: [(.connection, "close")])
        if let declared = request.headers[.contentLength], let length = Int(declared), length > limit { throw tooLarge }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw tooLarge
        }
        do throws(ContentCoding.Failure) {
            return try ContentCoding.decode(Array(buffer: buffer), encodings: request.headers[.contentEncoding], limit: limit)
        } catch {
            switch error {
            case .unsupported(let coding):
                throw ApiRefusal(status: 415, detail: "the body's Content-Encoding \(coding) is not one jshost decodes; send it as gzip, deflate, br or unencoded")
            case .tooLarge:
                throw ApiRefusal(status: 413, detail: "the request body decodes to over \(limit) bytes, the most \(what) takes")
            case .corrupt(let coding):
                throw ApiRefusal(status: 400, detail: "the request body is not valid \(coding) data, as its Content-Encoding says")
            }
        }
    }
}

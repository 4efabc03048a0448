import FlowService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import JSHostCore

/// The service's HTTP endpoints: webhooks, the API (flows, snapshots), health and metrics. Errors become
/// their HTTP status here, at the edge, with a JSON:API error document.
enum ServiceRoutes {
    static func router(_ service: FlowService, maxRequestBytes: Int, allowedHosts: AllowedHosts) -> Router<BasicRequestContext> {
        // HEAD answers as GET does, without the body, on every GET route but the webhooks'.
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: EdgeMiddleware(allowedHosts: allowedHosts))
        router.get("healthz") { _, _ in
            let health = await service.health()
            return response(health.healthy ? 200 : 503, json: health.json)
        }
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: await service.metricsText())))
        }
        WebRoutes.add(to: router)
        FlowRoutes.add(to: router, service)
        SnapshotRoutes.add(to: router, service)
        SnapshotHistoryRoutes.add(to: router, service)
        SnapshotTransferRoutes.add(to: router, service)
        for path in ["hook/:flow", "hook/:flow/**"] {
            router.post(RouterPath(path)) { request, context in try await hook(request, context, service, maxRequestBytes) }
            router.get(RouterPath(path)) { request, context in try await hook(request, context, service, maxRequestBytes) }
            // A GET runs the flow, as the platform's webhooks do; a HEAD (some callers check an address with one)
            // only says whether a flow answers there.
            router.on(RouterPath(path), method: .head) { _, context in
                let answers = await service.answersWebhook(context.decodedParameter("flow") ?? "")
                return Response(status: answers ? .ok : .notFound)
            }
        }
        MethodRefusals.add(to: router)
        return router
    }

    private static func hook(_ request: Request, _ context: BasicRequestContext, _ service: FlowService,
                             _ maxRequestBytes: Int) async throws -> Response {
        let flow = context.decodedParameter("flow") ?? ""
        var request = request
        let body: [UInt8]
        do {
            body = try await RequestBody.bytes(&request, limit: maxRequestBytes, what: "a webhook")
        } catch {
            return error.response
        }
        let path = request.uri.path
        let prefix = "/hook/\(context.parameters.get("flow") ?? "")"
        let additional = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : ""
        let query = request.uri.query.map(WebhookMessage.formFields) ?? []
        var headers: [(name: String, value: String)] = []
        for field in request.headers { headers.append((field.name.canonicalName, field.value)) }
        let host = request.head.authority ?? "localhost"
        let url = "http://\(host)\(path)" + (request.uri.query.map { "?\($0)" } ?? "")
        let message = WebhookMessage(requestID: RandomUUID.make(), method: request.method.rawValue, url: url,
                                     additionalPath: additional, query: query, headers: headers,
                                     contentType: request.headers[.contentType], body: body)
        let fields = request.headers
        let outcome = await service.callWebhook(flow, requestID: message.requestID, header: { name in
            HTTPField.Name(name).flatMap { fields[$0] }
        }, body: body, message: message.json)
        return outcome.reply.response
    }

    static func response(_ status: Int, json: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    static func flowDocument(_ id: String, status: String) -> String {
        #"{"data":{"type":"flow","id":\#(JSONString.quote(id)),"attributes":{"status":"\#(status)"}}}"#
    }
}

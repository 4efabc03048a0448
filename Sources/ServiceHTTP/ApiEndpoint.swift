import FlowService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SnapshotStore
import JSHostCore

/// What every API endpoint does around its work: checks the caller's key for the role it needs, and turns every
/// refusal and store error into its status and a JSON:API error document, here at the edge.
enum ApiEndpoint {
    /// Runs an endpoint for its caller, turning every refusal and store error into its status here, at the edge.
    static func handle(_ request: Request, _ context: BasicRequestContext, _ service: FlowService, needs role: ApiKey.Role,
                       _ body: (String, String, ApiKey) async throws -> Response) async -> Response {
        if let refusal = crossSite(request) { return refusal.response }
        let key: ApiKey
        switch await ApiKeyAuth.caller(request, needs: role, keys: service.store) {
        case .success(let caller): key = caller
        case .failure(let refusal): return refusal.response
        }
        guard await service.ready else {
            return ApiRefusal(status: 503, detail: FlowService.startingMessage, headers: [(.retryAfter, "1")]).response
        }
        let flow = context.decodedParameter("flow") ?? ""
        let step = context.decodedParameter("step") ?? ""
        do {
            return try await body(flow, step, key)
        } catch let refusal as ApiRefusal {
            return refusal.response
        } catch let error as FlowControlError {
            return error.refusal.response
        } catch let error as SnapshotStoreError where StoreFailures.diskFull(error) == nil {
            return SnapshotRoutes.refusal(for: error, flow: flow, step: step).response
        } catch let violation as SnapshotLimitViolation {
            return ApiRefusal(status: 422, detail: violation.description).response
        } catch {
            if let full = StoreFailures.diskFull(error) {
                return ApiRefusal(status: 503, detail: full, headers: [(.retryAfter, "5")]).response
            }
            return ApiRefusal(status: 500, detail: "the store failed: \(error)").response
        }
    }

    /// A change asked for by another site's page (a browser that kept the key as basic auth would send it along):
    /// refused whenever the browser says where the request comes from and it is not this service, scheme, host and
    /// port alike.
    static func crossSite(_ request: Request) -> ApiRefusal? {
        guard request.method != .get, request.method != .head else { return nil }
        let refusal = ApiRefusal(status: 403, detail: "cross-site requests may not change anything here; send the change from this service's page or without a browser")
        if let site = HTTPField.Name("sec-fetch-site").flatMap({ request.headers[$0] }), site == "cross-site" { return refusal }
        guard let origin = HTTPField.Name("origin").flatMap({ request.headers[$0] }) else { return nil }
        // Behind a TLS proxy the page's scheme is https; a browser cannot set this header on a cross-site request
        // without a preflight, which the service does not answer.
        let forwarded = HTTPField.Name("x-forwarded-proto").flatMap { request.headers[$0] }?.lowercased()
        let scheme = forwarded == "https" ? "https" : "http"
        let own = Self.origin(scheme: scheme, authority: request.head.authority ?? "")
        return Self.origin(of: origin) == own ? nil : refusal
    }

    /// `scheme://host[:port]`, lowercased, the scheme's default port left out, as browsers write an Origin.
    static func origin(scheme: String, authority: String) -> String {
        var authority = authority.lowercased()
        let defaultPort = scheme == "https" ? ":443" : ":80"
        if authority.hasSuffix(defaultPort) { authority.removeLast(defaultPort.count) }
        return scheme + "://" + authority
    }

    /// An Origin header normalised as `origin(scheme:authority:)` writes one; nil for `null` or a malformed one.
    static func origin(of header: String) -> String? {
        let lowered = header.trimmingCharacters(in: .whitespaces).lowercased()
        guard let separator = lowered.range(of: "://") else { return nil }
        let scheme = String(lowered[..<separator.lowerBound])
        let authority = String(lowered[separator.upperBound...])
        guard ["http", "https"].contains(scheme), !authority.isEmpty, !authority.contains("/") else { return nil }
        return origin(scheme: scheme, authority: authority)
    }

    static func document(_ status: Int, _ json: String, version: Int? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.api+json"
        if let version { headers[.eTag] = "\"\(version)\"" }
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

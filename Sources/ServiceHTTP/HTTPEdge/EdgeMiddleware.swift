import FlowService
import Foundation
import HTTPTypes
import Hummingbird

/// What every request meets before its route: a `Host` this service answers to, and every error it causes,
/// unknown routes included, as a JSON:API error document.
struct EdgeMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let allowedHosts: AllowedHosts

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard allowedHosts.admits(request.head.authority) else {
            let name = AllowedHosts.hostName(request.head.authority ?? "")
            return ApiRefusal(status: 421, detail: "this service does not answer to the host name \(name); call it by one it does (\(allowedHosts.described)), or start it with --allowed-host \(name)").response
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            if error.status == .notFound {
                return ApiRefusal(status: 404, detail: "no endpoint at \(request.uri.path); the endpoints are listed in /openapi.json").response
            }
            return ApiRefusal(status: Int(error.status.code), detail: error.body ?? error.status.reasonPhrase).response
        }
    }
}

extension BasicRequestContext {
    /// A path parameter percent-decoded, as the id it names (`my%20flow` is the flow `my flow`); as sent when it
    /// holds no valid escapes.
    func decodedParameter(_ name: String) -> String? {
        guard let raw = parameters.get(name) else { return nil }
        return raw.removingPercentEncoding ?? raw
    }
}

import FlowService
import HTTPTypes
import Hummingbird

/// A method an endpoint does not take is a 405 naming the ones it does (`Allow`), not a 404: the endpoint is
/// there. Added for every path once all routes are.
enum MethodRefusals {
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .options, .trace, HTTPRequest.Method("QUERY")!]

    static func add(to router: Router<BasicRequestContext>) {
        var byPath: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for route in router.routes {
            byPath[route.path.description, default: (route.path, [])].methods.insert(route.method)
        }
        for (path, taken) in byPath.values {
            var allowed = taken
            if taken.contains(.get) { allowed.insert(.head) }
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            for method in methods where !taken.contains(method) {
                router.on(path, method: method) { request, _ in
                    var response = ApiRefusal(status: 405, detail: "\(path) does not take \(request.method.rawValue); it takes \(allow)").response
                    response.headers[.allow] = allow
                    return response
                }
            }
        }
    }
}

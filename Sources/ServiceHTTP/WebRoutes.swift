import FlowService
import HTTPTypes
import Hummingbird
import NIOCore

/// The embedded web page's files (Web/page.html, page.css, page.js) and the API's OpenAPI document, made
/// constants at build time.
enum EmbeddedScripts {}

/// The snapshot page at `/` (three files, no build step) and `/openapi.json`, served with headers that keep other sites from framing it
/// and keep the browser from running anything but its own script.
enum WebRoutes {
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
        (.xContentTypeOptions, "nosniff"),
        (HTTPField.Name("x-frame-options")!, "DENY"),
        (HTTPField.Name("referrer-policy")!, "no-referrer"),
    ]

    static func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in file(EmbeddedScripts.pageHtml, type: "text/html; charset=utf-8") }
        router.get("page.css") { _, _ in file(EmbeddedScripts.pageCss, type: "text/css; charset=utf-8") }
        router.get("page.js") { _, _ in file(EmbeddedScripts.page, type: "text/javascript; charset=utf-8") }
        router.get("openapi.json") { _, _ in file(EmbeddedScripts.openapiJson, type: "application/json") }
    }

    private static func file(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        for (name, value) in securityHeaders { headers[name] = value }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

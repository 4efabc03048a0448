import Foundation
import Testing

/// HTTP as clients expect it from `jshost serve`, and what a hostile page or caller must not get: HEAD, encoded
/// ids, error documents everywhere, no stacks for strangers, the Origin compared whole, DNS rebinding refused,
/// If-Match lists, the port taken before any flow starts.
@Suite(.serialized, .timeLimit(.minutes(10))) struct HostileHTTPTests {
    static func workspace() throws -> Workspace {
        let workspace = try HostileBodyTests.workspace()
        let webhook = "\(Binary.packageRoot)/components/webhook:receive"
        let reply = "\(Binary.packageRoot)/components/http-reply:reply"
        try workspace.write("flows/spaced.json", ServeWebhookTests.flow("my flöw",
            nodes: #"[{"id":"step one","command":"\#(webhook)"},{"id":"step_2","command":"\#(reply)"}]"#,
            edges: #"[{"source":"step one","target":"step_2"}]"#))
        try workspace.write("components/steps/component.json", #"{"title":"steps","triggers":{"take":{"main":"./take.js"}},"actions":{"fail":{"main":"./fail.js"}}}"#)
        try workspace.write("components/steps/take.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        try workspace.write("components/steps/fail.js", "exports.process = async function () { throw new Error('no such order'); };")
        try workspace.write("flows/failing.json", ServeWebhookTests.flow("failing",
            nodes: #"[{"id":"step_1","command":"../components/steps:take"},{"id":"step_2","command":"../components/steps:fail"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        return workspace
    }

    @Test func headAnswersEveryGetRouteWithoutItsBody() async throws {
        let workspace = try Self.workspace()
        let service = try await HostileBodyTests.service(workspace)
        for path in ["/healthz", "/metrics", "/", "/openapi.json", "/v2/flows", "/v2/flows/tick", "/v2/flows/tick/snapshots/step_1",
                     "/v2/flows/tick/snapshots/step_1/versions", "/v2/flows/tick/snapshots/step_1/audit", "/v2/flows/tick/snapshots:export"] {
            let get = try await service.control("GET", path)
            let head = try await service.control("HEAD", path)
            #expect(head.status == get.status && head.status == 200, "HEAD \(path): \(head.status), GET \(get.status)")
            #expect(head.body.isEmpty, "HEAD \(path) sent a body")
            #expect(head.headers["content-type"] == get.headers["content-type"], "HEAD \(path)")
        }
        // HEAD on a webhook says whether a flow answers there, and runs nothing.
        let before = try StoreFingerprint.of(workspace)
        #expect(try await service.call("HEAD", "/hook/echo").status == 200)
        #expect(try await service.call("HEAD", "/hook/nowhere").status == 404)
        #expect(try StoreFingerprint.of(workspace) == before, "a HEAD on a webhook ran its flow")
        // And a 405 still names HEAD where GET is taken.
        let refused = try await service.control("PUT", "/healthz")
        #expect(refused.status == 405 && refused.headers["allow"] == "GET, HEAD", "\(refused.headers)")
    }

    @Test func idsThatNeedEncodingAreDecodedInPaths() async throws {
        let workspace = try Self.workspace()
        let validated = try workspace.jshost(["flow", "validate", workspace.root + "/flows"])
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")
        #expect(validated.stdout.contains(#"flow id "my flöw" must be percent-encoded in URLs (/hook/my%20fl%C3%B6w)"#), "\(validated.stdout)")
        #expect(validated.stdout.contains(#"step id "step one" must be percent-encoded"#), "\(validated.stdout)")
        let service = try await RunningService(workspace, folder: "flows")
        let reply = try await service.post("/hook/my%20fl%C3%B6w", json: #"{"hello":1}"#)
        #expect(reply.status == 200 && reply.json?["hello"] as? Int == 1, "\(reply.text)")
        let flow = try await service.control("GET", "/v2/flows/my%20fl%C3%B6w")
        #expect(flow.status == 200 && (flow.json?["data"] as? [String: Any])?["id"] as? String == "my flöw", "\(flow.text)")
        #expect(try await eventually { try await service.control("GET", "/v2/flows/my%20fl%C3%B6w/steps/step%20one/runs").json.map { ($0["data"] as? [Any])?.count == 1 } ?? false })
    }

    @Test func everyErrorIsAJsonApiDocumentAndStrangersSeeNoStack() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows")
        for (method, path) in [("GET", "/nowhere"), ("POST", "/v2/nothing/here"), ("GET", "/hook"), ("DELETE", "/v2/flows/tick/snapshots")] {
            let reply = try await service.call(method, path)
            let error = (reply.json?["errors"] as? [[String: Any]])?.first
            #expect(error?["status"] as? String == String(reply.status) && error?["title"] != nil && error?["detail"] != nil,
                    "\(method) \(path): \(reply.status) \(reply.text)")
        }
        let failed = try await service.post("/hook/failing", json: "{}")
        #expect(failed.status == 500, "\(failed.text)")
        #expect(failed.text.contains("no such order"), "\(failed.text)")
        #expect(!failed.text.contains("stack") && !failed.text.contains(workspace.root) && !failed.text.contains(Binary.packageRoot), "\(failed.text)")
    }

    @Test func anotherSitesPageIsRefusedByOriginAndByHost() async throws {
        let workspace = try Self.workspace()
        let service = try await HostileBodyTests.service(workspace)
        let own = "127.0.0.1:\(service.port)"
        let change = Data(SnapshotApiTests.document("step_1", #"{"n":2}"#).utf8)
        let headers = ["content-type": "application/vnd.api+json"]
        let before = try StoreFingerprint.of(workspace)
        // The same host and port under another scheme is another origin.
        let https = try await service.control("PATCH", "/v2/flows/tick/snapshots/step_1", body: change, headers: headers.merging(["origin": "https://\(own)"]) { $1 })
        #expect(https.status == 403, "\(https.text)")
        let otherPort = try await service.control("PATCH", "/v2/flows/tick/snapshots/step_1", body: change, headers: headers.merging(["origin": "http://127.0.0.1:1"]) { $1 })
        #expect(otherPort.status == 403, "\(otherPort.text)")
        // DNS rebinding: a page whose name now points here sends its own name as Host and as Origin.
        let rebinding = try await service.control("PATCH", "/v2/flows/tick/snapshots/step_1", body: change,
                                                  headers: headers.merging(["host": "evil.example:\(service.port)", "origin": "http://evil.example:\(service.port)"]) { $1 })
        #expect(rebinding.status == 421, "\(rebinding.text)")
        #expect(rebinding.text.contains("--allowed-host evil.example"), "\(rebinding.text)")
        let hook = try await service.call("POST", "/hook/echo", body: Data("{}".utf8), headers: ["host": "evil.example", "content-type": "application/json"])
        #expect(hook.status == 421, "\(hook.text)")
        #expect(try StoreFingerprint.of(workspace) == before)
        // The page's own origin may change.
        let same = try await service.control("PATCH", "/v2/flows/tick/snapshots/step_1", body: change, headers: headers.merging(["origin": "http://\(own)"]) { $1 })
        #expect(same.status == 200, "\(same.text)")
        // A name the operator allowed is answered.
        let allowed = try await RunningService(workspace, folder: "flows", arguments: ["--allowed-host", "hooks.example.org"],
                                               stateDirectory: workspace.root + "/second-state")
        let named = try await allowed.call("GET", "/healthz", headers: ["host": "hooks.example.org:443"])
        #expect(named.status == 200, "\(named.text)")
    }

    @Test func ifMatchTakesListsAndStarAsRFC9110Has() async throws {
        let workspace = try Self.workspace()
        let service = try await HostileBodyTests.service(workspace)
        func patch(_ ifMatch: String, _ value: Int) async throws -> RunningService.Reply {
            try await service.control("PATCH", "/v2/flows/tick/snapshots/step_1", body: Data(SnapshotApiTests.document("step_1", #"{"n":\#(value)}"#).utf8),
                                      headers: ["content-type": "application/vnd.api+json", "if-match": ifMatch])
        }
        let listed = try await patch(#""7", "1", "9""#, 2)
        #expect(listed.status == 200 && listed.headers["etag"] == "\"2\"", "\(listed.text)")
        #expect(try await patch(#""1", "3""#, 3).status == 412)
        #expect(try await patch(#"W/"2""#, 3).status == 412, "a weak tag matched with strong comparison")
        let star = try await patch("*", 4)
        #expect(star.status == 200 && star.headers["etag"] == "\"3\"", "\(star.text)")
        let reset = try await service.control("DELETE", "/v2/flows/tick/snapshots/step_1", headers: ["if-match": #""0", "3""#])
        #expect(reset.status == 204, "\(reset.text)")
    }

    @Test func aTakenPortStartsNoFlow() async throws {
        let workspace = try Self.workspace()
        try workspace.write("components/hooked/component.json", #"{"title":"hooked","triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("components/hooked/t.js", """
            exports.startup = async function () { console.log('STARTUP HOOK RAN'); return {}; };
            exports.process = async function (msg) { return msg; };
            """)
        try workspace.write("hooked/flow.json", ServeWebhookTests.flow("hooked", nodes: #"[{"id":"step_1","command":"../components/hooked:t"}]"#))
        let first = try await RunningService(workspace, folder: "hooked")
        #expect(await eventually { first.stderr.contains("STARTUP HOOK RAN") }, "\(first.stderr)")
        let second = try workspace.jshost(["serve", workspace.root + "/hooked", "--port", String(first.port)])
        #expect(second.status == 2, "\(second.stdout)\(second.stderr)")
        #expect(second.stderr.contains("cannot listen on 127.0.0.1:\(first.port): another program is listening there"), "\(second.stderr)")
        #expect(!second.stderr.contains("STARTUP HOOK RAN"), "the startup hook ran before the port was taken: \(second.stderr)")
    }
}

import Foundation
import Testing

/// `jshost serve`'s webhooks: a request becomes the first step's message, and the caller gets the flow's answer.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServeWebhookTests {
    static func flow(_ id: String, nodes: String, edges: String = "[]", status: String = "active") -> String {
        #"{"data":{"type":"flow","id":"\#(id)","attributes":{"name":"\#(id)","status":"\#(status)","graph":{"nodes":\#(nodes),"edges":\#(edges)}}}}"#
    }

    /// The sample webhook and reply components, and a flow of each kind of answer.
    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.write("components/steps/component.json", #"""
            {"title":"steps","triggers":{"take":{"main":"./take.js"},"slowtake":{"main":"./slowtake.js"}},
             "actions":{"fail":{"main":"./fail.js"},"slow":{"main":"./slow.js"},"keep":{"main":"./keep.js"}}}
            """#)
        try workspace.write("components/steps/take.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        try workspace.write("components/steps/slowtake.js", """
            exports.process = function (msg) { return new Promise((done) => setTimeout(() => done({ body: msg.body }), 1500)); };
            """)
        try workspace.write("components/steps/fail.js", "exports.process = async function () { throw new Error('no such order'); };")
        try workspace.write("components/steps/slow.js", "exports.process = function () { return new Promise((done) => setTimeout(done, 4000)); };")
        try workspace.write("components/steps/keep.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.seen = (snapshot.seen || 0) + 1;
              await this.emit('snapshot', snapshot);
            };
            """)
        let webhook = "\(Binary.packageRoot)/components/webhook:receive"
        let reply = "\(Binary.packageRoot)/components/http-reply:reply"
        try workspace.write("flows/echo.json", Self.flow("echo",
            nodes: #"[{"id":"step_1","command":"\#(webhook)"},{"id":"step_2","command":"\#(reply)","fields":{"statusCode":201}}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        try workspace.write("flows/quiet.json", Self.flow("quiet",
            nodes: #"[{"id":"step_1","command":"../components/steps:take"},{"id":"step_2","command":"../components/steps:keep"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        try workspace.write("flows/failing.json", Self.flow("failing",
            nodes: #"[{"id":"step_1","command":"../components/steps:take"},{"id":"step_2","command":"../components/steps:fail"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        try workspace.write("flows/hanging.json", Self.flow("hanging",
            nodes: #"[{"id":"step_1","command":"../components/steps:take"},{"id":"step_2","command":"../components/steps:slow"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        try workspace.write("flows/queueing.json", Self.flow("queueing",
            nodes: #"[{"id":"step_1","command":"../components/steps:slowtake"},{"id":"step_2","command":"../components/steps:keep"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        try workspace.write("flows/off.json", Self.flow("off", nodes: #"[{"id":"step_1","command":"../components/steps:take"}]"#,
                                                        status: "inactive"))
        return workspace
    }

    @Test func aWebhookFlowAnswersWithTheReplyOfItsSecondStep() async throws {
        let workspace = try workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--webhook-timeout", "2", "--timeout", "30"])
        let reply = try await service.post("/hook/echo/orders/7?source=shop", json: #"{"order":7,"items":["a","b"]}"#)
        #expect(reply.status == 201, "\(reply.text)\n\(service.stderr)")
        #expect(reply.headers["content-type"] == "application/json")
        let body = try #require(reply.json)
        #expect(body["order"] as? Int == 7)
        #expect(body["items"] as? [String] == ["a", "b"])
        #expect(body["_method"] as? String == "POST")
        #expect(body["_additionalUrlPath"] as? String == "/orders/7")
        #expect(body["_query"] as? [String: String] == ["source": "shop"])
        #expect((body["_url"] as? String)?.hasSuffix("/hook/echo/orders/7?source=shop") == true)
        #expect((body["_headers"] as? [String: Any])?["content-type"] as? String == "application/json")
        // The body comes back with its keys in the order the component made them.
        #expect(reply.text.hasPrefix(#"{"order":7,"items":["a","b"],"_query""#), "\(reply.text)")

        let get = try await service.call("GET", "/hook/echo?name=Ada&tag=x&tag=y")
        #expect(get.status == 201)
        #expect(get.json?["name"] as? String == "Ada", "for GET the query is the body")
        #expect(get.json?["tag"] as? [String] == ["x", "y"])

        let form = try await service.call("POST", "/hook/echo", body: Data("city=New+York&zip=10001".utf8),
                                          headers: ["content-type": "application/x-www-form-urlencoded"])
        #expect(form.json?["city"] as? String == "New York")
        #expect(form.json?["zip"] as? String == "10001")

        let xml = try await service.call("POST", "/hook/echo", body: Data(#"<order id="9"><item>pen</item><item>ink</item></order>"#.utf8),
                                         headers: ["content-type": "application/xml"])
        let order = xml.json?["order"] as? [String: Any]
        #expect((order?["$"] as? [String: String])?["id"] == "9", "\(xml.text)")
        #expect(order?["item"] as? [String] == ["pen", "ink"])

        let bad = try await service.post("/hook/echo", json: "{not json")
        #expect(bad.status == 400)
        #expect(bad.text.contains("not valid JSON"))
    }

    @Test func theCallerGetsThankYouAnErrorATimeoutOrANotFound() async throws {
        let workspace = try workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--webhook-timeout", "2"])

        let quiet = try await service.post("/hook/quiet", json: #"{"n":1}"#)
        #expect(quiet.status == 200)
        #expect(quiet.json?["message"] as? String == "thank you")
        let requestID = try #require(quiet.json?["requestId"] as? String)
        #expect(!requestID.isEmpty)
        // Thank-you comes once the whole execution is committed.
        let snapshot = try workspace.jshost(["snapshot", "get", "--flow", "quiet", "--step", "step_2"])
        #expect(snapshot.stdout == #"{"seen":1}"# + "\n", "\(snapshot.stdout)\(snapshot.stderr)")

        let failing = try await service.post("/hook/failing", json: #"{"n":2}"#)
        #expect(failing.status == 500)
        #expect(failing.headers["x-execution-id"]?.isEmpty == false)
        #expect((failing.json?["error"] as? [String: Any])?["message"] as? String == "no such order", "\(failing.text)")

        let hanging = try await service.post("/hook/hanging", json: #"{"n":3}"#)
        #expect(hanging.status == 504)
        #expect(hanging.headers["x-execution-id"]?.isEmpty == false)

        for path in ["/hook/nowhere", "/hook/off"] {
            let missing = try await service.post(path, json: "{}")
            #expect(missing.status == 404)
            let name = path.dropFirst("/hook/".count)
            #expect((missing.json?["errors"] as? [[String: Any]])?.first?["detail"] as? String
                    == "Flow \(name) either does not exist or is inactive")
        }
    }

    /// Whether the queueing flow's last step has counted exactly two requests.
    func seenTwice(_ workspace: Workspace) throws -> Bool {
        try workspace.jshost(["snapshot", "get", "--flow", "queueing", "--step", "step_2"]).stdout == #"{"seen":2}"# + "\n"
    }

    /// A request goes to its first step from memory while its caller waits; one whose caller stopped waiting before
    /// the step took it is queued durably then, and runs once.
    @Test func aRequestWhoseCallerStopsWaitingBeforeItRunsIsQueuedAndRunsOnce() async throws {
        let workspace = try workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--webhook-timeout", "0.5"])
        async let first = service.post("/hook/queueing", json: #"{"n":1}"#)
        // The first request is running in step_1 (a second and a half) when the second comes and waits behind it.
        try await Task.sleep(for: .milliseconds(400))
        let second = try await service.post("/hook/queueing", json: #"{"n":2}"#)
        #expect(second.status == 504, "\(second.text)")
        #expect(second.text.contains("stays queued"))
        #expect(try await first.status == 504)
        #expect(service.stderr.contains("had not run when its caller stopped waiting; it is queued"), "\(service.stderr)")
        #expect(try await eventually(timeout: 10) { try seenTwice(workspace) }, "both requests ran\n\(service.stderr)")
        try await Task.sleep(for: .seconds(2))
        #expect(try seenTwice(workspace), "each ran once")
    }

    /// A graceful stop finishes the running request and queues those still waiting for their first step, which run
    /// after a restart.
    @Test func requestsWaitingWhenTheServiceStopsRunAfterARestart() async throws {
        let workspace = try workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--webhook-timeout", "30"])
        let first = Task { try? await service.post("/hook/queueing", json: #"{"n":1}"#) }
        try await Task.sleep(for: .milliseconds(400))
        let second = Task { try? await service.post("/hook/queueing", json: #"{"n":2}"#) }
        try await Task.sleep(for: .milliseconds(300))
        service.signal(SIGTERM)
        #expect(await service.waitForExit(timeout: 30) == 0, "\(service.stderr)")
        _ = await (first.value, second.value)
        #expect(service.stderr.contains("1 webhook request(s) not yet run are queued for the next start"), "\(service.stderr)")
        let restarted = try await RunningService(workspace, folder: "flows")
        #expect(try await eventually(timeout: 10) { try seenTwice(workspace) },
                "the first ran before the stop, the second after the restart\n\(restarted.stderr)")
        withExtendedLifetime(restarted) {}
    }

    @Test(arguments: ["basic", "api-key", "hmac"])
    func aWebhookChecksItsCallersAsItsCredentialsSay(_ scheme: String) async throws {
        let workspace = try workspace()
        let keys: String
        var good: [String: String] = [:]
        var wrong: [String: String] = [:]
        let body = #"{"amount":12}"#
        switch scheme {
        case "basic":
            keys = #"{"auth":"basic","username":"shop","password":"s3cret"}"#
            good["authorization"] = "Basic " + Data("shop:s3cret".utf8).base64EncodedString()
            wrong["authorization"] = "Basic " + Data("shop:guess".utf8).base64EncodedString()
        case "api-key":
            keys = #"{"auth":"api-key","headerName":"X-Shop-Key","headerValue":"k-123"}"#
            good["x-shop-key"] = "k-123"
            wrong["x-shop-key"] = "k-124"
        default:
            keys = #"{"auth":"hmac","hmacSecret":"topsecret"}"#
            // HMAC-SHA256 of the raw body with the secret, in hex (openssl dgst -sha256 -hmac topsecret).
            let signature = try workspace.execute("/bin/sh", ["-c", "printf '%s' '\(body)' | openssl dgst -sha256 -hmac topsecret | sed 's/.*= //'"])
            good["x-eio-signature"] = signature.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            wrong["x-eio-signature"] = String(repeating: "0", count: 64)
        }
        #expect(try workspace.jshost(["credentials", "set", "hook-auth", keys]).status == 0)
        try workspace.write("flows/guarded.json", Self.flow("guarded",
            nodes: #"[{"id":"step_1","command":"../components/steps:take","credentials_id":"hook-auth"},{"id":"step_2","command":"\#(Binary.packageRoot)/components/http-reply:reply"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        let service = try await RunningService(workspace, folder: "flows")
        let admitted = try await service.post("/hook/guarded", json: body, headers: good)
        #expect(admitted.status == 200, "\(admitted.text)")
        #expect(admitted.json?["amount"] as? Int == 12)
        for headers in [wrong, [:]] {
            let refused = try await service.post("/hook/guarded", json: body, headers: headers)
            #expect(refused.status == 401)
            #expect(!refused.text.contains("s3cret") && !refused.text.contains("k-123") && !refused.text.contains("topsecret"))
        }
    }

    @Test func aTakenAddressIsRefusedSayingWhyAndWhatToDo() async throws {
        let workspace = try workspace()
        let first = try await RunningService(workspace, folder: "flows")
        let second = try workspace.jshost(["serve", workspace.root + "/flows", "--port", "\(first.port)", "--state-dir", workspace.root + "/other"])
        #expect(second.status == 2)
        #expect(second.stderr.contains("jshost: cannot listen on 127.0.0.1:\(first.port): another program is listening there; choose another --port or --host"),
                "\(second.stderr)")
    }
}

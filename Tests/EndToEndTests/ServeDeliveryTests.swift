import Foundation
import Testing

/// `jshost serve`'s delivery rules: a step's messages in order, ticks that never overlap, keys a component
/// updates, and a second signal that ends at once with nothing half-committed.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServeDeliveryTests {
    func snapshot(_ workspace: Workspace, _ flow: String, _ step: String) throws -> [String: Any]? {
        let read = try workspace.jshost(["snapshot", "get", "--flow", flow, "--step", step])
        return try? JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any]
    }

    func components(_ workspace: Workspace) throws {
        try workspace.write("components/order/component.json", #"""
            {"title":"order","triggers":{"burst":{"main":"./burst.js","type":"polling"},"nap":{"main":"./nap.js","type":"polling"},
             "token":{"main":"./token.js"},"slowly":{"main":"./slow.js"}},
             "actions":{"record":{"main":"./record.js"},"slow":{"main":"./slow.js"}}}
            """#)
        try workspace.write("components/order/burst.js", """
            exports.process = async function () { for (let n = 1; n <= 6; n++) await this.emit('data', { body: { n } }); };
            """)
        try workspace.write("components/order/record.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.order = (snapshot.order || []).concat([msg.body.n]);
              await this.emit('snapshot', snapshot);
            };
            """)
        try workspace.write("components/order/nap.js", """
            exports.process = async function (msg, cfg, snapshot) {
              await new Promise((done) => setTimeout(done, 2500));
              snapshot.runs = (snapshot.runs || 0) + 1;
              await this.emit('snapshot', snapshot);
            };
            """)
        try workspace.write("components/order/token.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.tokens = (snapshot.tokens || []).concat([cfg.token]);
              await this.emit('snapshot', snapshot);
              await this.emit('updateKeys', { token: cfg.token + '+' });
            };
            """)
        try workspace.write("components/order/slow.js", """
            exports.process = async function (msg, cfg, snapshot) {
              this.logger.info('working on it');
              await new Promise((done) => setTimeout(done, 3000));
              snapshot.done = (snapshot.done || 0) + 1;
              await this.emit('snapshot', snapshot);
            };
            """)
    }

    func polling(_ id: String, cron: String, nodes: String, edges: String = "[]") -> String {
        ServeWebhookTests.flow(id, nodes: nodes, edges: edges)
            .replacingOccurrences(of: #""status":"active""#, with: #""status":"active","cron":"\#(cron)""#)
    }

    @Test func aStepTakesItsMessagesOneAtATimeInTheOrderTheyWereSent() async throws {
        let workspace = try Workspace()
        try components(workspace)
        try workspace.write("flows/burst.json", polling("burst", cron: "0 0 1 1 *",
            nodes: #"[{"id":"step_1","command":"../components/order:burst"},{"id":"step_2","command":"../components/order:record"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        let service = try await RunningService(workspace, folder: "flows")
        _ = try await service.control("POST", "/v2/flows/burst/run-now")
        #expect(try await eventually { (try snapshot(workspace, "burst", "step_2"))?["order"] as? [Int] == [1, 2, 3, 4, 5, 6] })
        _ = try await service.control("POST", "/v2/flows/burst/run-now")
        #expect(try await eventually { ((try snapshot(workspace, "burst", "step_2"))?["order"] as? [Int])?.count == 12 })
        #expect((try snapshot(workspace, "burst", "step_2"))?["order"] as? [Int] == [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6])
    }

    @Test func aTickThatComesDueWhileTheLastExecutionRunsIsSkipped() async throws {
        let workspace = try Workspace()
        try components(workspace)
        try workspace.write("flows/nap.json", polling("nap", cron: "* * * * * *", nodes: #"[{"id":"step_1","command":"../components/order:nap"}]"#))
        let service = try await RunningService(workspace, folder: "flows")
        #expect(try await eventually(timeout: 20) { (try snapshot(workspace, "nap", "step_1"))?["runs"] as? Int == 2 })
        let metrics = try await service.call("GET", "/metrics")
        let skipped = metrics.text.split(separator: "\n").first { $0.hasPrefix(#"jshost_schedule_ticks_skipped_total{flow="nap"}"#) }
        #expect((skipped?.split(separator: " ").last.flatMap { Int($0) } ?? 0) >= 2, "\(metrics.text)")
        let conflict = try await service.control("POST", "/v2/flows/nap/run-now")
        #expect([202, 409].contains(conflict.status))
        if conflict.status == 409 { #expect(conflict.text.contains("still running its last execution")) }
    }

    @Test func updateKeysChangesTheStepsCredentialsForTheNextMessages() async throws {
        let workspace = try Workspace()
        try components(workspace)
        #expect(try workspace.jshost(["credentials", "set", "api", #"{"token":"t","user":"u"}"#]).status == 0)
        try workspace.write("flows/keys.json", ServeWebhookTests.flow("keys",
            nodes: #"[{"id":"step_1","command":"../components/order:token","credentials_id":"api"}]"#))
        let service = try await RunningService(workspace, folder: "flows")
        for _ in 0..<3 {
            let reply = try await service.post("/hook/keys", json: "{}")
            #expect(reply.status == 200, "\(reply.text)")
        }
        #expect((try snapshot(workspace, "keys", "step_1"))?["tokens"] as? [String] == ["t", "t+", "t++"])
        let listed = try workspace.jshost(["credentials", "list"])
        #expect(listed.stdout.contains("api") && listed.stdout.contains("token") && listed.stdout.contains("user"), "\(listed.stdout)")
        #expect(!listed.stdout.contains("t+++"), "values are never printed")
    }

    @Test func aSecondSignalEndsAtOnceAndTheRunningMessageRunsAgainAfterARestart() async throws {
        let workspace = try Workspace()
        try components(workspace)
        try workspace.write("flows/slow.json", ServeWebhookTests.flow("slow",
            nodes: #"[{"id":"step_1","command":"../components/order:slowly"}]"#))
        let service = try await RunningService(workspace, folder: "flows")
        let call = Task { try? await service.post("/hook/slow", json: "{}") }
        #expect(await eventually { service.stderr.contains("working on it") }, "the message is running")
        service.signal(SIGTERM)
        try await Task.sleep(for: .milliseconds(200))
        service.signal(SIGTERM)
        let started = Date()
        #expect(await service.waitForExit(timeout: 10) == 3, "\(service.stderr.split(separator: "\n").filter { !$0.contains(#""name":"order""#) })")
        #expect(Date().timeIntervalSince(started) < 2, "the second signal does not wait for the message")
        _ = await call.value
        #expect(try snapshot(workspace, "slow", "step_1") == nil, "nothing of the interrupted message was committed")
        let store = try StoreFile(workspace)
        #expect(try store.integer("SELECT count(*) FROM step_queue") == 1, "it stays queued: \(service.stderr.split(separator: "\n").filter { !$0.contains(#""name":"order""#) })")
        try await Task.sleep(for: .milliseconds(3500))
        #expect(try snapshot(workspace, "slow", "step_1") == nil, "no worker of the ended service committed it later")
        let restarted = try await RunningService(workspace, folder: "flows")
        #expect(try await eventually(timeout: 15) { (try snapshot(workspace, "slow", "step_1"))?["done"] as? Int == 1 }, "\(restarted.stderr)")
        #expect(try store.integer("SELECT count(*) FROM step_queue") == 0)
        withExtendedLifetime(restarted) {}
    }
}

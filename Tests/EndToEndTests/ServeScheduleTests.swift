import Foundation
import Testing

/// `jshost serve`'s schedules, flow control and the platform's other events: run-now, start and stop with their
/// hooks, rebound, the error handler, a graceful stop.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServeScheduleTests {
    static let counter = "\(Binary.packageRoot)/components/iteration-counter:count"

    func snapshot(_ workspace: Workspace, _ flow: String, _ step: String) throws -> [String: Any]? {
        let read = try workspace.jshost(["snapshot", "get", "--flow", flow, "--step", step])
        return try? JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any]
    }

    func history(_ workspace: Workspace, _ flow: String, _ step: String) throws -> [[String: Any]] {
        try workspace.jshost(["snapshot", "history", "--flow", flow, "--step", step]).stdoutLines
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func aPollingFlowOnASecondsScheduleCountsOneTwoThree() async throws {
        let workspace = try Workspace()
        try workspace.write("flows/tick.json", ServeWebhookTests.flow("tick", nodes: #"[{"id":"step_1","command":"\#(Self.counter)"}]"#)
            .replacingOccurrences(of: #""status":"active""#, with: #""status":"active","cron":"* * * * * *""#))
        let service = try await RunningService(workspace, folder: "flows")
        #expect(try await eventually(timeout: 20) { ((try snapshot(workspace, "tick", "step_1"))?["iteration"] as? Int ?? 0) >= 3 },
                "\(service.stderr)")
        // Each tick's run started from the one before: from one kept version to the next, the iteration counts up
        // by one per version. (The history keeps the newest versions only, and a loaded machine may have ticked
        // past them by now, so what the oldest kept one holds depends on the machine's speed; the steps do not.)
        let versions = try history(workspace, "tick", "step_1").sorted { ($0["version"] as? Int ?? 0) < ($1["version"] as? Int ?? 0) }
        let pairs = versions.map { ($0["version"] as? Int ?? -1, ($0["snapshot"] as? [String: Any])?["iteration"] as? Int ?? -2) }
        #expect(pairs.count >= 3 && zip(pairs, pairs.dropFirst()).allSatisfy { $1.0 - $0.0 == $1.1 - $0.1 && $1.1 > $0.1 }, "\(versions)")
        let health = try await service.call("GET", "/healthz")
        #expect(health.status == 200)
        let metrics = try await service.call("GET", "/metrics")
        #expect(metrics.text.contains(#"jshost_executions_total{flow="tick",step="step_1"}"#), "\(metrics.text)")
        #expect(metrics.text.contains(#"jshost_queue_depth{flow="tick",step="step_1"}"#))
        // Logs: JSON lines; the service's with flow, step, thread and execution; the component's with its flow and step.
        let committed = service.logLines.first { $0["msg"] as? String == "run committed" }
        #expect(committed?["flow"] as? String == "tick" && committed?["step"] as? String == "step_1")
        #expect(committed?["threadId"] != nil && committed?["execution"] != nil, "\(committed ?? [:])")
        let componentLine = service.stderr.split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .first { $0["name"] as? String == "iteration-counter" }
        #expect(componentLine?["flowId"] as? String == "tick" && componentLine?["stepId"] as? String == "step_1")
        #expect(componentLine?["threadId"] as? String == committed?["threadId"] as? String)
        #expect(componentLine?["messageId"] as? String == committed?["execution"] as? String, "a run is named after its message")
    }

    @Test func runNowStartAndStopWorkAndRunTheHooks() async throws {
        let workspace = try Workspace()
        let hooksFile = workspace.root + "/hooks.log"
        try workspace.write("components/hooked/component.json", #"""
            {"title":"hooked","triggers":{"count":{"main":"./count.js","type":"polling"}}}
            """#)
        try workspace.write("components/hooked/count.js", """
            const fs = require('fs');
            exports.startup = async function (cfg) { fs.appendFileSync(cfg.log, 'startup\\n'); return { token: 'from-startup' }; };
            exports.shutdown = async function (cfg, data) { fs.appendFileSync(cfg.log, 'shutdown ' + data.token + '\\n'); };
            exports.init = async function (cfg) { fs.appendFileSync(cfg.log, 'init\\n'); };
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.iteration = (snapshot.iteration || 0) + 1;
              await this.emit('snapshot', snapshot);
            };
            """)
        // Once a year: only run-now fires it here.
        try workspace.write("flows/yearly.json", ServeWebhookTests.flow("yearly",
            nodes: #"[{"id":"step_1","command":"../components/hooked:count","fields":{"log":"\#(hooksFile)"}}]"#)
            .replacingOccurrences(of: #""status":"active""#, with: #""status":"active","cron":"0 0 1 1 *""#))
        let service = try await RunningService(workspace, folder: "flows")
        #expect(try String(contentsOfFile: hooksFile, encoding: .utf8) == "startup\n")

        let run = try await service.control("POST", "/v2/flows/yearly/run-now")
        #expect(run.status == 202, "\(run.text)")
        #expect(try await eventually { (try snapshot(workspace, "yearly", "step_1"))?["iteration"] as? Int == 1 })

        let stop = try await service.control("POST", "/v2/flows/yearly/stop")
        #expect(stop.status == 202)
        #expect(((stop.json?["data"] as? [String: Any])?["attributes"] as? [String: Any])?["status"] as? String == "inactive")
        #expect(try String(contentsOfFile: hooksFile, encoding: .utf8) == "startup\ninit\nshutdown from-startup\n")
        let refused = try await service.control("POST", "/v2/flows/yearly/run-now")
        #expect(refused.status == 404)

        let start = try await service.control("POST", "/v2/flows/yearly/start")
        #expect(start.status == 202)
        _ = try await service.control("POST", "/v2/flows/yearly/run-now")
        #expect(try await eventually { (try snapshot(workspace, "yearly", "step_1"))?["iteration"] as? Int == 2 })
        // Stopped, the step's engine went with its flow, as sailor's container does: started again, it runs init again.
        #expect(try String(contentsOfFile: hooksFile, encoding: .utf8) == "startup\ninit\nshutdown from-startup\nstartup\ninit\n")
        let unknown = try await service.control("POST", "/v2/flows/nowhere/start")
        #expect(unknown.status == 404)

        // A flow stopped through the service stays stopped when the service starts again.
        _ = try await service.control("POST", "/v2/flows/yearly/stop")
        service.signal(SIGTERM)
        #expect(await service.waitForExit() == 0)
        let again = try await RunningService(workspace, folder: "flows")
        #expect(again.stdout.contains("(1 flow, 0 active)"), "\(again.stdout)")
    }

    @Test func reboundRetriesWithItsIterationThenGivesUpToTheErrorHandler() async throws {
        let workspace = try Workspace()
        try workspace.write("components/retry/component.json", #"""
            {"title":"retry","triggers":{"start":{"main":"./start.js"}},"actions":{"busy":{"main":"./busy.js"},"handle":{"main":"./handle.js"}}}
            """#)
        try workspace.write("components/retry/start.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        try workspace.write("components/retry/busy.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.seen = (snapshot.seen || []).concat([msg.headers.reboundIteration || 0]);
              await this.emit('snapshot', snapshot);
              await this.emit('rebound', new Error('the server is busy'));
            };
            """)
        try workspace.write("components/retry/handle.js", """
            exports.process = async function (msg, cfg, snapshot) {
              await this.emit('snapshot', { error: msg.body.error.message, input: msg.body.errorInput.body });
            };
            """)
        try workspace.write("flows/retrying.json", ServeWebhookTests.flow("retrying",
            nodes: #"[{"id":"step_1","command":"../components/retry:start"},{"id":"step_2","command":"../components/retry:busy"},{"id":"step_3","command":"../components/retry:handle","error":true}]"#,
            edges: #"[{"source":"step_1","target":"step_2"},{"source":"step_3","target":"error_all"}]"#))
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--rebound-delay", "0.2", "--rebound-limit", "2"])
        let reply = try await service.post("/hook/retrying", json: #"{"order":5}"#)
        // The limit's error is the execution's first failure.
        #expect(reply.status == 500, "\(reply.text)")
        #expect((reply.json?["error"] as? [String: Any])?["message"] as? String == "Rebound limit exceeded")
        #expect(try await eventually { (try snapshot(workspace, "retrying", "step_3"))?["error"] as? String == "Rebound limit exceeded" },
                "\(service.stderr)")
        #expect((try snapshot(workspace, "retrying", "step_2"))?["seen"] as? [Int] == [0, 1, 2])
        let input = (try snapshot(workspace, "retrying", "step_3"))?["input"] as? [String: Any]
        #expect(input?["order"] as? Int == 5)
        let metrics = try await service.call("GET", "/metrics")
        #expect(metrics.text.contains(#"jshost_rebounds_total{flow="retrying",step="step_2"} 2"#), "\(metrics.text)")
    }

    @Test func sigtermLetsTheRunningMessageFinishAndCommitThenRunsShutdownAndExitsZero() async throws {
        let workspace = try Workspace()
        let hooksFile = workspace.root + "/hooks.log"
        try workspace.write("components/slow/component.json", #"""
            {"title":"slow","triggers":{"take":{"main":"./take.js"}},"actions":{"work":{"main":"./work.js"}}}
            """#)
        try workspace.write("components/slow/take.js", """
            const fs = require('fs');
            exports.shutdown = async function (cfg) { fs.appendFileSync(cfg.log, 'shutdown\\n'); };
            exports.process = async function (msg) { return { body: msg.body }; };
            """)
        try workspace.write("components/slow/work.js", """
            exports.process = async function (msg, cfg, snapshot) {
              await new Promise((done) => setTimeout(done, 1500));
              snapshot.done = (snapshot.done || 0) + 1;
              await this.emit('snapshot', snapshot);
            };
            """)
        try workspace.write("flows/slow.json", ServeWebhookTests.flow("slow",
            nodes: #"[{"id":"step_1","command":"../components/slow:take","fields":{"log":"\#(hooksFile)"}},{"id":"step_2","command":"../components/slow:work"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        let service = try await RunningService(workspace, folder: "flows")
        let call = Task { try await service.post("/hook/slow", json: #"{"n":1}"#) }
        #expect(await eventually { service.stderr.contains(#""step":"step_1""#) && service.stderr.contains("run committed") })
        service.signal(SIGTERM)
        let reply = try await call.value
        #expect(reply.status == 200, "the caller still gets its answer: \(reply.text)")
        #expect(await service.waitForExit() == 0, "\(service.stderr)")
        #expect((try snapshot(workspace, "slow", "step_2"))?["done"] as? Int == 1)
        #expect(try String(contentsOfFile: hooksFile, encoding: .utf8) == "shutdown\n")
    }
}

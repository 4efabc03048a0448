import Foundation
import Testing

/// What an operator relies on while serve runs for months: a message keeps its id across attempts, a component's
/// log output is capped, no misleading warnings.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServeOperationsTests {
    @Test func aMessageKeepsItsIdAcrossAttempts() async throws {
        let workspace = try Workspace()
        try workspace.write("components/flaky/component.json", #"""
            {"title":"flaky","triggers":{"take":{"main":"./take.js"}},"actions":{"crash":{"main":"./crash.js"},"see":{"main":"./see.js"}}}
            """#)
        try workspace.write("components/flaky/take.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        // The worker dies on the first attempt at each message, and the second one sends it on.
        try workspace.write("components/flaky/crash.js", """
            const fs = require('fs'), path = require('path'), os = require('os');
            exports.process = async function (msg) {
              const mark = path.join(os.tmpdir(), 'tried-' + msg.body.n);
              this.logger.info('attempt at ' + msg.body.n);
              if (!fs.existsSync(mark)) { fs.writeFileSync(mark, 'x'); process.exit(9); }
              return { body: msg.body };
            };
            """)
        try workspace.write("components/flaky/see.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.parents = (snapshot.parents || []).concat([msg.body.n]);
              await this.emit('snapshot', snapshot);
            };
            """)
        try workspace.write("flows/flaky.json", ServeWebhookTests.flow("flaky",
            nodes: #"[{"id":"step_1","command":"../components/flaky:take"},{"id":"step_2","command":"../components/flaky:crash"},{"id":"step_3","command":"../components/flaky:see"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"},{"source":"step_2","target":"step_3"}]"#))
        let service = try await RunningService(workspace, folder: "flows", environment: ["LOG_FORMAT": "json"])
        // The caller hears of the first attempt's failure; the message stays queued and runs again.
        _ = try await service.post("/hook/flaky", json: #"{"n":1}"#)
        #expect(await eventually(timeout: 30) { service.stderr.components(separatedBy: "attempt at 1").count == 3 })
        // Both attempts' log lines carry one message id.
        let attempts = service.stderr.split(separator: "\n").filter { $0.contains("attempt at 1") }
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let ids = Set(attempts.compactMap { $0["messageId"] as? String })
        #expect(attempts.count == 2 && ids.count == 1, "\(attempts)")
        // And the run that committed is named by it, as the service's own log says (once it says it: the attempt's
        // line comes before its commit, and a loaded machine may take a while between them).
        func committedRuns() -> [[String: Any]] {
            service.logLines.filter { $0["msg"] as? String == "run committed" && $0["step"] as? String == "step_2" }
        }
        _ = await eventually(timeout: 30) { !committedRuns().isEmpty }
        let committed = committedRuns()
        #expect(committed.first?["execution"] as? String == ids.first, "\(committed) against \(ids)")
    }

    @Test func aComponentsLogOutputIsCappedPerRun() async throws {
        let workspace = try Workspace()
        try workspace.write("components/noisy/component.json", #"{"title":"noisy","triggers":{"take":{"main":"./take.js"}},"actions":{"shout":{"main":"./shout.js"}}}"#)
        try workspace.write("components/noisy/take.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        // One line of 20 MB, then 20,000 lines of 1 KB, logger and console alike.
        try workspace.write("components/noisy/shout.js", """
            exports.process = async function (msg) {
              this.logger.info('x'.repeat(20 * 1024 * 1024));
              const kilobyte = 'y'.repeat(1024);
              for (let i = 0; i < 10000; i++) { this.logger.info('line ' + i + ' ' + kilobyte); console.log('console ' + i + ' ' + kilobyte); }
              return { body: { done: true } };
            };
            """)
        try workspace.write("flows/noisy.json", ServeWebhookTests.flow("noisy",
            nodes: #"[{"id":"step_1","command":"../components/noisy:take"},{"id":"step_2","command":"../components/noisy:shout"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        let service = try await RunningService(workspace, folder: "flows", environment: ["LOG_FORMAT": "json"])
        _ = try await service.post("/hook/noisy", json: "{}")
        #expect(await eventually(timeout: 60) { service.stderr.contains("of this run dropped") }, "\(service.stderr.suffix(500))")
        let stderr = service.stderr
        #expect(stderr.utf8.count < 3 << 20, "\(stderr.utf8.count) bytes of logs for one run")
        #expect(stderr.contains("bytes cut by jshost"))
        let record = try #require(service.logLines.first { ($0["msg"] as? String)?.contains("of this run dropped") == true })
        #expect((record["droppedLines"] as? Int ?? 0) > 10_000, "\(record)")
        #expect(record["messageId"] as? String != nil)
    }

    @Test func httpReplyUnderServeIsNotWarnedAbout() async throws {
        let workspace = try Workspace()
        try workspace.echoFlow()
        let service = try await RunningService(workspace, folder: "flows")
        #expect(try await service.post("/hook/echo", json: #"{"a":1}"#).status == 200)
        try await Task.sleep(for: .milliseconds(300))
        #expect(!service.stderr.contains("no local effect"), "\(service.stderr)")
    }
}

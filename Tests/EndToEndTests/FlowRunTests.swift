import Foundation
import SQLiteStore
import SnapshotStore
import Testing
import JSHostCore

/// `jshost flow run`: a flow once, from its trigger to its last step, each step's run committed.
@Suite struct FlowRunTests {
    func flowFolder(_ workspace: Workspace) throws {
        try workspace.write("components/steps/component.json", #"""
            {"title":"steps","triggers":{"start":{"main":"./lib/start.js"}},
             "actions":{"forward":{"main":"./lib/forward.js"},"fail":{"main":"./lib/fail.js"},"handle":{"main":"./lib/handle.js"}}}
            """#)
        try workspace.write("components/steps/lib/start.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.count = (snapshot.count || 0) + 1;
              await this.emit('snapshot', snapshot);
              await this.emit('data', { body: { n: snapshot.count, greeting: cfg.greeting } });
              await this.emit('data', { body: { n: snapshot.count + 100 } });
            };
            """)
        try workspace.write("components/steps/lib/forward.js", """
            exports.process = async function (msg) {
              return { body: { got: msg.body.n, from: Object.keys(msg.passthrough || {}) } };
            };
            """)
        try workspace.write("components/steps/lib/fail.js", """
            exports.process = async function (msg) { if (msg.body.got > 100) throw new Error('too big: ' + msg.body.got); };
            """)
        try workspace.write("components/steps/lib/handle.js", """
            exports.process = async function (msg) { return { body: { handled: msg.body.error.message, input: msg.body.errorInput.body } }; };
            """)
        try workspace.write("flows/chain.json", #"""
            {"data":{"type":"flow","id":"chain","attributes":{"name":"chain","status":"active","graph":{
              "nodes":[{"id":"step_1","command":"../components/steps:start","fields":{"greeting":"hi"}},
                       {"id":"step_2","command":"../components/steps:forward"},
                       {"id":"step_3","command":"../components/steps:fail"},
                       {"id":"step_4","command":"../components/steps:handle","error":true}],
              "edges":[{"source":"step_1","target":"step_2"},{"source":"step_2","target":"step_3"},
                       {"source":"step_4","target":"error_all"}]}}}}
            """#)
    }

    @Test func aFlowRunsFromItsTriggerToItsLastStepAndCommitsEachRun() async throws {
        let workspace = try Workspace()
        try flowFolder(workspace)
        let run = try workspace.jshost(["flow", "run", workspace.root + "/flows/chain.json"])
        #expect(run.status == 1, "an error event was emitted: \(run.stderr)")
        let events = run.stdoutLines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let tagged = events.map { "\($0["step"] as? String ?? "?"):\($0["event"] as? String ?? "?")" }
        #expect(tagged == ["step_1:snapshot", "step_1:data", "step_1:data", "step_1:end",
                           "step_2:data", "step_2:end", "step_2:data", "step_2:end",
                           "step_3:end", "step_3:error", "step_3:end",
                           "step_4:data", "step_4:end"], "\(run.stdout)")
        let forwarded = events.filter { $0["step"] as? String == "step_2" && $0["event"] as? String == "data" }
            .compactMap { (($0["data"] as? [String: Any])?["body"] as? [String: Any]) }
        #expect(forwarded.map { $0["got"] as? Int } == [1, 101])
        #expect(forwarded.first?["from"] as? [String] == ["step_1"])
        let handled = events.first { $0["step"] as? String == "step_4" && $0["event"] as? String == "data" }
        let body = (handled?["data"] as? [String: Any])?["body"] as? [String: Any]
        #expect(body?["handled"] as? String == "too big: 101")
        #expect((body?["input"] as? [String: Any])?["got"] as? Int == 101)
        #expect(run.stderr.contains("jshost: flow chain: 6 runs committed, 1 error"), "\(run.stderr)")

        let store = try SQLiteSnapshotStore(path: workspace.stateDirectory + "/state.sqlite")
        #expect(try await store.get(StepKey(flow: "chain", step: "step_1"))?.json == #"{"count":1}"#)
        #expect(try await store.runs(StepKey(flow: "chain", step: "step_2")).count == 2)
        #expect(try await store.runs(StepKey(flow: "chain", step: "step_4")).count == 1)

        // The trigger's snapshot carries over to the next flow run.
        let again = try workspace.jshost(["flow", "run", workspace.root + "/flows/chain.json"])
        #expect(again.status == 1)
        #expect(try await store.get(StepKey(flow: "chain", step: "step_1"))?.json == #"{"count":2}"#)
    }

    @Test func aFlowRunThatStopsLeavesItsMessagesQueuedAndTheNextFinishesThemOnce() async throws {
        let workspace = try Workspace()
        try workspace.write("components/two/component.json", #"""
            {"title":"two","triggers":{"start":{"main":"./start.js"}},"actions":{"once":{"main":"./once.js"}}}
            """#)
        try workspace.write("components/two/start.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.n = (snapshot.n || 0) + 1;
              await this.emit('snapshot', snapshot);
              return { body: { n: snapshot.n } };
            };
            """)
        // Fails the first time it runs (process.exit), as a crash would; remembers that in its scratch folder.
        try workspace.write("components/two/once.js", """
            const fs = require('fs'), path = require('path'), os = require('os');
            exports.process = async function (msg, cfg, snapshot) {
              const marker = path.join(os.tmpdir(), 'failed-once');
              if (!fs.existsSync(marker)) { fs.writeFileSync(marker, 'x'); process.exit(3); }
              snapshot.seen = (snapshot.seen || []).concat(msg.body.n);
              await this.emit('snapshot', snapshot);
              return { body: { done: msg.body.n } };
            };
            """)
        try workspace.write("flows/two.json", #"""
            {"data":{"type":"flow","id":"two","attributes":{"name":"two","graph":{
              "nodes":[{"id":"step_1","command":"../components/two:start"},{"id":"step_2","command":"../components/two:once"}],
              "edges":[{"source":"step_1","target":"step_2"}]}}}}
            """#)
        let first = try workspace.jshost(["flow", "run", workspace.root + "/flows/two.json"])
        #expect(first.status == 6, "process.exit ends the flow run: \(first.stderr)")
        #expect(first.stderr.contains("flow two, step step_2:"), "\(first.stderr)")

        let second = try workspace.jshost(["flow", "run", workspace.root + "/flows/two.json"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("3 runs committed (1 of messages an earlier flow run left queued)"), "\(second.stderr)")
        let store = try SQLiteSnapshotStore(path: workspace.stateDirectory + "/state.sqlite")
        // The first flow run's message (n = 1) was finished first, then the new one (n = 2); each once.
        #expect(try await store.get(StepKey(flow: "two", step: "step_2"))?.json == #"{"seen":[1,2]}"#)
        #expect(try await store.runs(StepKey(flow: "two", step: "step_2")).count == 2)
        #expect(try await store.queueDepth(StepKey(flow: "two", step: "step_2")) == 0)
    }
}

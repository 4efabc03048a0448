import Foundation
import Testing
import TestSupport

/// Several `jshost serve` hosts over one PostgreSQL store (`--store postgres://…`): any host takes any step's
/// messages, a step runs on one host at a time, and every host's API shows the same state.
@Suite(.serialized, .timeLimit(.minutes(10)), .enabled(if: TestRequirements.met(PostgresServer.binaries != nil), "needs PostgreSQL's server binaries"))
struct ServeSharedStoreTests {
    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.write("components/tally/component.json", #"""
            {"title":"tally","triggers":{"take":{"main":"./take.js"}},"actions":{"count":{"main":"./count.js"}}}
            """#)
        try workspace.write("components/tally/take.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        // Read, add, write: two hosts running the step at once would lose a count.
        try workspace.write("components/tally/count.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.count = (snapshot.count || 0) + 1;
              snapshot.seen = (snapshot.seen || []).concat([msg.body.n]);
              await new Promise((done) => setTimeout(done, 20));
              await this.emit('snapshot', snapshot);
            };
            """)
        try workspace.write("flows/tally.json", ServeWebhookTests.flow("tally",
            nodes: #"[{"id":"step_1","command":"../components/tally:take"},{"id":"step_2","command":"../components/tally:count"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        return workspace
    }

    @Test func twoHostsShareOneFlowAndWhenOneIsKilledTheOtherCarriesOn() async throws {
        let server = try PostgresServer()
        let store = ["JSHOST_STORE": try server.newDatabase()]
        let workspace = try workspace()
        let first = try await RunningService(workspace, folder: "flows", environment: store, stateDirectory: workspace.root + "/host-a")
        let second = try await RunningService(workspace, folder: "flows", environment: store, stateDirectory: workspace.root + "/host-b")
        // The second host's key replaced the first's under the same name: one store, one set of keys.
        let auth = ["authorization": "Bearer \(second.controlKey)"]
        func snapshot(_ host: RunningService) async throws -> [String: Any]? {
            let read = try await host.call("GET", "/v2/flows/tally/snapshots/step_2", headers: auth)
            return ((read.json?["data"] as? [String: Any])?["attributes"] as? [String: Any])?["snapshot"] as? [String: Any]
        }
        // Calls to either host: a step runs on one host at a time (the one holding its lease), and a caller waiting
        // on the other host gets its answer through the store.
        let calls = 30
        for n in 1...calls / 2 {
            let answer = try await (n.isMultiple(of: 2) ? first : second).post("/hook/tally", json: #"{"n":\#(n)}"#)
            #expect(answer.status == 200 && answer.json?["message"] as? String == "thank you", "\(answer.text)")
        }
        #expect(try await eventually(timeout: 30) { try await snapshot(second)?["count"] as? Int == calls / 2 })
        #expect(try await snapshot(first)?["seen"] as? [Int] == (try await snapshot(second)?["seen"] as? [Int]),
                "both hosts show the same state")

        // The first host dies, leases and all: the second takes the steps over and runs the rest.
        first.signal(SIGKILL)
        _ = await first.waitForExit()
        for n in calls / 2 + 1...calls {
            let answer = try await second.post("/hook/tally", json: #"{"n":\#(n)}"#)
            #expect(answer.status == 200, "\(answer.text)")
        }
        #expect(try await eventually(timeout: 60) { try await snapshot(second)?["count"] as? Int == calls }, "\(second.stderr)")
        let seen = try #require(try await snapshot(second)?["seen"] as? [Int])
        #expect(seen.sorted() == Array(1...calls), "every message counted once: \(seen)")
        // The command line reads the same store.
        let cli = try workspace.jshost(["snapshot", "get", "--flow", "tally", "--step", "step_2"], environment: store)
        #expect(cli.status == 0 && cli.stdout.contains(#""count":\#(calls)"#), "\(cli.stdout)\(cli.stderr)")
    }
}

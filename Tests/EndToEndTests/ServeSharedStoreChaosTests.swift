import Foundation
import PostgresStore
import SnapshotStore
import Testing
import TestSupport
import JSHostCore

/// Three `jshost serve` hosts over one PostgreSQL store, the queues between steps the store's or RabbitMQ's, a
/// thousand messages through a four-step flow with snapshots, hosts killed with SIGKILL at random and started
/// again, the database crashed and restarted once, and the broker too: afterwards every message's effect is in the
/// store exactly once, each step's snapshot count is exact, nothing is left queued, unacknowledged or leased, and
/// no snapshot version ever went back.
@Suite(.serialized, .timeLimit(.minutes(20)), .enabled(if: TestRequirements.met(PostgresServer.binaries != nil && RabbitMQServer.available),
                             "needs PostgreSQL's server binaries and RabbitMQ"))
struct ServeSharedStoreChaosTests {
    static let messages = 1000

    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.write("components/chaos/component.json", #"""
            {"title":"chaos","triggers":{"take":{"main":"./take.js"}},"actions":{"burst":{"main":"./burst.js"},"count":{"main":"./count.js"}}}
            """#)
        try workspace.write("components/chaos/take.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        try workspace.write("components/chaos/burst.js", """
            exports.process = async function (msg) {
              for (let n = 1; n <= msg.body.count; n++) await this.emit('data', { body: { n } });
            };
            """)
        // Read, add, write: a message counted twice or lost shows in the count and the sum.
        try workspace.write("components/chaos/count.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.count = (snapshot.count || 0) + 1;
              snapshot.sum = (snapshot.sum || 0) + msg.body.n;
              // A little work per message, so the chaos meets the flow while it runs.
              await new Promise((done) => setTimeout(done, 25));
              await this.emit('snapshot', snapshot);
              return { body: msg.body };
            };
            """)
        try workspace.write("flows/chaos.json", ServeWebhookTests.flow("chaos",
            nodes: #"[{"id":"step_1","command":"../components/chaos:take"},{"id":"step_2","command":"../components/chaos:burst"},{"id":"step_3","command":"../components/chaos:count"},{"id":"step_4","command":"../components/chaos:count"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"},{"source":"step_2","target":"step_3"},{"source":"step_3","target":"step_4"}]"#))
        return workspace
    }

    @Test(arguments: [false, true])
    func killedHostsAndACrashedDatabaseLoseAndDoubleNothing(overBroker: Bool) async throws {
        let server = try PostgresServer()
        let url = try server.newDatabase()
        let broker = overBroker ? try RabbitMQServer() : nil
        var environment = ["JSHOST_STORE": url]
        if let broker { environment["JSHOST_BROKER"] = broker.uri }
        let workspace = try workspace()
        func host(_ index: Int) async throws -> RunningService {
            try await RunningService(workspace, folder: "flows", environment: environment, stateDirectory: workspace.root + "/host-\(index)")
        }
        var hosts = [try await host(0), try await host(1), try await host(2)]
        let store = try await PostgresSnapshotStore(url: url)
        let counted = [StepKey(flow: "chaos", step: "step_3"), StepKey(flow: "chaos", step: "step_4")]
        // Versions are watched all along: none may ever be lower than one seen before.
        let watch = Task {
            var highest: [StepKey: Int] = [:]
            var wentBack: [String] = []
            while !Task.isCancelled {
                for key in counted {
                    guard let version = try? await within(10, "reading \(key)", { try await store.state(key)?.version }) else { continue }
                    if version < highest[key, default: 0] { wentBack.append("\(key): \(highest[key]!) then \(version)") }
                    highest[key] = max(highest[key, default: 0], version)
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return wentBack
        }
        // One webhook call starts it all; its caller may well time out while the thousand messages run.
        _ = try? await hosts[0].post("/hook/chaos", json: #"{"count":\#(Self.messages)}"#)
        var generator = SystemRandomNumberGenerator()
        // The chaos follows the flow's progress, not the clock, so a fast machine cannot drain the flow before it:
        // a host is killed as the last step passes each of these counts, the database crashed after the first, the
        // broker after the third.
        let killsAt = [100, 250, 400, 550, 700]
        var kills = 0
        var crashedDatabase = false
        var crashedBroker = false
        var lastChaos = Date()
        // Given up only when the flow stops moving (or, as a backstop, after eight minutes): a loaded machine is slow,
        // not stuck, and a fixed time would fail it for its speed.
        let backstop = Date().addingTimeInterval(480)
        var lastProgress = (count: -1, at: Date())
        func progress() async -> Int {
            var least = Int.max
            for key in counted { least = min(least, (try? await within(10, "reading \(key)", { try await store.state(key)?.version })) ?? 0) }
            return least
        }
        while Date() < backstop, Date().timeIntervalSince(lastProgress.at) < 90, await progress() < Self.messages {
            try await Task.sleep(for: .milliseconds(100))
            let reached = await progress()
            if reached > lastProgress.count { lastProgress = (reached, Date()) }
            if kills == 1, !crashedDatabase, reached >= 175 {
                try server.crashAndRestart()
                crashedDatabase = true
                lastChaos = Date()
                continue
            }
            if let broker, kills == 3, !crashedBroker, reached >= 475 {
                try await offThePool { try broker.crashAndRestart() }
                crashedBroker = true
                lastChaos = Date()
                continue
            }
            guard kills < killsAt.count, reached >= killsAt[kills] else { continue }
            let victim = Int.random(in: 0..<hosts.count, using: &generator)
            hosts[victim].signal(SIGKILL)
            _ = await hosts[victim].waitForExit()
            hosts[victim] = try await host(victim)
            kills += 1
            lastChaos = Date()
        }
        let drained = await progress() >= Self.messages
        // D2's figures (benchmarks/README.md): printed for the record.
        print("chaos\(overBroker ? " over the broker" : ""): \(kills) hosts killed, database crashed \(crashedDatabase), broker crashed \(crashedBroker), drained \(String(format: "%.1f", Date().timeIntervalSince(lastChaos))) s after the last")
        watch.cancel()
        let wentBack = try await within(30, "the version watch", { await watch.value })
        #expect(drained, "the flow did not drain in time: \(hosts.map(\.stderr).joined(separator: "\n").suffix(4000))")
        #expect(kills >= 3 && crashedDatabase && crashedBroker == overBroker, "kills \(kills), database crashed: \(crashedDatabase), broker: \(crashedBroker)")
        let sum = Self.messages * (Self.messages + 1) / 2
        for key in counted {
            let state = try #require(try await within(30, "reading \(key)", { try await store.state(key) }))
            #expect(state.json == #"{"count":\#(Self.messages),"sum":\#(sum)}"#, "\(key)")
            #expect(state.version == Self.messages, "\(key): one version per message")
            #expect(try await within(30, "runs of \(key)", { try await store.runs(key).count }) == Self.messages, "\(key): one run per message")
            #expect(try await within(30, "the queue of \(key)", { try await store.queueDepth(key) }) == 0)
        }
        #expect(try await within(30, "runs of step_2", { try await store.runs(StepKey(flow: "chaos", step: "step_2")).count }) == 1,
                "the burst committed once")
        #expect(wentBack.isEmpty, "\(wentBack)")
        for host in hosts { host.signal(SIGTERM) }
        for host in hosts { _ = await host.waitForExit() }
        // Given back, or left by a killed host whose process is gone: either way nobody holds the step.
        for key in counted {
            #expect(try await within(30, "the lease of \(key)", { try await store.lease(key)?.isHeld() }) != true, "\(key) is still held")
        }
        if let broker {
            let queues = (1...4).flatMap { ["chaos:step_\($0):messages", "chaos:step_\($0):rebounds"] }
            #expect(try await eventually { try ServeBrokerTests.settled(broker, queues) }, "left on the broker: \(ServeBrokerTests.shown(broker))")
        }
    }
}

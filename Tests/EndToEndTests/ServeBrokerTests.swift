import AMQPTransport
import Foundation
import SailorWire
import Testing
import TestSupport

/// `jshost serve --broker amqp://…`: the queues between a flow's steps are RabbitMQ's, named as the platform
/// names a step's, in sailor's wire format; one host at a time takes a step's queue, another takes over when it
/// goes; the store still says what ran, once.
@Suite(.serialized, .timeLimit(.minutes(10)), .enabled(if: TestRequirements.met(RabbitMQServer.available && PostgresServer.binaries != nil),
                             "needs RabbitMQ (rabbitmq-server) and PostgreSQL's server binaries"))
struct ServeBrokerTests {
    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.write("components/relay/component.json", #"""
            {"title":"relay","triggers":{"take":{"main":"./take.js"},"burst":{"main":"./burst.js"}},
             "actions":{"count":{"main":"./count.js"},"reply":{"main":"./reply.js"},"busy":{"main":"./busy.js"}}}
            """#)
        try workspace.write("components/relay/take.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        try workspace.write("components/relay/count.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.count = (snapshot.count || 0) + 1;
              snapshot.sum = (snapshot.sum || 0) + (msg.body.n || 0);
              await new Promise((done) => setTimeout(done, cfg.pause || 0));
              await this.emit('snapshot', snapshot);
              return { body: { count: snapshot.count, n: msg.body.n } };
            };
            """)
        try workspace.write("components/relay/reply.js", """
            exports.process = async function (msg) {
              await this.emit('httpReply', { statusCode: 200, body: { counted: msg.body.count } });
            };
            """)
        try workspace.write("components/relay/burst.js", """
            exports.process = async function (msg) {
              for (let n = 1; n <= msg.body.count; n++) await this.emit('data', { body: { n } });
            };
            """)
        try workspace.write("components/relay/busy.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.seen = (snapshot.seen || []).concat([msg.headers.reboundIteration || 0]);
              await this.emit('snapshot', snapshot);
              if ((msg.headers.reboundIteration || 0) < 2) await this.emit('rebound', new Error('the server is busy'));
              else return { body: msg.body };
            };
            """)
        try workspace.write("flows/counted.json", ServeWebhookTests.flow("counted",
            nodes: #"[{"id":"step_1","command":"../components/relay:take"},{"id":"step_2","command":"../components/relay:count"},{"id":"step_3","command":"../components/relay:reply"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"},{"source":"step_2","target":"step_3"}]"#))
        try workspace.write("flows/many.json", ServeWebhookTests.flow("many",
            nodes: #"[{"id":"step_1","command":"../components/relay:burst"},{"id":"step_2","command":"../components/relay:count","fields":{"pause":15}}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
        try workspace.write("flows/retrying.json", ServeWebhookTests.flow("retrying",
            nodes: #"[{"id":"step_1","command":"../components/relay:take"},{"id":"step_2","command":"../components/relay:busy"},{"id":"step_3","command":"../components/relay:count"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"},{"source":"step_2","target":"step_3"}]"#))
        return workspace
    }

    /// Each queue's messages ready and unacknowledged, by name.
    static func queues(_ broker: RabbitMQServer) throws -> [String: (ready: Int, unacknowledged: Int)] {
        let listing = try broker.control(["list_queues", "name", "messages_ready", "messages_unacknowledged", "--no-table-headers", "--quiet"])
        var queues: [String: (ready: Int, unacknowledged: Int)] = [:]
        for row in listing.split(separator: "\n") {
            let fields = row.split(separator: "\t")
            guard fields.count == 3, let ready = Int(fields[1]), let unacknowledged = Int(fields[2]) else { continue }
            queues[String(fields[0])] = (ready, unacknowledged)
        }
        return queues
    }

    /// The queues as the broker lists them, for a failure's message.
    static func shown(_ broker: RabbitMQServer) -> String {
        (try? broker.control(["list_queues", "name", "messages_ready", "messages_unacknowledged"])) ?? "(the broker did not answer)"
    }

    static func settled(_ broker: RabbitMQServer, _ names: [String]) throws -> Bool {
        let queues = try queues(broker)
        return names.allSatisfy { queues[$0].map { $0.ready == 0 && $0.unacknowledged == 0 } ?? false }
    }

    func snapshot(_ workspace: Workspace, _ flow: String, _ step: String, environment: [String: String] = [:]) throws -> [String: Any]? {
        let read = try workspace.jshost(["snapshot", "get", "--flow", flow, "--step", step], environment: environment)
        return try? JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any]
    }

    @Test func aFlowRunsOverTheBrokersQueuesInSailorsWireFormat() async throws {
        let broker = try RabbitMQServer()
        let workspace = try workspace()
        // The test takes step_2's queue first, as one more host would: the broker gives the queue to one consumer
        // at a time, so the service's consumer waits behind this one.
        let queue = "counted:step_2:messages"
        let tap = Tap(try AMQPAddress(uri: broker.uri), queue: queue)
        try await offThePool { try tap.waitUntilConsuming() }
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--broker", broker.uri])
        let names = ["counted:step_1:messages", "counted:step_2:messages", "counted:step_3:messages", "counted:step_1:rebounds",
                     "many:step_2:messages", "retrying:step_2:rebounds"]
        #expect(Set(try Self.queues(broker).keys).isSuperset(of: names), "\(Self.shown(broker))")
        let call = Task { try await service.post("/hook/counted", json: #"{"n":7}"#) }
        // step_1 ran on the service; what it sent step_2 comes to the test, as sailor's wire has it.
        let message = try #require(try await offThePool { try tap.nextDelivery() })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(message.body)) as? [String: Any])
        #expect((body["body"] as? [String: Any])?["n"] as? Int == 7, "\(body)")
        #expect(message.contentType == "application/json")
        #expect(message.header("taskId") == .text("counted"))
        #expect(message.header("stepId") == .text("step_2"))
        #expect(message.header("protocolVersion") == .number(2))
        #expect(message.header("threadId")?.text.isEmpty == false)
        #expect(message.header("messageId")?.text.count == 36)
        #expect(message.header("x-jshost-queued") != nil)
        // The tap goes away without acknowledging: the broker gives the message and the queue to the service.
        tap.close()
        let answer = try await call.value
        #expect(answer.status == 200 && answer.json?["counted"] as? Int == 1, "\(answer.text)\n\(service.stderr)")
        for n in 2...5 {
            let next = try await service.post("/hook/counted", json: #"{"n":\#(n)}"#)
            #expect(next.json?["counted"] as? Int == n, "\(next.text)")
        }
        #expect(try await eventually { try Self.settled(broker, ["counted:step_1:messages", queue, "counted:step_3:messages"]) },
                "\(Self.shown(broker))")
        let counted = try snapshot(workspace, "counted", "step_2")
        #expect(counted?["count"] as? Int == 5 && counted?["sum"] as? Int == 7 + 2 + 3 + 4 + 5, "\(String(describing: counted))")
        // Another program's message in sailor's wire format (unencrypted, with its messageId), published twice as a
        // sailor retry does: run once. One without a messageId is rejected, not run.
        let uri = broker.uri
        try await offThePool {
            let connection = try AMQPConnection(try AMQPAddress(uri: uri), confirms: true, name: "test-publisher")
            let body = Array(#"{"id":"m-40","body":{"n":40},"headers":{},"attachments":{}}"#.utf8)
            for _ in 0..<2 {
                try connection.publish(exchange: "counted", routingKey: queue, body: body,
                                       headers: [("messageId", .text("5a8b1c2d-0000-4000-8000-000000000040")), ("threadId", .text("outside"))])
            }
            try connection.publish(exchange: "counted", routingKey: queue, body: Array(#"{"body":{"n":1000}}"#.utf8))
            connection.close()
        }
        #expect(try await eventually { try snapshot(workspace, "counted", "step_2")?["count"] as? Int == 6 }, "\(service.stderr)")
        #expect(try await eventually { try Self.settled(broker, [queue, "counted:step_3:messages"]) }, "\(Self.shown(broker))")
        let after = try snapshot(workspace, "counted", "step_2")
        #expect(after?["count"] as? Int == 6 && after?["sum"] as? Int == 7 + 2 + 3 + 4 + 5 + 40, "\(String(describing: after))")
        #expect(service.stderr.contains("is rejected, not run: it has no messageId header"), "\(service.stderr)")
        let depth = try await service.call("GET", "/metrics")
        #expect(depth.text.contains(#"jshost_queue_depth{flow="counted",step="step_2"} 0"#), "\(depth.text)")
    }

    @Test func edgesRouteAndMapOverTheBrokerAndAFailedMappingReachesItsStep() async throws {
        let broker = try RabbitMQServer()
        let workspace = try workspace()
        try workspace.write("flows/routed.json", ServeWebhookTests.flow("routed",
            nodes: #"[{"id":"step_1","command":"../components/relay:take"},{"id":"small","command":"../components/relay:count"},"#
                + #"{"id":"large","command":"../components/relay:count"},{"id":"errors","command":"../components/relay:count","error":true}]"#,
            edges: #"[{"source":"step_1","target":"small","config":{"condition":"$number(n) < 100","mapper":{"n":"$number(n) * 10"}}},"#
                + #"{"source":"step_1","target":"large"},{"source":"errors","target":"error_all"}]"#))
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--broker", broker.uri, "--webhook-timeout", "20"])
        for n in ["3", "4", "500"] {
            let answer = try await service.post("/hook/routed", json: #"{"n":"\#(n)"}"#)
            #expect(answer.status == 200, "\(answer.text)\n\(service.stderr)")
        }
        let failed = try await service.post("/hook/routed", json: #"{"n":"three"}"#)
        #expect(failed.status == 500 && (failed.json?["error"] as? [String: Any])?["code"] as? String == "D3030", "\(failed.text)")
        #expect(try await eventually { try snapshot(workspace, "routed", "errors")?["count"] as? Int == 1 }, "\(service.stderr)")
        let small = try snapshot(workspace, "routed", "small")
        #expect(small?["count"] as? Int == 2 && small?["sum"] as? Int == 70, "mapped on the way: \(String(describing: small))")
        let large = try snapshot(workspace, "routed", "large")
        #expect(large?["count"] as? Int == 1, "the default edge took only what no condition did: \(String(describing: large))")
    }

    @Test func aReboundWaitsInTheStepsReboundsQueueAndComesBack() async throws {
        let broker = try RabbitMQServer()
        let workspace = try workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--broker", broker.uri, "--rebound-delay", "0.2"])
        _ = try? await service.post("/hook/retrying", json: #"{"n":3}"#)
        #expect(try await eventually { try snapshot(workspace, "retrying", "step_3")?["count"] as? Int == 1 }, "\(service.stderr)")
        #expect(try snapshot(workspace, "retrying", "step_2")?["seen"] as? [Int] == [0, 1, 2])
        #expect(try await eventually { try Self.settled(broker, ["retrying:step_2:messages", "retrying:step_2:rebounds"]) })
    }

    @Test func twoHostsShareTheQueuesAndAKilledHostsMessagesAreTakenByTheOther() async throws {
        let broker = try RabbitMQServer()
        let server = try PostgresServer()
        let environment = ["JSHOST_STORE": try server.newDatabase(), "JSHOST_BROKER": broker.uri]
        let workspace = try workspace()
        var hosts = [try await RunningService(workspace, folder: "flows", environment: environment, stateDirectory: workspace.root + "/host-a"),
                     try await RunningService(workspace, folder: "flows", environment: environment, stateDirectory: workspace.root + "/host-b")]
        let total = 300
        _ = try? await hosts[1].post("/hook/many", json: #"{"count":\#(total)}"#)
        func count() throws -> Int { try snapshot(workspace, "many", "step_2", environment: environment)?["count"] as? Int ?? 0 }
        #expect(try await eventually(timeout: 60) { try count() >= 60 })
        // Whichever host has the counting step's queue, killing both in turn leaves one running it mid-way.
        for index in 0..<2 {
            hosts[index].signal(SIGKILL)
            _ = await hosts[index].waitForExit()
            try await Task.sleep(for: .milliseconds(500))
            hosts[index] = try await RunningService(workspace, folder: "flows", environment: environment, stateDirectory: workspace.root + "/host-\(index)")
        }
        #expect(try await eventually(timeout: 120) { try count() == total }, "\(hosts.map(\.stderr).joined().suffix(3000))")
        let counted = try snapshot(workspace, "many", "step_2", environment: environment)
        #expect(counted?["sum"] as? Int == total * (total + 1) / 2, "every message counted once: \(String(describing: counted))")
        #expect(try await eventually { try Self.settled(broker, ["many:step_1:messages", "many:step_2:messages"]) }, "\(Self.shown(broker))")
        let runs = try workspace.jshost(["snapshot", "runs", "--flow", "many", "--step", "step_2", "--limit", "1000"], environment: environment)
        #expect(runs.stdoutLines.count == total, "one run per message: \(runs.stdoutLines.count)\n\(runs.stderr)")
    }

    /// How many consumers each queue has, by name.
    static func consumers(_ broker: RabbitMQServer) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try broker.control(["list_queues", "name", "consumers", "--no-table-headers", "--quiet"]).split(separator: "\n") {
            let fields = row.split(separator: "\t")
            if fields.count == 2, let count = Int(fields[1]) { counts[String(fields[0])] = count }
        }
        return counts
    }

    @Test func aFlowStoppedThroughTheApiLetsItsQueuesGo() async throws {
        let broker = try RabbitMQServer()
        let workspace = try workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--broker", broker.uri])
        #expect(try await eventually { try Self.consumers(broker)["counted:step_2:messages"] == 1 }, "\((try? Self.consumers(broker)) ?? [:])")
        let stopped = try await service.control("POST", "/v2/flows/counted/stop")
        #expect(stopped.status == 202, "\(stopped.text)")
        #expect(try await eventually { try Self.consumers(broker)["counted:step_2:messages"] == 0 }, "\((try? Self.consumers(broker)) ?? [:])")
        // The other flows' queues are still taken.
        #expect(try Self.consumers(broker)["many:step_2:messages"] == 1)
        _ = try await service.control("POST", "/v2/flows/counted/start")
        #expect(try await eventually { try Self.consumers(broker)["counted:step_2:messages"] == 1 }, "\((try? Self.consumers(broker)) ?? [:])")
        // And it still runs.
        let reply = try await service.post("/hook/counted", json: #"{"n":1}"#)
        #expect(reply.status == 200, "\(reply.text)")
    }

    @Test func aBrokerThatStopsAnsweringIsNoticedWithinTwoHeartbeats() async throws {
        let broker = try RabbitMQServer()
        let workspace = try workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--broker", broker.uri + "?heartbeat=2"])
        #expect(try await eventually { try Self.consumers(broker)["counted:step_2:messages"] == 1 })
        let frozen = Date()
        broker.freeze()
        defer { broker.thaw() }
        let noticed = await eventually(timeout: 15) {
            service.stderr.contains("broker-consume: the broker connection failed") && service.stderr.contains("broker-publish: the broker connection failed")
        }
        let took = Date().timeIntervalSince(frozen)
        #expect(noticed, "\(service.stderr.suffix(2000))")
        // Two heartbeats of 2 s, and a little for the checks' own pace.
        #expect(took < 6, "noticed after \(took) s")
        broker.thaw()
        // Back again: it connects anew and runs the flow.
        #expect(await eventually(timeout: 30) { service.stderr.contains("connected to the broker again") })
        let reply = try await service.post("/hook/counted", json: #"{"n":1}"#)
        #expect(reply.status == 200, "\(reply.text)")
    }

    @Test func aBrokerThatCannotBeReachedIsNamedAndServeExitsTwo() throws {
        let workspace = try workspace()
        let port = FreePort.next()
        let run = try workspace.jshost(["serve", workspace.root + "/flows", "--port", "0", "--broker", "amqp://guest:guest@127.0.0.1:\(port)/"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("cannot reach the broker at 127.0.0.1:\(port)") && run.stderr.contains("--broker"), "\(run.stderr)")
        let bad = try workspace.jshost(["serve", workspace.root + "/flows", "--port", "0", "--broker", "http://nowhere"])
        #expect(bad.status == 2 && bad.stderr.contains("is not an amqp://"), "\(bad.stderr)")
    }
}

/// The test's own consumer of a queue, on a thread of its own (a connection belongs to the thread that made it):
/// it takes one delivery, does not acknowledge it, and closes when told.
final class Tap: @unchecked Sendable {
    private let consuming = DispatchSemaphore(value: 0)
    private let delivered = DispatchSemaphore(value: 0)
    private let closing = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var failure: (any Error)?
    private var delivery: AMQPDelivery?

    init(_ address: AMQPAddress, queue: String) {
        Thread { [self] in
            do {
                let connection = try AMQPConnection(address, name: "test-tap")
                try connection.declareQueue(queue, arguments: [("x-single-active-consumer", .flag(true))])
                try connection.consume(queue: queue, prefetch: 1)
                consuming.signal()
                let got = try connection.next(timeout: .seconds(30))
                lock.withLock { delivery = got }
                delivered.signal()
                closing.wait()
                connection.close()
            } catch {
                lock.withLock { failure = error }
                consuming.signal()
                delivered.signal()
            }
        }.start()
    }

    func waitUntilConsuming() throws {
        consuming.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    func nextDelivery() throws -> AMQPDelivery? {
        delivered.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
        return lock.withLock { delivery }
    }

    func close() { closing.signal() }
}

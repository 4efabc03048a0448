import AMQPTransport
import Foundation
import SailorWire
import TestSupport
import Testing

/// What sailor's own integration tests set up around a container (`mocha_spec/integration_helpers`), for
/// `jshost sailor`: a fake API on loopback serving the step, the step's queue and the exchange it publishes to,
/// queues bound to its data, error, rebound, snapshot and reply routing keys, and sailor's environment. Names are
/// the test's own, so tests share the broker without seeing each other's messages.
final class SailorHarness {
    static let password = "testCryptoPassword"
    static let iv = "iv=any16_symbols"
    let workspace: Workspace
    let prefix: String
    let broker: RabbitMQServer
    let cipher: MessageCipher
    let apiPort: Int
    private let api: Process
    private let stepFile: String
    let apiLog: String
    let connection: AMQPConnection
    var exchange: String { "\(prefix):exchange" }
    var listenQueue: String { "\(prefix):messages" }
    let replyKey: String
    private var running: [Process] = []
    private var outputs: [ObjectIdentifier: ServiceOutput] = [:]

    enum Output: String, CaseIterable { case message, error, rebound, snapshot, reply }
    func key(_ output: Output) -> String { output == .reply ? replyKey : "\(prefix):routing_key:\(output.rawValue)" }
    func queue(_ output: Output) -> String { "\(prefix):\(output.rawValue)_queue" }

    init(_ name: String, step: String = #"{"config":{"apiKey":"secret"},"snapshot":{"lastModifiedDate":123456789}}"#,
         apiFailures: Int = 0) throws {
        workspace = try Workspace()
        prefix = "sailor_\(name)_\(UUID().uuidString.prefix(8))"
        replyKey = "\(prefix):request_reply_routing_key"
        broker = try RabbitMQServer.shared.get()
        cipher = try MessageCipher(password: Self.password, iv: Self.iv)
        try SailorFixture.write(into: workspace)
        stepFile = workspace.root + "/step.json"
        apiLog = workspace.root + "/api.log"
        try step.write(toFile: stepFile, atomically: true, encoding: .utf8)
        let portFile = workspace.root + "/api.port"
        let api = Process()
        self.api = api
        api.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        api.arguments = [Binary.packageRoot + "/Tests/Sailor/fake_api.py", portFile, stepFile, apiLog, "test@test.com", "5559edd",
                         String(apiFailures)]
        try api.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: portFile) {
            guard Date() < deadline, api.isRunning else { throw HarnessFailure("the fake API did not start") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        apiPort = Int(try String(contentsOfFile: portFile, encoding: .utf8)) ?? 0

        connection = try AMQPConnection(try AMQPAddress(uri: broker.uri), confirms: true)
        try connection.declareQueue(listenQueue)
        try connection.declareExchange(exchange)
        for output in Output.allCases {
            try connection.declareQueue(queue(output))
            try connection.bind(queue: queue(output), exchange: exchange, routingKey: key(output))
        }
    }

    deinit {
        for process in running where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        // SIGKILL: a child of the test process may inherit SIGTERM blocked.
        if api.isRunning { kill(api.processIdentifier, SIGKILL) }
    }

    func setStep(_ json: String) throws {
        try json.write(toFile: stepFile, atomically: true, encoding: .utf8)
    }

    /// sailor's integration environment (`prepareEnv`), pointed at this harness.
    func environment(function: String, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ELASTICIO_") }
        let values = [
            "AMQP_URI": broker.uri, "RABBITMQ_PREFETCH_SAILOR": "1", "FLOW_ID": "5559edd38968ec0736000003", "STEP_ID": "step_1",
            "EXEC_ID": "some-exec-id", "WORKSPACE_ID": "5559edd38968ec073600683", "CONTAINER_ID": "dc1c8c3f-f9cb-49e1-a6b8-716af9e15948",
            "USER_ID": "5559edd38968ec0736000002", "COMP_ID": "5559edd38968ec0736000456", "FUNCTION": function,
            "COMPONENT_PATH": "component", "API_URI": "http://127.0.0.1:\(apiPort)", "API_USERNAME": "test@test.com",
            "API_KEY": "5559edd", "MESSAGE_CRYPTO_PASSWORD": Self.password, "MESSAGE_CRYPTO_IV": Self.iv,
            "LISTEN_MESSAGES_ON": listenQueue, "PUBLISH_MESSAGES_TO": exchange, "DATA_ROUTING_KEY": key(.message),
            "ERROR_ROUTING_KEY": key(.error), "REBOUND_ROUTING_KEY": key(.rebound), "SNAPSHOT_ROUTING_KEY": key(.snapshot),
            "AMQP_PUBLISH_RETRY_ATTEMPTS": "3", "AMQP_PUBLISH_MAX_RETRY_DELAY": "60000",
        ]
        for (name, value) in values { environment["ELASTICIO_" + name] = value }
        for (name, value) in extra { environment[name] = value }
        return environment
    }

    /// Starts `jshost sailor` (or `jshost sailor service …`) in the workspace.
    @discardableResult
    func launch(_ environment: [String: String], arguments: [String] = ["sailor"]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: workspace.root)
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = ServiceOutput()
        Thread { output.collect(out.fileHandleForReading, isError: false) }.start()
        Thread { output.collect(err.fileHandleForReading, isError: true) }.start()
        outputs[ObjectIdentifier(process)] = output
        running.append(process)
        return process
    }

    func stderr(of process: Process) -> String { outputs[ObjectIdentifier(process)]?.stderr ?? "" }

    /// Waits for `process` to end; its exit status, or nil when it went on past `timeout`.
    func exit(of process: Process, timeout: TimeInterval = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGTERM, then the exit status (sailor's graceful shutdown).
    func stop(_ process: Process) -> Int32? {
        kill(process.processIdentifier, SIGTERM)
        return exit(of: process)
    }

    /// Publishes a message to the step's queue as the helper's `publishMessage` does: sailor's headers, the body
    /// encrypted for its protocol version.
    func publish(_ json: String, messageId: String, parentMessageId: String? = nil, threadId: String? = nil,
                 headers extra: [(name: String, value: HeaderValue)] = []) throws {
        var headers: [(name: String, value: HeaderValue)] = [
            ("execId", .text("some-exec-id")), ("taskId", .text("5559edd38968ec0736000003")),
            ("workspaceId", .text("5559edd38968ec073600683")), ("userId", .text("5559edd38968ec0736000002")),
            ("stepId", .text("step_1")), ("messageId", .text(messageId)),
        ]
        if let parentMessageId { headers.append(("parentMessageId", .text(parentMessageId))) }
        if let threadId { headers.append(("threadId", .text(threadId))) }
        headers += extra
        var version = 1
        if case .number(let number)? = extra.last(where: { $0.name == "protocolVersion" })?.value { version = Int(number) }
        let confirmation = try connection.publish(exchange: "", routingKey: listenQueue, body: try cipher.seal(json, protocolVersion: version),
                                                  headers: headers, mandatory: true)
        #expect(confirmation == .acknowledged)
    }

    /// The next message on one of the harness's queues, acknowledged; nil when none came in time.
    func receive(_ output: Output, timeout: Duration = .seconds(20)) throws -> AMQPDelivery? {
        try take(queue(output), timeout: timeout)
    }

    /// What is left on the step's own queue (nothing once every message was acknowledged or rejected).
    func leftOnStepQueue(timeout: Duration = .milliseconds(500)) throws -> AMQPDelivery? {
        try take(listenQueue, timeout: timeout)
    }

    private func take(_ queue: String, timeout: Duration) throws -> AMQPDelivery? {
        let reader = try AMQPConnection(try AMQPAddress(uri: broker.uri))
        defer { reader.close() }
        try reader.consume(queue: queue, prefetch: 1)
        guard let delivery = try reader.next(timeout: timeout) else { return nil }
        try reader.ack(delivery.deliveryTag)
        return delivery
    }

    func open(_ delivery: AMQPDelivery, protocolVersion: Int) throws -> [String: Any] {
        try json(try cipher.open(delivery.body, protocolVersion: protocolVersion))
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The API's log: one entry per request.
    var apiRequests: [[String: Any]] {
        ((try? String(contentsOfFile: apiLog, encoding: .utf8)) ?? "").split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// A delivery's headers as text, without the ones that change every run.
    static func stableHeaders(_ delivery: AMQPDelivery) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in delivery.headers where !["start", "end", "messageId"].contains(name) { headers[name] = value.text }
        return headers
    }
}

struct HarnessFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

import Foundation
import Testing

/// Hostile clients of `jshost serve`'s HTTP server: slow, idle, many, pipelining, never reading. Each probe asserts
/// the answer, that /healthz answers within 100 ms meanwhile, and that nothing in the store changed.
@Suite(.serialized, .timeLimit(.minutes(10))) struct HostileConnectionTests {
    /// Short limits, so that each timeout is seen within a test.
    static let arguments = ["--header-timeout", "1", "--body-timeout", "2", "--idle-timeout", "1", "--write-timeout", "1",
                            "--max-connections", "40"]

    static func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.echoFlow()
        return workspace
    }

    /// Runs `attack` (blocking, on a thread of its own) with /healthz watched meanwhile and the store compared
    /// before and after.
    /// `writes`: the probe itself runs a flow (the store changes by that run, so it is not compared).
    func probe(_ what: String, _ workspace: Workspace, _ service: RunningService, writes: Bool = false,
               _ attack: @escaping @Sendable () throws -> Void) async throws {
        let before = try StoreFingerprint.of(workspace)
        let watch = HealthWatch(port: service.port)
        try await offThePool(attack)
        watch.expectHealthy(what)
        if !writes { #expect(try StoreFingerprint.of(workspace) == before, "\(what) changed the store") }
        #expect(service.process.isRunning, "\(what) ended the service: \(service.stderr.suffix(2000))")
    }

    @Test func aSlowHeadIsAnswered408AndClosed() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: Self.arguments)
        try await probe("a head sent a byte at a time", workspace, service) {
            let connection = try RawConnection(port: service.port)
            let started = Date()
            for byte in Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 40) {
                guard connection.send([byte]) else { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            let answer = connection.read(timeout: 5)
            #expect(RawConnection.status(answer.text) == 408, "\(answer.text)")
            #expect(answer.text.contains(#""errors""#) && answer.text.contains("head did not arrive within 1 s"), "\(answer.text)")
            #expect(answer.closed)
            #expect(Date().timeIntervalSince(started) < 4)
        }
    }

    @Test func aSlowBodyIsAnswered408AndClosed() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: Self.arguments)
        try await probe("a body sent a byte every 300 ms", workspace, service) {
            let connection = try RawConnection(port: service.port)
            connection.send("POST /hook/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
            for _ in 0..<15 {
                guard connection.send("{") else { break }
                Thread.sleep(forTimeInterval: 0.3)
            }
            let answer = connection.read(timeout: 5)
            #expect(RawConnection.status(answer.text) == 408, "\(answer.text)")
            #expect(answer.text.contains("body did not arrive within 2 s"), "\(answer.text)")
            #expect(answer.closed)
        }
    }

    @Test func anIdleConnectionIsClosed() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: Self.arguments)
        try await probe("a connection that sends nothing", workspace, service) {
            let connection = try RawConnection(port: service.port)
            let started = Date()
            let answer = connection.read(timeout: 5)
            #expect(answer.closed && answer.text.isEmpty, "\(answer.text)")
            #expect(Date().timeIntervalSince(started) < 3)
            // And after an answer, a kept-alive connection lasts as long idle.
            let kept = try RawConnection(port: service.port)
            kept.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let first = kept.read(timeout: 2, until: "}]}")
            #expect(RawConnection.status(first.text) == 200)
            #expect(kept.read(timeout: 5).closed)
        }
    }

    @Test func aDeclaredBodyOverTheLimitIsRefusedAtOnceAndClosed() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: Self.arguments)
        try await probe("Content-Length: 1 GiB with 100 bytes sent", workspace, service) {
            let connection = try RawConnection(port: service.port)
            let started = Date()
            connection.send("POST /hook/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n"
                            + String(repeating: " ", count: 100))
            let answer = connection.read(timeout: 5)
            #expect(RawConnection.status(answer.text) == 413, "\(answer.text)")
            #expect(answer.text.contains("the most a webhook takes"), "\(answer.text)")
            #expect(answer.closed)
            #expect(Date().timeIntervalSince(started) < 1)
        }
    }

    @Test func slowClientsByTheHundredAreAllLetGo() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: Self.arguments)
        try await probe("200 clients sending half a head", workspace, service) {
            var connections: [RawConnection] = []
            for _ in 0..<200 {
                let connection = try RawConnection(port: service.port)
                connection.send("GET /healthz HTTP/1.1\r\nHost: loc")
                connections.append(connection)
            }
            Thread.sleep(forTimeInterval: 3)
            let stillOpen = connections.filter { !$0.read(timeout: 0.01).closed }
            #expect(stillOpen.isEmpty, "\(stillOpen.count) slow clients still held")
        }
        let metrics = try await service.call("GET", "/metrics")
        #expect(metrics.text.contains(#"jshost_http_connections_closed_total{reason="header"}"#), "\(metrics.text)")
    }

    @Test func aFloodOfIdleConnectionsCannotLockOutOthers() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: Self.arguments + ["--idle-timeout", "60", "--header-timeout", "60"])
        try await probe("300 idle connections at a limit of 40", workspace, service, writes: true) {
            var connections: [RawConnection] = []
            for _ in 0..<300 { connections.append(try RawConnection(port: service.port)) }
            Thread.sleep(forTimeInterval: 0.5)
            let reply = try HTTPClient.send(port: service.port, "POST", "/hook/echo", body: Data(#"{"a":1}"#.utf8),
                                            headers: ["content-type": "application/json"], timeout: 10)
            #expect(reply.status == 200, "\(reply.text)")
            _ = connections
        }
        let metrics = try await service.call("GET", "/metrics")
        #expect(metrics.text.contains(#"jshost_http_connections_closed_total{reason="replaced"}"#), "\(metrics.text)")
        #expect(service.stderr.contains("HTTP connections closed by the server"), "the flood was not logged")
    }

    @Test func aConnectionFloodUnderALowFileLimitStillAnswers() async throws {
        let workspace = try Self.workspace()
        // The service under `ulimit -n 256`: its connection limit is lowered to fit, and it says so.
        let script = "ulimit -n 256 && exec \"$JSHOST\" serve flows --port 0 --state-dir state --idle-timeout 60 --header-timeout 60"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: workspace.root)
        var environment = ProcessInfo.processInfo.environment
        environment["JSHOST"] = Binary.path
        environment["JSHOST_STATE_DIR"] = workspace.stateDirectory
        process.environment = environment
        let output = ServiceOutput()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        Thread { output.collect(out.fileHandleForReading, isError: false) }.start()
        Thread { output.collect(err.fileHandleForReading, isError: true) }.start()
        let listening = await eventually(timeout: 30) { output.listeningPort != nil }
        let port = try #require(listening ? output.listeningPort : nil, "\(output.stderr)")
        #expect(output.stderr.contains("at most 128 HTTP connections"), "\(output.stderr)")
        let watch = HealthWatch(port: port)
        try await offThePool {
            var connections: [RawConnection] = []
            for _ in 0..<400 { connections.append(try RawConnection(port: port)) }
            Thread.sleep(forTimeInterval: 1)
            let reply = try HTTPClient.send(port: port, "GET", "/healthz", body: nil, headers: [:], timeout: 5)
            #expect(reply.status == 200)
            _ = connections
        }
        watch.expectHealthy("400 idle connections under ulimit -n 256")
        #expect(process.isRunning)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: Self.arguments)
        try await probe("100 requests in one write", workspace, service) {
            let connection = try RawConnection(port: service.port)
            let one = "GET /v2/nothing-%d HTTP/1.1\r\nHost: localhost\r\n\r\n"
            connection.send((0..<100).map { String(format: one, $0) }.joined())
            let answer = connection.read(timeout: 10, until: "nothing-99;")
            let paths = answer.text.components(separatedBy: "no endpoint at /v2/nothing-").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
            #expect(paths == Array(0..<100), "\(paths.count) answers")
        }
    }

    @Test func manySmallRequestsOnOneConnection() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: Self.arguments)
        try await probe("2,000 requests one after another on one connection", workspace, service) {
            let connection = try RawConnection(port: service.port)
            for index in 0..<2000 {
                connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                let answer = connection.read(timeout: 5, until: #""problems":[]}"#)
                guard RawConnection.status(answer.text) == 200 else {
                    Issue.record("request \(index): \(answer.text)")
                    return
                }
            }
        }
    }

    @Test func aClientThatNeverReadsIsLetGo() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: Self.arguments)
        try await probe("5,000 pipelined requests for the OpenAPI document, never read", workspace, service) {
            let connection = try RawConnection(port: service.port)
            var small = Int32(4096)
            setsockopt(connection.socket, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            let request = "GET /openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n"
            var sent = 0
            let started = Date()
            while sent < 5000, connection.send(request) {
                sent += 1
                if Date().timeIntervalSince(started) > 10 { break }
            }
            // The server stops reading once it cannot write; then it closes the connection after the write timeout.
            Thread.sleep(forTimeInterval: 3)
            var closed = false
            let deadline = Date().addingTimeInterval(10)
            while !closed && Date() < deadline {
                closed = connection.read(timeout: 0.5).closed
            }
            #expect(closed, "a client that never reads is still held")
        }
        let metrics = try await service.call("GET", "/metrics")
        #expect(metrics.text.contains(#"jshost_http_connections_closed_total{reason="write"}"#), "\(metrics.text)")
    }

    @Test func aHeaderFloodIsRefused() async throws {
        let workspace = try Self.workspace()
        let service = try await RunningService(workspace, folder: "flows", arguments: Self.arguments)
        try await probe("5,000 headers, and one of 200 KB", workspace, service) {
            let many = try RawConnection(port: service.port)
            many.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n" + (0..<5000).map { "X-\($0): v\r\n" }.joined() + "\r\n")
            let first = many.read(timeout: 5)
            #expect(RawConnection.status(first.text) == 400 || first.closed, "\(first.text.prefix(200))")
            let long = try RawConnection(port: service.port)
            long.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Long: " + String(repeating: "a", count: 200_000) + "\r\n\r\n")
            let second = long.read(timeout: 5)
            #expect(RawConnection.status(second.text) == 400 || second.closed, "\(second.text.prefix(200))")
        }
    }
}

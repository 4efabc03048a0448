import Foundation
import GRDB
import Testing

/// A service left running with a short retention: tens of thousands of webhook messages, and the store stays
/// under a fixed size while every snapshot and every row still needed is intact. The long form is
/// `benchmarks/run-soak`.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServeSoakTests {
    static let messages = Int(ProcessInfo.processInfo.environment["JSHOST_SOAK_MESSAGES"] ?? "") ?? 20_000
    /// Bytes the store (file and write-ahead log) may take, whatever the number of messages: without pruning the
    /// runs' data messages alone would take about 3 KB a message.
    static let sizeBound: Int64 = 16 << 20

    @Test func aShortRetentionKeepsTheStoreBoundedAndLosesNothingNeeded() async throws {
        let workspace = try Workspace()
        try workspace.countingFlow("soak", sendsOn: true)
        let service = try await RunningService(workspace, folder: "flows",
                                               arguments: ["--keep-runs", "200", "--keep-runs-for", "1h", "--keep-answers-for", "1s", "--prune-every", "1s"])
        let padding = String(repeating: "x", count: 2_000)
        let total = Self.messages
        let sampler = SizeSampler(path: workspace.stateDirectory + "/state.sqlite")
        let failures = try await offThePool {
            KeepAliveLoad.post(port: service.port, path: "/hook/soak", count: total, connections: 8) { index in
                #"{"n":\#(index),"pad":"\#(padding)"}"#
            }
        }
        #expect(failures.isEmpty, "\(failures.count) requests failed: \(failures.prefix(3))")
        // The flow drains; then one more prune round.
        let drained = try await eventually(timeout: 120) {
            let snapshot = try await service.control("GET", "/v2/flows/soak/snapshots/step_2")
            return ((snapshot.json?["data"] as? [String: Any])?["attributes"] as? [String: Any])
                .flatMap { $0["snapshot"] as? [String: Any] }?["seen"] as? Int == total
        }
        #expect(drained, "the flow did not count every message")
        try await Task.sleep(for: .seconds(3))
        let peak = sampler.stop()
        let snapshot = try await service.control("GET", "/v2/flows/soak/snapshots/step_2")
        let value = try #require(((snapshot.json?["data"] as? [String: Any])?["attributes"] as? [String: Any])?["snapshot"] as? [String: Any])
        #expect(value["seen"] as? Int == total)
        #expect(value["sum"] as? Int == total * (total - 1) / 2, "a message was lost or counted twice")
        #expect(peak < Self.sizeBound, "the store reached \(peak) bytes, over \(Self.sizeBound)")
        let store = try Self.counts(workspace)
        print("soak: \(total) messages, the store's peak \(peak) bytes (bound \(Self.sizeBound)); rows at the end: \(store)")
        #expect(store["step_queue"] == 0, "\(store)")
        let runs = store["run"] ?? .max
        let runBound = 2 * 200 + 2 * 64
        #expect(runs <= runBound, "runs beyond the retention: \(store)")
        #expect((store["webhook_answer"] ?? .max) <= 64, "\(store)")
        // Every snapshot version history keeps (50 by default) is there.
        #expect(store["snapshot_version"] == 50, "\(store)")
        let metrics = try await service.call("GET", "/metrics")
        #expect(metrics.text.contains(#"jshost_store_rows{table="run"}"#) && metrics.text.contains(#"jshost_store_pruned_rows_total{kind="runs"}"#), "\(metrics.text.suffix(2000))")
        #expect(service.process.isRunning)
    }

    static func counts(_ workspace: Workspace) throws -> [String: Int] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: workspace.stateDirectory + "/state.sqlite", configuration: configuration)
        return try queue.read { db in
            var counts: [String: Int] = [:]
            for table in ["run", "outbox", "step_queue", "webhook_answer", "snapshot_version", "audit"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")
            }
            return counts
        }
    }
}

/// The store's file and write-ahead log, measured every 100 ms; the largest total seen.
final class SizeSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peak: Int64 = 0
    private var running = true

    init(path: String) {
        Thread { [self] in
            while lock.withLock({ running }) {
                let size = [path, path + "-wal"].reduce(Int64(0)) {
                    $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int64) ?? 0)
                }
                lock.withLock { peak = max(peak, size) }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }.start()
    }

    func stop() -> Int64 {
        lock.withLock {
            running = false
            return peak
        }
    }
}

/// Many POSTs over a few kept-alive connections, one thread each: the load a busy webhook sees.
enum KeepAliveLoad {
    /// Sends `count` requests, `body(i)` each; the failures (status or transport), if any.
    static func post(port: Int, path: String, count: Int, connections: Int, body: @escaping @Sendable (Int) -> String) -> [String] {
        let state = LoadState()
        let group = DispatchGroup()
        for _ in 0..<connections {
            group.enter()
            Thread {
                defer { group.leave() }
                var connection: RawConnection?
                while let index = state.take(below: count) {
                    do {
                        if connection == nil { connection = try RawConnection(port: port) }
                        let text = body(index)
                        let request = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\nContent-Length: \(text.utf8.count)\r\n\r\n\(text)"
                        guard connection!.send(request) else { throw HTTPFailure(description: "the connection closed while sending") }
                        let status = try readAnswer(connection!)
                        if status != 200 { state.fail("request \(index): status \(status)") }
                    } catch {
                        state.fail("request \(index): \(error)")
                        connection = nil
                    }
                }
            }.start()
        }
        group.wait()
        return state.failures
    }

    private final class LoadState: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var failed: [String] = []

        func take(below count: Int) -> Int? {
            lock.withLock {
                guard next < count else { return nil }
                next += 1
                return next - 1
            }
        }

        func fail(_ what: String) { lock.withLock { failed.append(what) } }
        var failures: [String] { lock.withLock { failed } }
    }

    /// Reads one answer (head and Content-Length body) off a kept-alive connection; its status.
    static func readAnswer(_ connection: RawConnection) throws -> Int {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        var expected: Int?
        var headEnd = 0
        while true {
            if expected == nil, let range = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                headEnd = range.upperBound
                let head = String(decoding: received[..<range.lowerBound], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                expected = headEnd + length
            }
            if let expected, received.count >= expected { break }
            var poller = pollfd(fd: connection.socket, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 30_000) > 0 else { throw HTTPFailure(description: "no answer within 30 s") }
            let n = recv(connection.socket, &buffer, buffer.count, 0)
            guard n > 0 else { throw HTTPFailure(description: "the connection closed before the answer ended") }
            received.append(contentsOf: buffer[0..<n])
        }
        guard let status = RawConnection.status(String(decoding: received.prefix(12), as: UTF8.self)) else {
            throw HTTPFailure(description: "not an HTTP answer")
        }
        return status
    }
}

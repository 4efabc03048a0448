import Foundation
import GRDB
import Testing

/// A raw TCP connection to the service, for requests no well-behaved client sends: slow, partial, pipelined,
/// never read. Blocking; used from a thread of its own (`offThePool`) or briefly.
final class RawConnection: @unchecked Sendable {
    let socket: Int32

    init(port: Int) throws {
        socket = try HTTPClient.connected(port: port)
    }

    deinit { close(socket) }

    /// Sends everything; false when the server closed the connection meanwhile.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads until the server closes, `marker` appears, or `timeout` passes; what came, and whether it closed.
    func read(timeout: TimeInterval, until marker: String? = nil) -> (text: String, closed: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&poller, 1, left) > 0 else { break }
            let n = recv(socket, &buffer, buffer.count, 0)
            if n <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received.append(contentsOf: buffer[0..<n])
            if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
        }
        return (String(decoding: received, as: UTF8.self), false)
    }

    /// The status of the first answer in `text`.
    static func status(_ text: String) -> Int? {
        guard text.hasPrefix("HTTP/1.1 ") else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }
}

/// Asks `/healthz` every 50 ms on a thread of its own while a hostile request goes on, each on a new connection,
/// and keeps how long each answer took.
final class HealthWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Double] = []
    private var failures: [String] = []
    private var running = true
    private let finished = DispatchSemaphore(value: 0)

    init(port: Int) {
        Thread { [self] in
            while lock.withLock({ running }) {
                let started = Date()
                do {
                    let reply = try HTTPClient.send(port: port, "GET", "/healthz", body: nil, headers: [:], timeout: 5)
                    let took = Date().timeIntervalSince(started)
                    lock.withLock {
                        if reply.status == 200 { times.append(took) } else { failures.append("status \(reply.status)") }
                    }
                } catch {
                    lock.withLock { failures.append("\(error)") }
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            finished.signal()
        }.start()
    }

    /// Stops asking; the answers' times in seconds, and what failed.
    func stop() -> (times: [Double], failures: [String]) {
        lock.withLock { running = false }
        finished.wait()
        return lock.withLock { (times, failures) }
    }

    /// Stops, and records an issue unless every check answered 200 within `limit` seconds. One answer may take up
    /// to twice that: the probe's own flood runs on the same two cores as the service, and CI's machine has stalled
    /// a single check just past the limit while every other came in a few milliseconds.
    func expectHealthy(within limit: Double = 0.1, _ what: String) {
        let (times, failures) = stop()
        #expect(failures.isEmpty, "\(what): /healthz failed meanwhile: \(failures.prefix(3))")
        #expect(!times.isEmpty, "\(what): /healthz was never answered meanwhile")
        let slow = times.filter { $0 > limit }
        let shown = slow.map { String(format: "%.0f ms", $0 * 1000) }
        #expect(slow.count <= 1 && slow.allSatisfy { $0 <= 2 * limit },
                "\(what): /healthz took \(shown) of \(times.count) answers, over \(Int(limit * 1000)) ms")
    }
}

/// Every row of every table of a workspace's SQLite store, as text: equal before and after a refused request
/// means the request changed nothing.
enum StoreFingerprint {
    static func of(_ workspace: Workspace) throws -> String {
        let path = workspace.stateDirectory + "/state.sqlite"
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('lease', 'grdb_migrations') ORDER BY name")
            var text = ""
            for table in tables {
                text += "# \(table)\n"
                text += try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map { "\($0)\n" }.sorted().joined()
            }
            return text
        }
    }
}

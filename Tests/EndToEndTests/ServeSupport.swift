import Foundation
import Testing

/// A real `jshost serve` on a free loopback port, with the workspace's state folder; ended with SIGKILL when
/// the test did not end it.
final class RunningService: @unchecked Sendable {
    let process = Process()
    let port: Int
    /// An edit key the service knows, for calls a test makes to drive flows.
    let controlKey: String
    private let output = ServiceOutput()

    /// Starts the service on `folder` and waits until it listens (sleeping as a task: a test's waits must leave the
    /// cooperative threads free for the calls it makes meanwhile).
    /// `environment` is added to the service's and its key command's (`JSHOST_STORE` for a shared store);
    /// `stateDirectory` is the workspace's unless given (hosts that share a store keep scratch folders of their own).
    init(_ workspace: Workspace, folder: String, arguments: [String] = [], environment extra: [String: String] = [:],
         stateDirectory: String? = nil) async throws {
        let stateDirectory = stateDirectory ?? workspace.stateDirectory
        controlKey = try Self.key(workspace, "serve-tests", role: "edit", environment: extra)
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["serve", folder, "--port", "0", "--state-dir", stateDirectory] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: workspace.root)
        var environment = ProcessInfo.processInfo.environment
        environment["JSHOST_STATE_DIR"] = stateDirectory
        environment.merge(extra) { $1 }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = self.output
        Thread { output.collect(out.fileHandleForReading, isError: false) }.start()
        Thread { output.collect(err.fileHandleForReading, isError: true) }.start()
        let deadline = Date().addingTimeInterval(30)
        // Looked at once more after the deadline: a machine that stalls past it may have printed the line meanwhile.
        var port = output.listeningPort
        while port == nil && Date() < deadline && process.isRunning {
            try await Task.sleep(for: .milliseconds(20))
            port = output.listeningPort
        }
        if port == nil { port = output.listeningPort }
        guard let port else {
            if process.isRunning { process.terminate() }
            throw ServiceStartFailure(stdout: output.stdout, stderr: output.stderr)
        }
        self.port = port
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    var stderr: String { output.stderr }
    var stdout: String { output.stdout }

    /// The service's JSON log lines (its own, not the components').
    var logLines: [[String: Any]] {
        stderr.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["name"] as? String == "jshost" }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to end; its exit status, or nil if it did not end in time.
    func waitForExit(timeout: TimeInterval = 30) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    /// An HTTP request to the service (HTTP/1.1 over a socket of its own, so nothing between the test and the
    /// service answers for it: no redirects, no authentication challenges, no connection pool).
    func call(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:],
              timeout: TimeInterval = 30, until marker: String? = nil) async throws -> Reply {
        // On a thread of its own: the socket blocks, and the cooperative threads are few.
        try await withCheckedThrowingContinuation { [port] continuation in
            Thread {
                continuation.resume(with: Result {
                    try HTTPClient.send(port: port, method, path, body: body, headers: headers, timeout: timeout, until: marker)
                })
            }.start()
        }
    }

    /// A flow-control or API call with the test's edit key.
    func control(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> Reply {
        try await call(method, path, body: body, headers: ["authorization": "Bearer \(controlKey)"].merging(headers) { $1 })
    }

    /// Makes an API key with `jshost apikey create` (in place of one made before under that name); its secret.
    static func key(_ workspace: Workspace, _ name: String, role: String, environment: [String: String] = [:]) throws -> String {
        let made = try workspace.jshost(["apikey", "create", name, "--role", role, "--replace"], environment: environment)
        guard made.status == 0 else { throw KeyCreationFailure(stderr: made.stderr) }
        return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func post(_ path: String, json: String, headers: [String: String] = [:]) async throws -> Reply {
        try await call("POST", path, body: Data(json.utf8), headers: ["content-type": "application/json"].merging(headers) { $1 })
    }
}

struct KeyCreationFailure: Error, CustomStringConvertible {
    var stderr: String
    var description: String { "jshost apikey create failed: \(stderr)" }
}

struct ServiceStartFailure: Error, CustomStringConvertible {
    var stdout: String
    var stderr: String
    var description: String { "jshost serve did not start listening:\n\(stdout)\n\(stderr)" }
}

final class ServiceOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func collect(_ handle: FileHandle, isError: Bool) {
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { return }
            lock.withLock { if isError { err.append(chunk) } else { out.append(chunk) } }
        }
    }

    var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    var listeningPort: Int? {
        guard let line = stdout.split(separator: "\n").first(where: { $0.contains("listening on http://") }),
              let range = line.range(of: #":(\d+) "#, options: .regularExpression) else { return nil }
        return Int(line[range].dropFirst().dropLast())
    }
}

/// Polls `condition` until it holds or `timeout` passes; whether it held. It sleeps as a task, so the calls a test
/// has running meanwhile get the cooperative threads.
/// Runs blocking work (a program the test waits for) on a thread of its own: a cooperative thread blocked for a
/// minute starves every other test's tasks.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Waits for an async condition (each check a call to the service), polling as a task.
func eventually(timeout: TimeInterval = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

func eventually(timeout: TimeInterval = 30, _ condition: () throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try condition()
}

struct HTTPFailure: Error, CustomStringConvertible {
    var description: String
}

/// A blocking HTTP/1.1 client, one connection per request (`Connection: close`).
enum HTTPClient {
    /// A TCP socket connected to the port on 127.0.0.1.
    static func connected(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw HTTPFailure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let failure = errno
            close(socket)
            throw HTTPFailure(description: "connect to port \(port): errno \(failure)")
        }
        return socket
    }

    /// Reads until the server closes, or until the answer holds `until` (for a stream that stays open).
    static func send(port: Int, _ method: String, _ path: String, body: Data?, headers: [String: String],
                     timeout: TimeInterval, until marker: String? = nil) throws -> RunningService.Reply {
        let socket = try connected(port: port)
        defer { close(socket) }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        // A test may send a Host of its own (as a page on another site would).
        let host = headers.contains { $0.key.lowercased() == "host" } ? "" : "Host: 127.0.0.1:\(port)\r\n"
        var head = "\(method) \(path) HTTP/1.1\r\n\(host)Connection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        var request = Data((head + "\r\n").utf8)
        if let body { request.append(body) }
        try request.withUnsafeBytes { bytes in
            var sent = 0
            while sent < bytes.count {
                let n = Glibc.send(socket, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw HTTPFailure(description: "send: errno \(errno)") }
                sent += n
            }
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(socket, &buffer, buffer.count, 0)
            if n == 0 { break }
            guard n > 0 else { throw HTTPFailure(description: "no answer within \(timeout) s (errno \(errno))") }
            response.append(contentsOf: buffer[0..<n])
            if let marker, response.range(of: Data(marker.utf8)) != nil { break }
        }
        guard let split = response.range(of: Data("\r\n\r\n".utf8)) else {
            throw HTTPFailure(description: "the connection closed before a whole answer came")
        }
        let lines = String(decoding: response[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw HTTPFailure(description: "bad status line") }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return RunningService.Reply(status: status, headers: fields, body: Data(response[split.upperBound...]))
    }
}

/// A call that must not take longer than `seconds`: its result, or an error naming it. The call is left running
/// when it overstays (a task that never resumes cannot be cancelled), so a hung store or broker fails the test
/// instead of holding the whole run.
func within<T: Sendable>(_ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let once = ResumeOnce(continuation)
        Task { once.resume(await Result(catching: body)) }
        Task {
            try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            once.resume(.failure(Overstayed(what: what, seconds: seconds)))
        }
    }
}

struct Overstayed: Error, CustomStringConvertible {
    var what: String
    var seconds: Double
    var description: String { "\(what) took longer than \(seconds) s" }
}

/// A continuation the first of two racing tasks resumes; the other's result is dropped.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?

    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = continuation }

    func resume(_ result: Result<T, any Error>) {
        let waiting = lock.withLock { () -> CheckedContinuation<T, any Error>? in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

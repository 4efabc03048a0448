import Foundation
import Synchronization

/// A RabbitMQ broker of the tests' own (Debian's rabbitmq-server): a new node with its data, logs and Erlang
/// port mapper in a temporary folder, on free loopback ports, user guest/guest; stopped and removed when released.
/// A node takes seconds to boot, so suites share one (`shared`).
public final class RabbitMQServer: @unchecked Sendable {
    public let port: Int
    private let epmdPort: Int
    private let directory: String
    private let environment: [String]
    private let process = Mutex<pid_t>(0)
    private var pid: pid_t { process.withLock { $0 } }

    public static let server = "/usr/lib/rabbitmq/bin/rabbitmq-server"
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: server) }

    /// One broker for every suite of a test run, started on first use and stopped when the test process exits
    /// (a static is never released, and a broker left running would outlive the run).
    public static let shared: Result<RabbitMQServer, Error> = Result {
        let server = try RabbitMQServer()
        running.withLock { $0 = server }
        atexit { RabbitMQServer.running.withLock { $0?.stop() } }
        return server
    }
    private static let running = Mutex<RabbitMQServer?>(nil)
    private let stopped = Mutex(false)

    public var uri: String { "amqp://guest:guest@127.0.0.1:\(port)/" }

    public init() throws {
        guard Self.available else { throw ServerError.missing("RabbitMQ (apt-get install rabbitmq-server)") }
        port = FreePort.next()
        epmdPort = FreePort.next()
        let distributionPort = FreePort.next()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-rabbitmq-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("[].\n".utf8).write(to: URL(fileURLWithPath: directory + "/enabled_plugins"))
        // Everything the node writes stays in the folder: no /etc/rabbitmq, no /var/lib/rabbitmq, no shared epmd.
        environment = [
            "HOME=\(directory)", "RABBITMQ_NODENAME=jshost-test-\(port)@localhost", "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
            "RABBITMQ_NODE_PORT=\(port)", "RABBITMQ_DIST_PORT=\(distributionPort)", "ERL_EPMD_PORT=\(epmdPort)",
            "ERL_EPMD_ADDRESS=127.0.0.1", "ERL_EPMD_RELAXED_COMMAND_CHECK=1", "RABBITMQ_MNESIA_BASE=\(directory)/mnesia", "RABBITMQ_LOG_BASE=\(directory)/log",
            "RABBITMQ_ENABLED_PLUGINS_FILE=\(directory)/enabled_plugins", "RABBITMQ_CONFIG_FILE=\(directory)/rabbitmq",
            "RABBITMQ_ADVANCED_CONFIG_FILE=\(directory)/advanced.config", "RABBITMQ_CONF_ENV_FILE=\(directory)/rabbitmq-env.conf",
            "PATH=/usr/lib/rabbitmq/bin:/usr/bin:/bin", "ERL_CRASH_DUMP=\(directory)/erl_crash.dump",
        ]
        try boot()
    }

    private func boot() throws {
        let started = try Self.startInGroup(["/usr/bin/env"] + environment + [Self.server])
        process.withLock { $0 = started }
        let deadline = Date().addingTimeInterval(90)
        while !FreePort.accepts(port) {
            guard Date() < deadline, kill(started, 0) == 0 else { throw ServerError.notStarted("RabbitMQ on port \(port) (logs in \(directory)/log)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        // The port opens before the node has started its queues; rabbitmqctl waits for that, once the node has
        // registered its name (before which it says the node is not running).
        while true {
            do {
                _ = try control(["await_startup", "--timeout", "60"])
                return
            } catch {
                guard Date() < deadline, kill(started, 0) == 0 else { throw error }
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
    }

    /// Kills the node (SIGKILL, no shutdown) and starts it again on its data: what the broker confirmed as
    /// persistent in a durable queue is there again; every connection was dropped.
    public func crashAndRestart() throws {
        let old = pid
        kill(-old, SIGKILL)
        var status: Int32 = 0
        while waitpid(old, &status, 0) < 0 && errno == EINTR {}
        // The group's other processes (the Erlang VM) may take a moment to go: the new node waits for the port.
        let deadline = Date().addingTimeInterval(30)
        while FreePort.accepts(port) && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        try boot()
    }

    deinit { stop() }

    /// Freezes the node (SIGSTOP to its group): its connections stay open but nothing answers, as when its host
    /// vanishes from the network. `thaw` lets it go on.
    public func freeze() { kill(-pid, SIGSTOP) }
    public func thaw() { kill(-pid, SIGCONT) }

    /// Runs rabbitmqctl against this node; what it printed.
    public func control(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // A node that is not up yet makes the tool's own VM write a crash dump: into the node's folder, not the
        // working folder.
        process.arguments = ["HOME=\(directory)", "ERL_EPMD_PORT=\(epmdPort)", "ERL_EPMD_RELAXED_COMMAND_CHECK=1",
                             "ERL_CRASH_DUMP=\(directory)/rabbitmqctl_crash.dump",
                             "PATH=/usr/lib/rabbitmq/bin:/usr/bin:/bin", "/usr/lib/rabbitmq/bin/rabbitmqctl",
                             "-n", "jshost-test-\(port)@localhost"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServerError.failed("rabbitmqctl \(arguments.joined(separator: " ")): \(String(decoding: problem, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Closes, from the broker's side, every connection whose client named it ending in `suffix`; how many.
    @discardableResult
    public func closeConnections(namedWithSuffix suffix: String) throws -> Int {
        // Tab-separated rows: the pid as the node knows it, then the client's properties as Erlang terms.
        let listing = try control(["list_connections", "pid", "client_properties", "--no-table-headers", "--quiet"])
        var closed = 0
        for row in listing.split(separator: "\n") {
            let fields = row.split(separator: "\t", maxSplits: 1)
            let marker = "{\"connection_name\",\""
            guard fields.count == 2, fields[1].contains(marker),
                  let name = fields[1].components(separatedBy: marker).last?.components(separatedBy: "\"}").first,
                  name.hasSuffix(suffix) else { continue }
            _ = try control(["close_connection", String(fields[0]), "closed by a test"])
            closed += 1
        }
        return closed
    }

    /// Starts the command in a process group of its own, its streams on /dev/null; returns its pid (the group's id).
    static func startInGroup(_ argv: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        // Nothing else of the test process goes with it: a broker restarted in the middle of a test would otherwise
        // hold the test's sockets and pipes open (a database connection, a service's output) for its whole life.
        // (glibc's closefrom action is not in Swift's view of the headers, so it is looked up.)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, environ) == 0 else {
            throw ServerError.failed(argv.joined(separator: " "))
        }
        return pid
    }

    /// Stops the node and its port mapper and removes its folder; once.
    func stop() {
        guard stopped.withLock({ done in defer { done = true }; return !done }) else { return }
        // The whole group (the start script and the Erlang VM) at once: its data is thrown away, so a graceful
        // stop (which waits on rabbitmqctl) would only cost seconds.
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // The node started its own port mapper on its own port; it outlives the node unless told to go.
        _ = try? Spawn.run("/usr/bin/env", ["ERL_EPMD_PORT=\(epmdPort)", "ERL_EPMD_RELAXED_COMMAND_CHECK=1", "/usr/bin/epmd", "-kill"])
        try? FileManager.default.removeItem(atPath: directory)
    }
}

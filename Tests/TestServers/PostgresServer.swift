import Foundation

/// A PostgreSQL server of the test's own: a new cluster in a temporary folder, on a free loopback port, with
/// trust authentication for user `jshost` and database `jshost`; stopped and removed when released.
/// As root (CI), the server runs as the `postgres` user, since PostgreSQL refuses to run as root.
public final class PostgresServer: @unchecked Sendable {
    public let port: Int
    public let user = "jshost"
    public let database = "jshost"
    private let directory: String
    private let stop: () -> Void

    public static var binaries: String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root))?.sorted() ?? []
        guard let newest = versions.last else { return nil }
        let bin = "\(root)/\(newest)/bin"
        return FileManager.default.isExecutableFile(atPath: bin + "/postgres") ? bin : nil
    }

    public init() throws {
        guard let bin = Self.binaries else { throw ServerError.missing("PostgreSQL (apt-get install postgresql)") }
        port = FreePort.next()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let asRoot = getuid() == 0
        if asRoot { try Self.run("/bin/chown", ["postgres:postgres", directory]) }
        let data = directory + "/data"
        stop = { [data] in _ = try? Self.run(bin + "/pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"], as: asRoot ? "postgres" : nil) }
        try Self.run(bin + "/initdb", ["-D", data, "-A", "trust", "-U", user, "--no-sync", "-E", "UTF8", "--locale=C"], as: asRoot ? "postgres" : nil)
        // pg_ctl starts the server in the background and waits until it accepts connections.
        let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off"
        try Self.run(bin + "/pg_ctl", ["-D", data, "-o", options, "-l", directory + "/server.log", "-w", "-t", "60", "start"],
                     as: asRoot ? "postgres" : nil)
        try Self.run(bin + "/createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", user, database])
    }

    /// The environment variables pg (and psql) read: PGHOST, PGPORT, PGUSER, PGDATABASE.
    public var environment: [String: String] {
        ["PGHOST": "127.0.0.1", "PGPORT": String(port), "PGUSER": user, "PGDATABASE": database]
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a command to its end (as `user` when given). posix_spawn and waitpid rather than Process: the server
    /// pg_ctl leaves running inherits the descriptors Foundation watches its children through, and
    /// `waitUntilExit` then never returns.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], as user: String? = nil) throws -> Int32 {
        let argv = (user.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + [executable] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ) == 0 else {
            throw ServerError.failed(argv.joined(separator: " "))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // A normal exit with status 0: the low 7 bits hold the signal (none), the next 8 the exit code.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { throw ServerError.failed(argv.joined(separator: " ")) }
        return 0
    }
}

public enum ServerError: Error {
    case missing(String)
    case notStarted(String)
    case failed(String)
}

/// A loopback port nobody is listening on, found by binding port 0.
public enum FreePort {
    public static func next() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

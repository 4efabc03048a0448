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
    private let start: () throws -> Void

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
        if asRoot { try Spawn.run("/bin/chown", ["postgres:postgres", directory]) }
        let data = directory + "/data"
        stop = { [data] in _ = try? Spawn.run(bin + "/pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"], as: asRoot ? "postgres" : nil) }
        try Spawn.run(bin + "/initdb", ["-D", data, "-A", "trust", "-U", user, "--no-sync", "-E", "UTF8", "--locale=C"], as: asRoot ? "postgres" : nil)
        // pg_ctl starts the server in the background and waits until it accepts connections.
        let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off"
        let log = directory + "/server.log"
        start = {
            try Spawn.run(bin + "/pg_ctl", ["-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start"],
                          as: asRoot ? "postgres" : nil)
        }
        try start()
        try Spawn.run(bin + "/createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", user, database])
    }

    /// A `postgres://` URL of a new, empty database on this server.
    public func newDatabase() throws -> String {
        let name = "t" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try Spawn.run(Self.binaries! + "/createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", user, name])
        return url(database: name)
    }

    /// The folder of the server's Unix socket.
    public var socketFolder: String { directory }

    public func url(database: String) -> String { "postgres://\(user)@127.0.0.1:\(port)/\(database)?sslmode=disable" }

    /// The environment variables pg (and psql) read: PGHOST, PGPORT, PGUSER, PGDATABASE.
    public var environment: [String: String] {
        ["PGHOST": "127.0.0.1", "PGPORT": String(port), "PGUSER": user, "PGDATABASE": database]
    }

    deinit { shutDown() }

    /// Stops the server as a crash would (`immediate`: no checkpoint, connections cut; recovery at the next start)
    /// and starts it again on the same port.
    public func crashAndRestart() throws {
        let asRoot = getuid() == 0
        try Spawn.run(Self.binaries! + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"], as: asRoot ? "postgres" : nil)
        try start()
    }

    /// Stops the server and removes its folder; for a server kept until the process exits (`atexit`).
    public func shutDown() {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

public enum ServerError: Error {
    case missing(String)
    case notStarted(String)
    case failed(String)
}


import Foundation

/// A MariaDB server of the test's own: a new data folder, a free loopback port, user `root` without a password
/// and database `jshost`; stopped and removed when released. As root (CI) the server drops to the `mysql` user.
public final class MariaDBServer: @unchecked Sendable {
    public let port: Int
    public let user = "root"
    public let database = "jshost"
    private let directory: String
    private let pid: pid_t

    public static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/mariadbd") && FileManager.default.isExecutableFile(atPath: "/usr/bin/mariadb-install-db")
    }

    public init() throws {
        guard Self.available else { throw ServerError.missing("MariaDB (apt-get install mariadb-server)") }
        port = FreePort.next()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-mariadb-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let asRoot = getuid() == 0
        if asRoot { try Spawn.run("/bin/chown", ["mysql:mysql", directory]) }
        let owner = asRoot ? ["--user=mysql"] : []
        let data = directory + "/data"
        try Spawn.run("/usr/bin/mariadb-install-db", ["--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal",
                                                               "--skip-test-db"] + owner)
        pid = try Spawn.start("/usr/sbin/mariadbd", ["--no-defaults", "--datadir=" + data, "--port=\(port)", "--bind-address=127.0.0.1",
                                                      "--socket=" + directory + "/socket", "--pid-file=" + directory + "/pid",
                                                      "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0"] + owner)
        let deadline = Date().addingTimeInterval(30)
        while !FreePort.accepts(port) {
            guard Date() < deadline, kill(pid, 0) == 0 else { throw ServerError.notStarted("MariaDB on port \(port)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        try Spawn.run("/usr/bin/mariadb", ["--no-defaults", "-h", "127.0.0.1", "-P", String(port), "-u", user, "-e", "CREATE DATABASE \(database)"])
    }

    deinit {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        try? FileManager.default.removeItem(atPath: directory)
    }
}

import Foundation

/// Helper commands and servers started with posix_spawn, and waited for with waitpid, rather than with
/// Foundation's Process: a server a command leaves running (pg_ctl's) inherits the descriptors Process watches its
/// children through, and `waitUntilExit` then never returns.
public enum Spawn {
    /// Starts `executable` with its standard streams on /dev/null; returns its pid.
    public static func start(_ executable: String, _ arguments: [String]) throws -> pid_t {
        let argv = [executable] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, nil, &cArguments, environ) == 0 else { throw ServerError.failed(argv.joined(separator: " ")) }
        return pid
    }

    /// Runs a command to its end (as `user` when given); throws unless it exits with status 0.
    public static func run(_ executable: String, _ arguments: [String], as user: String? = nil) throws {
        let argv = (user.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + [executable] + arguments
        let pid = try start(argv[0], Array(argv.dropFirst()))
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // A normal exit with status 0: the low 7 bits hold the signal (none), the next 8 the exit code.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { throw ServerError.failed(argv.joined(separator: " ")) }
    }
}

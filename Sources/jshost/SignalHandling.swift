#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// SIGINT and SIGTERM end a run at once with exit code 3. Nothing half-done can be stored: a snapshot
/// is written in one SQLite transaction, which either committed before the signal or is rolled back.
enum SignalHandling {
    static func install() {
        // A parent may have spawned us with these blocked (a Dispatch worker thread's mask is inherited).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { received in
                let message: StaticString = received == SIGINT
                    ? "jshost: interrupted (SIGINT); the run was stopped\n"
                    : "jshost: terminated (SIGTERM); the run was stopped\n"
                _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
                _exit(3)
            }
        }
    }
}

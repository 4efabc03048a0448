import Foundation
import NodeCompat

/// `--timeout`, watched from a thread of its own rather than by JavaScriptCore's watchdog, whose check reads the
/// thread's CPU clock with a system call on every entry into the VM: every promise job. That doubled the time of
/// promise-heavy code (benchmarks/engine-ceiling: 1.18–1.21 s with it, 0.58–0.59 s without). When the time is up the
/// process ends with exit code 3, so nothing more is committed: a single run commits nothing, a stream keeps what it
/// committed. A stream restarts the clock for each message; a single run has one clock for the whole run.
final class RunWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var started = ContinuousClock.now
    private var line = 0
    private var committedLine = 0
    private var armed = true
    private let timeout: Duration
    private let expired: @Sendable (_ line: Int, _ committedLine: Int, _ elapsed: Duration) -> String

    /// Starts watching at once; `expired` says what happened, for stderr, when the time is up.
    init(timeout: Duration, expired: @escaping @Sendable (_ line: Int, _ committedLine: Int, _ elapsed: Duration) -> String) {
        self.timeout = timeout
        self.expired = expired
        let thread = Thread { [unowned self] in watch() }
        thread.stackSize = 64 * 1024
        thread.start()
    }

    /// A stream's next message starts: its own full timeout.
    func messageStarted(line: Int) {
        lock.withLock {
            started = .now
            self.line = line
        }
    }

    func committed(through line: Int) {
        lock.withLock { committedLine = line }
    }

    /// The JavaScript is over: what follows (the commit, the report) is not bounded by --timeout.
    func disarm() {
        lock.withLock { armed = false }
    }

    private func watch() {
        let pause = min(0.05, timeout.inSeconds / 20)
        while true {
            Thread.sleep(forTimeInterval: max(0.005, pause))
            let (elapsed, line, committed, armed) = lock.withLock { (started.duration(to: .now), self.line, committedLine, self.armed) }
            if !armed { return }
            if elapsed > timeout {
                StandardStreams.writeStderr("jshost: \(expired(line, committed, elapsed))\n")
                // _exit, not exit: the JavaScript thread is still running, and must not meet the library
                // destructors exit() would run. Every output was written with write(2), so nothing is lost.
                _exit(ExitStatus.timedOutOrTerminated)
            }
        }
    }
}

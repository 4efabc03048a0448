import Foundation
import JSEngine
import JSHostCore
import Synchronization

/// `--timeout`, watched from a thread of its own rather than by JavaScriptCore's watchdog, whose check reads the
/// thread's CPU clock with a system call on every entry into the VM: every promise job. That doubled the time of
/// promise-heavy code (benchmarks/engine-ceiling: 1.18–1.21 s with it, 0.53–0.78 s without). When the time is up the
/// process ends with exit code 3, so nothing more is committed: a single run commits nothing, a stream keeps what it
/// committed. A stream restarts the clock for each message (it sees a new one start at its next look, at most
/// 50 ms later, so a message may overrun by that much but never gets less than its time); a single run has one
/// clock for the whole run.
final class RunWatchdog: Sendable {
    private let state = Mutex((committedLine: 0, armed: true))
    private let timeout: Duration
    private let messageStarts: SharedCounters?
    private let expired: @Sendable (_ line: Int, _ committedLine: Int, _ elapsed: Duration) -> String

    /// Starts watching at once; `messageStarts` (a stream's, see `ComponentHost.messageStarts`) restarts the clock
    /// for each message. `expired` says what happened, for stderr, when the time is up.
    init(timeout: Duration, messageStarts: SharedCounters? = nil,
         expired: @escaping @Sendable (_ line: Int, _ committedLine: Int, _ elapsed: Duration) -> String) {
        self.timeout = timeout
        self.messageStarts = messageStarts
        self.expired = expired
        // The thread keeps the watchdog alive: it may wake after the run has let go of it, and returns once disarmed.
        let thread = Thread { [self] in watch() }
        thread.stackSize = 64 * 1024
        thread.start()
    }

    func committed(through line: Int) {
        state.withLock { $0.committedLine = line }
    }

    /// The JavaScript is over: what follows (the commit, the report) is not bounded by --timeout.
    func disarm() {
        state.withLock { $0.armed = false }
    }

    private func watch() {
        let pause = min(0.05, timeout.inSeconds / 20)
        var started = ContinuousClock.now
        var seen: Int32 = 0
        while true {
            Thread.sleep(forTimeInterval: max(0.005, pause))
            if let messageStarts, case let count = messageStarts.load(1), count != seen {
                seen = count
                started = .now
            }
            let (committed, armed) = state.withLock { ($0.committedLine, $0.armed) }
            if !armed { return }
            let elapsed = started.duration(to: .now)
            let line = Int(messageStarts?.load(0) ?? 0)
            if elapsed > timeout {
                StandardStreams.writeStderr("jshost: \(expired(line, committed, elapsed))\n")
                // _exit, not exit: the JavaScript thread is still running, and must not meet the library
                // destructors exit() would run. Every output was written with write(2), so nothing is lost.
                _exit(ExitStatus.timedOutOrTerminated)
            }
        }
    }
}

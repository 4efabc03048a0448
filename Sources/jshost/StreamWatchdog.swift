import Foundation
import NodeCompat

/// The timeout of a stream's messages, watched from a thread of its own: JavaScriptCore's watchdog would cost a
/// system call on every promise job. When a message runs longer than the timeout, the process ends with exit code 3:
/// what was committed stays, and `--resume` continues after it.
final class StreamWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var started = ContinuousClock.now
    private var line = 0
    private var committedLine = 0
    private let timeout: Duration

    init(timeout: Duration) {
        self.timeout = timeout
        let thread = Thread { [unowned self] in watch() }
        thread.stackSize = 64 * 1024
        thread.start()
    }

    func messageStarted(line: Int) {
        lock.withLock {
            started = .now
            self.line = line
        }
    }

    func committed(through line: Int) {
        lock.withLock { committedLine = line }
    }

    private func watch() {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let pause = min(0.05, seconds / 20)
        while true {
            Thread.sleep(forTimeInterval: max(0.005, pause))
            let (elapsed, line, committed) = lock.withLock { (started.duration(to: .now), self.line, committedLine) }
            if elapsed > timeout {
                StandardStreams.writeStderr("jshost: line \(line) timed out after \(elapsed.components.seconds) s and was stopped; lines were committed through line \(committed) (--resume continues after it; raise --timeout if messages need longer)\n")
                exit(ExitStatus.timedOutOrTerminated)
            }
        }
    }
}

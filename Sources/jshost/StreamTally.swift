import ComponentRuntime
import Foundation

/// What a stream has done so far, for its progress line: messages (the last input line with events), errors,
/// commits, the line committed through, and the rate.
final class StreamTally: @unchecked Sendable {
    private let lock = NSLock()
    private let started = ContinuousClock.now
    private var lastLine = 0
    private var errors = 0
    private var commits = 0
    private var committedLine = 0

    func add(_ events: BatchEvents) -> String {
        lock.withLock {
            if let last = events.lines.max() { lastLine = max(lastLine, last) }
            for index in 0..<events.count where events.kind(at: index) == "error" { errors += 1 }
        }
        return status
    }

    func committed(through line: Int) -> String {
        lock.withLock {
            commits += 1
            committedLine = line
            lastLine = max(lastLine, line)
        }
        return status
    }

    var rate: String {
        let elapsed = (ContinuousClock.now - started).components
        let seconds = max(Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18, 0.001)
        let done: Int = lock.withLock { lastLine }
        return Self.grouped(Int(Double(done) / seconds)) + " messages/s"
    }

    var status: String {
        let counts: (done: Int, errors: Int, commits: Int, line: Int) = lock.withLock { (lastLine, errors, commits, committedLine) }
        let errorWord = counts.errors == 1 ? "error" : "errors", commitWord = counts.commits == 1 ? "commit" : "commits"
        return "\(Self.grouped(counts.done)) messages · \(rate) · \(Self.grouped(counts.errors)) \(errorWord) · \(counts.commits) \(commitWord)"
            + " · committed through line \(Self.grouped(counts.line))"
    }

    static func grouped(_ number: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = ","
        return formatter.string(from: NSNumber(value: number)) ?? "\(number)"
    }
}

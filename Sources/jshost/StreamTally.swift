import ComponentRuntime
import Foundation
import Synchronization

/// What a stream has done so far, for its progress line: messages (the last input line with events), errors,
/// commits, the line committed through, and the rate.
final class StreamTally: Sendable {
    private struct Counts {
        var lastLine = 0
        var errors = 0
        var commits = 0
        var committedLine = 0
    }
    private let counts = Mutex(Counts())
    private let started = ContinuousClock.now

    func add(_ events: BatchEvents) -> String {
        counts.withLock { counts in
            if let last = events.lines.max() { counts.lastLine = max(counts.lastLine, last) }
            for index in 0..<events.count where events.kind(at: index) == "error" { counts.errors += 1 }
        }
        return status
    }

    func committed(through line: Int) -> String {
        counts.withLock { counts in
            counts.commits += 1
            counts.committedLine = line
            counts.lastLine = max(counts.lastLine, line)
        }
        return status
    }

    var rate: String {
        let elapsed = (ContinuousClock.now - started).components
        let seconds = max(Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18, 0.001)
        let done = counts.withLock { $0.lastLine }
        return Self.grouped(Int(Double(done) / seconds)) + " messages/s"
    }

    var status: String {
        let counts: (done: Int, errors: Int, commits: Int, line: Int) = self.counts.withLock { ($0.lastLine, $0.errors, $0.commits, $0.committedLine) }
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

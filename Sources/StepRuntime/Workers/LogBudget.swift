import ComponentRuntime
import Foundation
import JSHostCore

/// A component's log output (its logger and console) under serve, capped per run: a line longer than
/// `maxLineBytes` is cut, and past `maxRunLines` lines or `maxRunBytes` bytes in one run the rest is dropped and
/// counted, then named in one record when the run ends. A component in a loop cannot fill the service's disk with
/// logs or hold its log collector.
final class LogBudget: @unchecked Sendable {  // counts under `lock`; the writer is called after it is released
    static let maxLineBytes = 16 << 10
    static let maxRunLines = 5_000
    static let maxRunBytes = 1 << 20

    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    private var lines = 0
    private var bytes = 0
    private var droppedLines = 0
    private var droppedBytes = 0
    private var cutLines = 0
    private var messageID: String?

    init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// What the host writes through.
    var writer: @Sendable (String) -> Void { { [self] text in take(text) } }

    /// A run begins: what the last one dropped is said, and the budget starts again.
    func startRun(messageID: String?) {
        let report = lock.withLock { () -> String? in
            defer {
                lines = 0; bytes = 0; droppedLines = 0; droppedBytes = 0; cutLines = 0
                self.messageID = messageID
            }
            return pendingReport()
        }
        if let report { write(report) }
    }

    /// The run ended: what it dropped is said now.
    func endRun() {
        let report = lock.withLock { () -> String? in
            defer { droppedLines = 0; droppedBytes = 0; cutLines = 0 }
            return pendingReport()
        }
        if let report { write(report) }
    }

    private func take(_ text: String) {
        let size = text.utf8.count
        let newlines = max(text.utf8.lazy.filter { $0 == 0x0A }.count, 1)
        let shown: String? = lock.withLock {
            guard lines + newlines <= Self.maxRunLines, bytes + min(size, Self.maxLineBytes) <= Self.maxRunBytes else {
                droppedLines += newlines
                droppedBytes += size
                return nil
            }
            lines += newlines
            guard size > Self.maxLineBytes else {
                bytes += size
                return text
            }
            cutLines += 1
            bytes += Self.maxLineBytes
            let kept = String(decoding: text.utf8.prefix(Self.maxLineBytes), as: UTF8.self)
            return kept + "… [\(size - Self.maxLineBytes) bytes cut by jshost: a log line may have \(Self.maxLineBytes)]\n"
        }
        if let shown { write(shown) }
    }

    /// Under the lock.
    private func pendingReport() -> String? {
        guard droppedLines > 0 || cutLines > 0 else { return nil }
        var parts: [String] = []
        if droppedLines > 0 {
            parts.append("\(droppedLines) log lines (\(droppedBytes) bytes) of this run dropped: a run may log \(Self.maxRunLines) lines or \(Self.maxRunBytes) bytes under serve")
        }
        if cutLines > 0 { parts.append("\(cutLines) lines cut to \(Self.maxLineBytes) bytes") }
        var fields: [(name: String, json: String)] = [
            ("name", #""jshost""#), ("hostname", JSONString.quote(ProcessInfo.processInfo.hostName)),
            ("pid", String(getpid())), ("level", "40"), ("msg", JSONString.quote(parts.joined(separator: "; "))),
        ]
        if let messageID { fields.append(("messageId", JSONString.quote(messageID))) }
        fields.append(("droppedLines", String(droppedLines)))
        fields.append(("time", JSONString.quote(UTCTimestamp.string(from: Date()))))
        fields.append(("v", "0"))
        return JSONObjectText.make(fields) + "\n"
    }
}

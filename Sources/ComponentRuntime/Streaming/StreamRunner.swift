import Foundation
import SnapshotStore

/// When a stream commits: every `messages` messages or every `interval`, whichever comes first.
public struct CommitPolicy: Sendable, Equatable {
    public var messages: Int
    public var interval: Duration

    public init(messages: Int, interval: Duration) {
        self.messages = messages
        self.interval = interval
    }

    /// See README "Streaming": chosen from measurements of `benchmarks/streaming`.
    public static let `default` = CommitPolicy(messages: 1000, interval: .milliseconds(200))

    /// Parses `N`, `Tms`, `Ts`, or `N,T` (e.g. `500`, `100ms`, `500,100ms`); nil when it is not one of those.
    public static func parse(_ text: String) -> CommitPolicy? {
        var policy = CommitPolicy.default
        var sawMessages = false, sawInterval = false
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if part.hasSuffix("ms"), let value = Double(part.dropLast(2)), value > 0, !sawInterval {
                policy.interval = .milliseconds(Int64(value)); sawInterval = true
                if !sawMessages { policy.messages = Int.max }
            } else if part.hasSuffix("s"), let value = Double(part.dropLast()), value > 0, !sawInterval {
                policy.interval = .milliseconds(Int64(value * 1000)); sawInterval = true
                if !sawMessages { policy.messages = Int.max }
            } else if let count = Int(part), count > 0, !sawMessages {
                policy.messages = count; sawMessages = true
                if !sawInterval { policy.interval = .seconds(3600 * 24) }
            } else {
                return nil
            }
        }
        return sawMessages || sawInterval ? policy : nil
    }
}

/// What a stream did.
public struct StreamSummary: Sendable {
    public var messages = 0
    public var malformed = 0
    public var skipped = 0
    public var errors = 0
    public var commits = 0
    /// The last line committed to the store.
    public var committedLine = 0
    public var lastVersion = 0
}

/// `jshost run --input`: one message per JSON line, in order, in one process; each message sees the snapshot the
/// one before left. Completed messages are committed in groups (input position, outbox, snapshot: one transaction),
/// so after a crash `--resume` continues after the last committed line and every line counts exactly once.
public final class StreamRunner {
    let host: ComponentHost
    let function: ComponentDescriptor.Function
    let store: SnapshotStore
    let key: StepKey
    let cfgJSON: String
    let owner: LeaseOwner?
    let policy: CommitPolicy
    let streamID: String
    /// Told the number of each line before its message runs (so the host's events can be tagged with it).
    let onLine: (Int) -> Void
    /// Receives the events jshost itself raises for a line (a malformed line's error).
    let onEvent: (Int, ComponentEvent) -> Void

    public init(host: ComponentHost, function: ComponentDescriptor.Function, store: SnapshotStore, key: StepKey,
                cfgJSON: String, owner: LeaseOwner?, policy: CommitPolicy, streamID: String,
                onLine: @escaping (Int) -> Void, onEvent: @escaping (Int, ComponentEvent) -> Void) {
        self.onLine = onLine
        self.host = host
        self.function = function
        self.store = store
        self.key = key
        self.cfgJSON = cfgJSON
        self.owner = owner
        self.policy = policy
        self.streamID = streamID
        self.onEvent = onEvent
    }

    /// Completed messages not yet committed.
    private struct Pending {
        var outbox: [String] = []
        var outboxLines: [Int] = []
        var snapshot: RunCommit.SnapshotChange = .unchanged
        var errors = 0
        var messages = 0
        var lastLine = 0
        var startedAt = Date()
    }

    /// Processes the lines after `startAfter`, committing as it goes; `startingSnapshot` is where the first message
    /// starts. With `commit` false nothing is written (but everything else happens).
    public func run(_ reader: LineReader, startAfter: Int, startingSnapshot: String, commit: Bool) throws -> StreamSummary {
        var summary = StreamSummary()
        summary.committedLine = startAfter
        var pending = Pending()
        var lastCommit = ContinuousClock.now
        var firstMessage = true
        let cfgFingerprint = Digests.fingerprint(ofJSON: cfgJSON)

        func flush() throws {
            guard pending.messages > 0 else { return }
            if commit {
                let receipt = try store.commit(RunCommit(
                    key: key, startedAt: pending.startedAt, endedAt: Date(), outcome: "stream",
                    inputHash: Digests.sha256("\(streamID):\(pending.lastLine)"), outbox: pending.outbox,
                    snapshot: pending.snapshot, cfgFingerprint: cfgFingerprint, errorCount: pending.errors, owner: owner,
                    input: InputPosition(stream: streamID, line: pending.lastLine), outboxLines: pending.outboxLines,
                    keepsLease: true))
                summary.lastVersion = receipt.snapshotVersion
                summary.commits += 1
            }
            summary.committedLine = pending.lastLine
            pending = Pending()
            lastCommit = .now
        }

        while let line = reader.next() {
            let number = reader.lineNumber
            if number <= startAfter { summary.skipped += 1; continue }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if pending.messages == 0 { pending.startedAt = Date() }
            onLine(number)
            summary.messages += 1
            pending.messages += 1
            pending.lastLine = number
            if Self.parses(line) {
                let outcome: RunOutcome
                do {
                    outcome = try host.process(function: function, messageJSON: line, cfgJSON: cfgJSON,
                                               snapshotJSON: firstMessage ? startingSnapshot : nil)
                } catch {
                    // This message did not complete: commit those before it, and stop.
                    pending.messages -= 1
                    pending.lastLine = number - 1
                    try flush()
                    throw StreamFailure(line: number, error: error, summary: summary)
                }
                firstMessage = false
                pending.outbox += outcome.dataMessages
                pending.outboxLines += Array(repeating: number, count: outcome.dataMessages.count)
                if let json = outcome.snapshotJSON { pending.snapshot = json == "null" ? .clear : .replace(json: json) }
                pending.errors += outcome.errorCount
                summary.errors += outcome.errorCount
            } else {
                summary.malformed += 1
                summary.errors += 1
                pending.errors += 1
                let message = "line \(number) is not valid JSON; the line was skipped and the stream goes on"
                let json = "{\"name\":\"SyntaxError\",\"message\":\(Self.quote(message)),\"stack\":\"Not Available\"}"
                onEvent(number, ComponentEvent(name: "error", json: json))
            }
            if pending.messages >= policy.messages || lastCommit.duration(to: .now) >= policy.interval {
                try flush()
            }
        }
        try flush()
        return summary
    }

    static func parses(_ line: String) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])) != nil
    }

    static func quote(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A message of a stream failed (timeout, crash); everything before it was committed.
public struct StreamFailure: Error {
    public var line: Int
    public var error: Error
    public var summary: StreamSummary
}

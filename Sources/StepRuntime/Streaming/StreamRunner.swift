import ComponentRuntime
import Foundation
import SnapshotStore
import JSHostCore

/// When a stream commits: every `messages` messages or every `interval`, whichever comes first.
public struct CommitPolicy: Sendable, Equatable {
    public var messages: Int
    public var interval: Duration

    public init(messages: Int, interval: Duration) {
        self.messages = messages
        self.interval = interval
    }

    /// See docs/streaming.md: chosen from measurements of `benchmarks/streaming`.
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

/// A stream of messages, one per JSON line, in order, in one process; each message sees the snapshot the
/// one before left. Lines go to JS in batches (one call per batch, not per message), and completed messages are
/// committed in groups (input position, outbox, snapshot: one transaction), so after a crash `--resume` continues
/// after the last committed line and every line counts exactly once.
final class StreamRunner {
    let host: ComponentHost
    let function: ComponentDescriptor.Function
    let store: StoreAccess
    let key: StepKey
    let cfgJSON: String
    let lease: Lease?
    let policy: CommitPolicy
    let streamID: String
    /// The stream's messages share one context (a file of JSON lines carries no headers).
    let context: MessageContext
    /// Receives each batch's events.
    let output: (BatchEvents) -> Void
    /// Told the last line committed after each commit (from the thread that commits).
    let onCommit: @Sendable (Int) -> Void

    /// Lines handed to JS per call: large enough that the crossing costs nothing per message, small enough that
    /// a batch is quick next to the commit interval.
    static let batchLines = 256

    init(host: ComponentHost, function: ComponentDescriptor.Function, store: StoreAccess, key: StepKey,
                cfgJSON: String, lease: Lease?, policy: CommitPolicy, streamID: String, context: MessageContext,
                output: @escaping (BatchEvents) -> Void, onCommit: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.onCommit = onCommit
        self.host = host
        self.function = function
        self.store = store
        self.key = key
        self.cfgJSON = cfgJSON
        self.lease = lease
        self.policy = policy
        self.streamID = streamID
        self.context = context
        self.output = output
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
        var outboxCharacters = 0

        mutating func absorb(_ batch: BatchResult) {
            outboxCharacters += batch.outboxCharacters
            let data = batch.events.dataMessages()
            outbox += data.messages
            outboxLines += data.lines
            if let json = batch.snapshotJSON { snapshot = json == "null" ? .clear : .replace(json: json) }
            errors += batch.errors
            messages += batch.messages
            if batch.messages > 0 { lastLine = batch.lastLine }
        }
    }

    /// Processes the lines after `startAfter`, committing as it goes; `startingSnapshot` is where the first message
    /// starts. Without a lease nothing is written (but everything else happens).
    func run(_ reader: LineReader, startAfter: Int, startingSnapshot: String) throws -> StreamSummary {
        var summary = StreamSummary()
        summary.committedLine = startAfter
        var pending = Pending()
        var lastCommit = ContinuousClock.now
        var snapshotForNextBatch: String? = startingSnapshot
        let cfgFingerprint = Digests.fingerprint(ofJSON: cfgJSON)
        let committer = lease != nil ? BackgroundCommitter(store: store, committedLine: startAfter, onCommit: onCommit) : nil

        func flush() throws {
            guard pending.messages > 0 else { return }
            if let committer {
                try committer.submit(RunCommit(
                    key: key, startedAt: pending.startedAt, endedAt: Date(), outcome: "stream",
                    inputHash: Digests.sha256("\(streamID):\(pending.lastLine)"), outbox: pending.outbox,
                    snapshot: pending.snapshot, cfgFingerprint: cfgFingerprint, errorCount: pending.errors, lease: lease,
                    input: InputPosition(stream: streamID, line: pending.lastLine), outboxLines: pending.outboxLines,
                    keepsLease: true), lastLine: pending.lastLine)
            } else {
                summary.committedLine = pending.lastLine
            }
            pending = Pending()
            lastCommit = .now
        }

        /// Flushes what is pending and waits for every commit; the summary then says what was written.
        func finish() throws {
            try flush()
            guard let committer else { return }
            let progress = try committer.finish()
            summary.commits = progress.commits
            summary.committedLine = progress.committedLine
            summary.lastVersion = progress.lastVersion
        }

        func record(_ batch: BatchResult) {
            if pending.messages == 0 { pending.startedAt = Date() }
            output(batch.events)
            pending.absorb(batch)
            summary.messages += batch.messages
            summary.malformed += batch.malformed
            summary.errors += batch.errors
        }

        // Lines read but not yet taken by a batch (one that stopped early for the size of its data), in order.
        var carried = ""
        var carriedCount = 0
        var carriedFirstLine = 0
        while true {
            var text = carried
            var count = carriedCount
            var firstLine = carriedFirstLine
            carried = ""
            carriedCount = 0
            let room = max(1, min(Self.batchLines, policy.messages == Int.max ? Self.batchLines : policy.messages - pending.messages))
            while count < room, let line = reader.next() {
                if reader.lineNumber <= startAfter { summary.skipped += 1; continue }
                if count == 0 { firstLine = reader.lineNumber } else { text += "\n" }
                text += line
                count += 1
            }
            if count == 0 { break }
            do {
                let batch = try host.processBatch(function: function, text: text, firstLine: firstLine, cfgJSON: cfgJSON,
                                                  snapshotJSON: snapshotForNextBatch, context: context)
                snapshotForNextBatch = nil
                // Every line handed over must come back taken or left for the next batch, never dropped unseen.
                guard batch.consumed >= 1, batch.consumed <= count,
                      batch.consumed == count || batch.outboxCharacters >= host.configuration.batchDataCharacters else {
                    record(batch)
                    try finish()
                    throw StreamFailure(line: firstLine + max(0, batch.consumed), error: .load(
                        "jshost lost track of the stream: a batch of \(count) lines from line \(firstLine) came back with \(batch.consumed) taken; nothing after the last commit was skipped, and resuming the stream continues there"),
                                        summary: summary)
                }
                record(batch)
                if batch.consumed < count {
                    carried = Self.lines(of: text, after: batch.consumed)
                    carriedCount = count - batch.consumed
                    carriedFirstLine = firstLine + batch.consumed
                }
            } catch let error as BatchFailure {
                // The message after the completed ones did not finish: commit those before it, and stop.
                record(error.completed)
                try finish()
                let failedLine = error.completed.messages == 0 ? firstLine : error.completed.lastLine + 1
                throw StreamFailure(line: failedLine, error: error.error, summary: summary)
            }
            if pending.messages >= policy.messages || lastCommit.duration(to: .now) >= policy.interval
                || pending.outboxCharacters >= host.configuration.batchDataCharacters {
                try flush()
            }
        }
        try finish()
        return summary
    }
}

extension StreamRunner {
    /// The lines of `text` after its first `taken` ones (JSON lines hold no raw newline).
    static func lines(of text: String, after taken: Int) -> String {
        var seen = 0
        var utf8 = text.utf8[...]
        while seen < taken, let newline = utf8.firstIndex(of: UInt8(ascii: "\n")) {
            utf8 = utf8[utf8.index(after: newline)...]
            seen += 1
        }
        return String(Substring(utf8))
    }
}

/// A message of a stream failed (timeout, crash); everything before it was committed.
public struct StreamFailure: Error, Sendable {
    public var line: Int
    public var error: ComponentError
    public var summary: StreamSummary
}

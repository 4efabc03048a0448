import Synchronization

/// Text written from any thread (a runtime's stderr, a log handler), collected for a test to read.
public final class CapturedText: Sendable {
    private let text = Mutex("")

    public init() {}

    public func append(_ chunk: String) { text.withLock { $0 += chunk } }
    public var value: String { text.withLock { $0 } }
    /// The non-empty lines written so far.
    public var lines: [String] { value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
}

/// Lines written from any thread, one call a line, collected for a test to read.
public final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    public func append(_ line: String) { lines.withLock { $0.append(line) } }
    public var all: [String] { lines.withLock { $0 } }
}

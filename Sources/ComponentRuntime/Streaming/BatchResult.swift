/// What a batch of stream messages did.
public struct BatchResult: Sendable {
    /// Event lines for stdout, each tagged with its input line (`{"line":N,"event":…}`), newline-terminated.
    public var output = ""
    /// Data messages, in order, and the input line each came from.
    public var outbox: [String] = []
    public var outboxLines: [Int] = []
    public var errors = 0
    /// Messages finished, malformed lines included.
    public var messages = 0
    public var malformed = 0
    /// The last input line finished.
    public var lastLine = 0
    /// The snapshot after the batch as JSON (`"null"` when cleared), when a message stored one.
    public var snapshotJSON: String?
    /// init(cfg) failed before the first message (formatted error JSON).
    public var initError: String?
    /// How many of the batch's lines were taken (blank ones included); fewer than given when the batch stopped
    /// early because its data messages reached `HostConfiguration.batchDataCharacters`.
    public var consumed = 0
    /// The characters (JavaScript string length) of JSON in `outbox`.
    public var outboxCharacters = 0
}

/// A batch stopped at a message that did not complete (timeout, crash); `completed` holds the messages before it.
public struct BatchFailure: Error {
    public var error: ComponentError
    public var completed: BatchResult
}

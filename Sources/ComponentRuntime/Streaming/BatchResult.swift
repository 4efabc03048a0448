/// What a batch of stream messages did.
public struct BatchResult: Sendable {
    /// The batch's events, in order, with the input line of each.
    public var events = BatchEvents.empty
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
    /// The characters (JavaScript string length) of JSON in the batch's data events.
    public var outboxCharacters = 0
}

/// A batch stopped at a message that did not complete (timeout, crash); `completed` holds the messages before it.
public struct BatchFailure: Error {
    public var error: ComponentError
    public var completed: BatchResult
}

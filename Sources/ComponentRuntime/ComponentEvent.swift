/// One event a component emitted, as jshost reports it: the name and the JSON of its argument.
public struct ComponentEvent: Sendable, Equatable {
    public var name: String
    /// JSON text of the event's value; nil for `end`.
    public var json: String?

    public init(name: String, json: String?) {
        self.name = name
        self.json = json
    }

    /// `{"event":"data","data":{…}}`, or `{"event":"end"}`: one line of jshost's output.
    public var jsonLine: String {
        guard let json else { return "{\"event\":\"\(name)\"}" }
        return "{\"event\":\"\(name)\",\"data\":\(json)}"
    }
}

/// What one run of `process` left behind.
public struct RunOutcome: Sendable {
    /// The component emitted `end` (or a return value implied it).
    public var endEmitted: Bool
    /// Error events emitted, including refused snapshots and a failed init.
    public var errorCount: Int
    /// The step's snapshot after the run as JSON, when the run emitted an accepted `snapshot` or `updateSnapshot`;
    /// `"null"` when it cleared it with `emit('snapshot', null)`.
    public var snapshotJSON: String?
    /// The data messages emitted, in order, as JSON: what a commit puts in the outbox.
    public var dataMessages: [String]
    /// `init(cfg)` threw or rejected; `process` was not called.
    public var initFailed: Bool
}

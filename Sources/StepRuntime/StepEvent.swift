import ComponentRuntime
import Foundation
import JSHostCore

/// One event a step's component emitted, as data: what it was, its JSON, where it came from. The command line
/// prints it as a JSON line; a service sends it on.
public struct StepEvent: Sendable, Equatable {
    /// data, snapshot, updateSnapshot, error, rebound, updateKeys, httpReply or end.
    public var kind: String
    /// JSON text of the event's value; nil for `end`.
    public var json: String?
    /// The stream input line of the message it came from, for a stream.
    public var inputLine: Int?
    /// The message it came from.
    public var context: MessageContext

    public init(kind: String, json: String?, inputLine: Int? = nil, context: MessageContext) {
        self.kind = kind
        self.json = json
        self.inputLine = inputLine
        self.context = context
    }

    /// The event as the component emitted it, without where it came from.
    public var componentEvent: ComponentEvent { ComponentEvent(name: kind, json: json) }
}

/// A message for a step: its JSON (sailor's `msg`), and its context.
public struct StepMessage: Sendable {
    public var json: String
    public var context: MessageContext

    public init(json: String, context: MessageContext = .fresh()) {
        self.json = json
        self.context = context
    }
}

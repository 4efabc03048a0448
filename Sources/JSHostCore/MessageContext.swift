import Foundation

/// What identifies a message on its way through a flow, as sailor's wire format carries it in the transport's
/// headers: its id, the id of the message it came from, the thread (the chain of messages from one trigger run),
/// and the other headers. The component's logger records the ids with every line; a worker process gets and sends
/// it as it is (Codable, the same names). A queued message keeps the part of it that outlives the queue
/// (`QueueContext`: thread, parent, headers) and gets its own id when it is taken (`StepMessage(queued:)`).
public struct MessageContext: Sendable, Equatable, Codable {
    public var messageId: String
    public var parentMessageId: String?
    public var threadId: String
    /// The transport's headers of the incoming message, as sailor receives them.
    public var headers: [String: String]

    public init(messageId: String, parentMessageId: String?, threadId: String, headers: [String: String] = [:]) {
        self.messageId = messageId
        self.parentMessageId = parentMessageId
        self.threadId = threadId
        self.headers = headers
    }

    /// A message that starts a thread of its own: what a run from the command line or a schedule gets.
    public static func fresh() -> MessageContext {
        MessageContext(messageId: newID(), parentMessageId: newID(), threadId: newID())
    }

    public static func newID() -> String { RandomUUID.make() }
}

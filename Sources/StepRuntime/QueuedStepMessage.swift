import JSHostCore
import SnapshotStore

extension StepMessage {
    /// A queued message as its step runs it: its id (the same on every attempt), the thread and headers it was
    /// queued with.
    public init(queued: QueuedMessage) {
        let fresh = MessageContext.fresh()
        self.init(json: queued.json, context: MessageContext(
            messageId: queued.messageID, parentMessageId: queued.context.parentMessageId ?? fresh.parentMessageId,
            threadId: queued.context.threadId ?? fresh.threadId, headers: queued.context.headers))
    }
}

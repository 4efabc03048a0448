import Foundation

/// The headers of every message sailor sends for an incoming one (`lib/sailor.js` `outgoingMessageHeaders`): the
/// incoming step, thread, message, parent and reply-to headers and every `x-eio-meta-*` (lower-cased), the
/// additional variables, then its own: the new message's id, the incoming message's id as its parent, the thread,
/// the execution, task (the flow), workspace, container, user, step, component and function, and the start time.
public enum OutgoingHeaders {
    static let carried: Set<String> = ["stepId", "threadId", "messageId", "parentMessageId", "reply_to"]

    /// `newID` makes the outgoing message's id (and a thread id when the incoming message has none).
    public static func make(incoming: [(name: String, value: HeaderValue)], settings: SailorSettings, startedAt: Date,
                            newID: () -> String = MessageID.make) -> [(name: String, value: HeaderValue)] {
        var headers: [(name: String, value: HeaderValue)] = []
        func set(_ name: String, _ value: HeaderValue) {
            if let index = headers.firstIndex(where: { $0.name == name }) { headers[index].value = value } else { headers.append((name, value)) }
        }
        for (name, value) in incoming {
            if carried.contains(name) {
                set(name, value)
            } else if name.lowercased().hasPrefix("x-eio-meta-") {
                set(name.lowercased(), value)
            }
        }
        for (name, value) in settings.additionalHeaders { set(name, .text(value)) }
        let incomingID = incoming.last { $0.name == "messageId" }?.value
        let thread = incoming.last { $0.name == "threadId" }?.value
            ?? incoming.last { $0.name.lowercased() == "x-eio-meta-trace-id" }?.value
            ?? .text(newID())
        if let incomingID { set("parentMessageId", incomingID) }
        set("threadId", thread)
        set("messageId", .text(newID()))
        set("execId", .text(settings.execID))
        set("taskId", .text(settings.flowID))
        set("workspaceId", .text(settings.workspaceID))
        set("containerId", .text(settings.containerID))
        set("userId", .text(settings.userID))
        set("stepId", .text(settings.stepID))
        set("compId", .text(settings.compID))
        set("function", .text(settings.function))
        set("start", .number(Int64((startedAt.timeIntervalSince1970 * 1000).rounded(.down))))
        return headers
    }
}

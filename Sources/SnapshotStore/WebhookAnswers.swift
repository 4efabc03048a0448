import Foundation

/// Answers for webhook callers that wait on one host while their execution runs on another (hosts sharing a
/// store): the host that took the request says a caller waits, the host that ends the execution gives the answer,
/// and the waiting host takes it. The first answer given wins, as on one host.
public protocol WebhookAnswerKeeping: Sendable {
    /// A caller waits for the thread's answer.
    func awaitAnswer(thread: String) async throws
    /// Whether a caller waits for the thread and was not answered yet.
    func isAnswerAwaited(thread: String) async throws -> Bool
    /// Gives the thread its answer if a caller waits and none was given; whether it was taken.
    @discardableResult
    func offerAnswer(thread: String, answer: String) async throws -> Bool
    /// The thread's answer once given (and the thread forgotten); nil until then.
    func takeAnswer(thread: String) async throws -> String?
    /// The caller stopped waiting (answered on its own host, or timed out).
    func forgetAnswer(thread: String) async throws
}

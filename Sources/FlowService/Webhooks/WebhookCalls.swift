import Flows
import Foundation
import JSHostCore
import Logging
import SnapshotStore
import StepRuntime
import HTTPTypes

/// A webhook call: the caller checked, the request queued durably as the first step's message, and the caller
/// waiting for its answer (`WebhookAnswers`).
extension FlowService {
    /// Whether a started flow answers webhook calls at this id.
    func answersWebhook(_ flowID: String) -> Bool {
        guard ready, !stopping, let flow = flows[flowID], active.contains(flowID), case .webhook = flow.trigger else { return false }
        return true
    }

    /// A webhook call: the request becomes the first step's message, queued durably; the caller gets the reply
    /// of the first step that sends one, the first failure, the platform's thank-you once nothing of the
    /// execution is left, or a 504 after the timeout.
    func webhook(_ flowID: String, _ request: WebhookMessage, header: (String) -> String?) async -> WebhookReply {
        guard !stopping else { return .json(503, Self.errorDocument(503, FlowControlError.stopping.message)) }
        guard ready else { return .json(503, Self.errorDocument(503, Self.startingMessage), headers: [("retry-after", "1")]) }
        guard let flow = flows[flowID], active.contains(flowID), case .webhook = flow.trigger else {
            return .json(404, Self.errorDocument(404, FlowControlError.notFound(flowID).message))
        }
        switch WebhookAuth.from(credentialsJSON: flow.triggerCredentialsJSON) {
        case .failure(let problem):
            parts.logger.error("the webhook of flow \(flowID) cannot check callers: \(problem.message)", metadata: ["flow": "\(flowID)"])
            return .json(500, Self.errorDocument(500, "the webhook's authentication is misconfigured: \(problem.message); fix the trigger step's credentials"))
        case .success(let auth):
            guard auth.admits(header: header, body: request.body) else {
                return .json(401, Self.errorDocument(401, "the request is not authorized for flow \(flowID)"),
                             headers: auth.challenge.map { [("www-authenticate", $0)] } ?? [])
            }
        }
        let json: String
        do {
            json = try request.json()
        } catch {
            return .json(error.status, Self.errorDocument(error.status, error.detail), headers: error.headers.map { ($0.0.canonicalName, $0.1) })
        }
        let thread = request.requestID
        let waiters = parts.answers.waiters
        waiters.expect(thread)
        let shared = parts.store.capabilities.sharedByHosts
        do {
            // On a shared store another host may end the execution: it answers through the store.
            if shared { try await parts.store.awaitAnswer(thread: thread) }
            try await enqueue(flow, json: json, thread: thread, source: "webhook:\(thread)")
        } catch {
            waiters.forget(thread)
            if shared { try? await parts.store.forgetAnswer(thread: thread) }
            // A full disk or a store away: nothing was queued, and the caller may send it again shortly.
            if let full = StoreFailures.diskFull(error) {
                return .json(503, Self.errorDocument(503, "cannot queue the request for flow \(flowID): \(full)"), headers: [("retry-after", "5")])
            }
            if (error as? SnapshotStoreError)?.code == .unavailable {
                return .json(503, Self.errorDocument(503, "cannot queue the request for flow \(flowID): \(error)"), headers: [("retry-after", "5")])
            }
            return .json(500, Self.errorDocument(500, "cannot queue the request for flow \(flowID): \(error)"))
        }
        let fromOtherHosts = parts.answers.fromOtherHosts(thread)
        let answered = await waiters.wait(thread, timeout: parts.configuration.webhookTimeout)
        if let fromOtherHosts {
            fromOtherHosts.cancel()
            try? await parts.store.forgetAnswer(thread: thread)
        }
        guard let reply = answered else {
            return .json(504, Self.errorDocument(504, "flow \(flowID) did not answer within \(parts.configuration.webhookTimeout); the request stays queued and will run"),
                         headers: [("x-execution-id", thread)])
        }
        return reply
    }

    /// A JSON:API error document, as every error the service answers has.
    static func errorDocument(_ status: Int, _ message: String) -> String {
        ApiRefusal(status: status, detail: message).json
    }

    static let startingMessage = "the service is starting its flows; try again in a moment"
}

extension WebhookAuth {
    /// The WWW-Authenticate challenge a refused caller gets.
    var challenge: String? {
        if case .basic = self { return #"Basic realm="jshost""# }
        return nil
    }
}

import Flows
import Foundation
import JSHostCore
import Logging
import SnapshotStore
import StepRuntime

/// A webhook call: the caller checked, the request queued durably as the first step's message, and the caller
/// waiting for its answer (`WebhookAnswers`).
extension FlowService {
    /// Whether a started flow answers webhook calls at this id.
    package func answersWebhook(_ flowID: String) -> Bool {
        guard ready, !stopping, let flow = flows[flowID], active.contains(flowID), case .webhook = flow.trigger else { return false }
        return true
    }

    /// A webhook call: the request becomes the first step's message, queued durably; the caller gets the reply
    /// of the first step that sends one, the first failure, the platform's thank-you once nothing of the
    /// execution is left, or nothing within the timeout (`timedOut`: the request stays queued and runs). The
    /// caller is checked (`header`, `body`) before its request is read into a message (`message`).
    package func callWebhook(_ flowID: String, requestID thread: String, header: (String) -> String?, body: [UInt8],
                             message: () throws -> String) async -> WebhookOutcome {
        guard !stopping else { return .refused(WebhookRefusal(.stopping, FlowControlError.stopping.message)) }
        guard ready else { return .refused(WebhookRefusal(.starting, Self.startingMessage)) }
        guard let flow = flows[flowID], active.contains(flowID), case .webhook = flow.trigger else {
            return .refused(WebhookRefusal(.notFound, FlowControlError.notFound(flowID).message))
        }
        switch WebhookAuth.from(credentialsJSON: flow.triggerCredentialsJSON) {
        case .failure(let problem):
            parts.logger.error("the webhook of flow \(flowID) cannot check callers: \(problem.message)", metadata: ["flow": "\(flowID)"])
            return .refused(WebhookRefusal(.misconfigured, "the webhook's authentication is misconfigured: \(problem.message); fix the trigger step's credentials"))
        case .success(let auth):
            guard auth.admits(header: header, body: body) else {
                var refusal = WebhookRefusal(.unauthorized, "the request is not authorized for flow \(flowID)")
                refusal.challenge = auth.challenge
                return .refused(refusal)
            }
        }
        let json: String
        do {
            json = try message()
        } catch {
            var refusal = WebhookRefusal(.unreadable, "\(error)")
            refusal.underlying = error
            return .refused(refusal)
        }
        let waiters = parts.answers.waiters
        waiters.expect(thread)
        let shared = parts.store.capabilities.sharedByHosts
        if !shared, flow.starts.count == 1, let lane = (parts.broker as? StoreQueues)?.lane {
            return await callThroughLane(lane, flow, json: json, thread: thread)
        }
        do {
            // On a shared store another host may end the execution: it answers through the store.
            if shared { try await parts.store.awaitAnswer(thread: thread) }
            try await enqueue(flow, json: json, thread: thread, source: "webhook:\(thread)")
        } catch {
            waiters.forget(thread)
            if shared { try? await parts.store.forgetAnswer(thread: thread) }
            // A full disk or a store away: nothing was queued, and the caller may send it again shortly.
            if let full = StoreFailures.diskFull(error) {
                return .refused(WebhookRefusal(.storeUnavailable, "cannot queue the request for flow \(flowID): \(full)"))
            }
            if (error as? SnapshotStoreError)?.code == .unavailable {
                return .refused(WebhookRefusal(.storeUnavailable, "cannot queue the request for flow \(flowID): \(error)"))
            }
            return .refused(WebhookRefusal(.storeFailed, "cannot queue the request for flow \(flowID): \(error)"))
        }
        let fromOtherHosts = parts.answers.fromOtherHosts(thread)
        let answered = await waiters.wait(thread, timeout: parts.configuration.webhookTimeout)
        if let fromOtherHosts {
            fromOtherHosts.cancel()
            try? await parts.store.forgetAnswer(thread: thread)
        }
        guard let reply = answered else {
            return .timedOut(executionID: thread,
                             message: "flow \(flowID) did not answer within \(parts.configuration.webhookTimeout); the request stays queued and will run")
        }
        return .answered(reply)
    }

    package static let startingMessage = "the service is starting its flows; try again in a moment"

    /// The request goes to the first step from memory (`WebhookLane`); what its step has not committed once the
    /// caller stops waiting is queued durably then, so the caller's answer stays true.
    private func callThroughLane(_ lane: WebhookLane, _ flow: ServedFlow, json: String, thread: String) async -> WebhookOutcome {
        let key = flow.document.key(flow.starts[0])
        let id = lane.offer(json, to: key, context: QueueContext(threadId: thread), source: "webhook:\(thread)")
        parts.wake([key])
        let answered = await parts.answers.waiters.wait(thread, timeout: parts.configuration.webhookTimeout)
        switch await lane.withdraw(id, of: key) {
        case .committed:
            break
        case .refused(let reason):
            lane.remove([id], of: key)
            return .refused(WebhookRefusal(.storeUnavailable, "cannot queue the request for flow \(flow.id): \(reason)"))
        case .toQueue(let left):
            defer { lane.remove([id], of: key) }
            do {
                try await parts.committer.enqueue([ForwardedMessage(to: key, json: left.json, context: left.context)], source: left.fromRun)
                parts.wake([key])
                parts.logger.info("webhook request \(thread) had not run when its caller stopped waiting; it is queued",
                                  metadata: ["flow": "\(flow.id)"])
            } catch {
                parts.logger.error("the webhook request \(thread) of flow \(flow.id) did not run and cannot be queued: \(error)",
                                   metadata: ["flow": "\(flow.id)"])
                // Nothing is queued: a caller that has no answer yet may send it again.
                if answered == nil {
                    return .refused(WebhookRefusal(.storeFailed, "cannot queue the request for flow \(flow.id): \(StoreFailures.diskFull(error) ?? "\(error)")"))
                }
            }
        }
        guard let reply = answered else {
            return .timedOut(executionID: thread,
                             message: "flow \(flow.id) did not answer within \(parts.configuration.webhookTimeout); the request stays queued and will run")
        }
        return .answered(reply)
    }
}

extension WebhookAuth {
    /// The WWW-Authenticate challenge a refused caller gets.
    var challenge: String? {
        if case .basic = self { return #"Basic realm="jshost""# }
        return nil
    }
}

/// How a webhook call ended.
package enum WebhookOutcome: Sendable {
    /// A step's reply, a step's failure, or the platform's thank-you.
    case answered(WebhookReply)
    /// No execution: the service, the flow, the caller or the store said no.
    case refused(WebhookRefusal)
    /// Nothing answered in time; the execution goes on.
    case timedOut(executionID: String, message: String)
}

/// Why a webhook call started no execution.
package struct WebhookRefusal: Error, Sendable {
    package enum Kind: Sendable {
        case stopping, starting, notFound, misconfigured, unauthorized, unreadable, storeUnavailable, storeFailed
    }
    package var kind: Kind
    package var message: String
    /// For `unauthorized`: the challenge the caller is sent (WWW-Authenticate).
    package var challenge: String?
    /// For `unreadable`: what reading the request's body threw.
    package var underlying: (any Error & Sendable)?

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

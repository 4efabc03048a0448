import Foundation
import JSHostCore
import SnapshotStore

// What the service keeps beside the steps: API keys, credentials, flow states, webhook answers.

extension MemorySnapshotStore: ApiKeyKeeping {
    public func createApiKey(_ name: String, role: ApiKey.Role, replace: Bool) async throws -> ApiKeyCreation {
        let secret = ApiKey.makeSecret()
        return transaction { state in
            let existing = state.apiKeys[name]?.key
            if let existing, !replace { return .exists(existing) }
            // Only the secret's hash is kept, as in the other stores.
            state.apiKeys[name] = MemoryState.KeyRow(key: ApiKey(name: name, role: role, createdAt: Date()), hash: Digests.sha256(secret))
            return .made(secret: secret, replaced: existing)
        }
    }

    public func apiKeys() async throws -> [ApiKey] {
        transaction { $0.apiKeys.values.map(\.key).sorted { $0.name < $1.name } }
    }

    @discardableResult
    public func deleteApiKey(_ name: String) async throws -> Bool {
        transaction { $0.apiKeys.removeValue(forKey: name) != nil }
    }

    public func apiKey(secret: String) async throws -> ApiKey? {
        let hash = Digests.sha256(secret)
        return transaction { $0.apiKeys.values.first { $0.hash == hash }?.key }
    }

    public func hasApiKeys() async throws -> Bool {
        transaction { !$0.apiKeys.isEmpty }
    }
}

extension MemorySnapshotStore: CredentialKeeping {
    public func credentials(_ id: String) async throws -> StoredCredentials? {
        transaction { $0.credentials[id] }
    }

    public func allCredentials() async throws -> [StoredCredentials] {
        transaction { $0.credentials.values.sorted { $0.id < $1.id } }
    }

    public func setCredentials(_ id: String, keysJSON: String) async throws {
        guard (try? JSONSyntax.members(keysJSON)) != nil else {
            throw SnapshotStoreError.invalidJSON("credentials must be a JSON object of keys")
        }
        transaction { $0.credentials[id] = StoredCredentials(id: id, keysJSON: keysJSON, updatedAt: Date()) }
    }

    @discardableResult
    public func deleteCredentials(_ id: String) async throws -> Bool {
        transaction { $0.credentials.removeValue(forKey: id) != nil }
    }
}

extension MemorySnapshotStore: FlowStateKeeping {
    public func flowState(_ flow: String) async throws -> FlowState? {
        transaction { $0.flowStates[flow] }
    }

    public func setFlowStatus(_ flow: String, _ status: String?) async throws {
        updateFlowState(flow) { $0.status = status }
    }

    public func setStartupData(_ flow: String, _ json: String?) async throws {
        updateFlowState(flow) { $0.startupData = json }
    }

    private func updateFlowState(_ flow: String, _ change: (inout FlowState) -> Void) {
        transaction { state in
            var flowState = state.flowStates[flow] ?? FlowState(flow: flow, status: nil, startupData: nil, updatedAt: Date())
            change(&flowState)
            flowState.updatedAt = Date()
            state.flowStates[flow] = flowState
        }
    }
}

extension MemorySnapshotStore: WebhookAnswerKeeping {
    public func awaitAnswer(thread: String) async throws {
        transaction { state in
            if state.answers[thread] == nil { state.answers[thread] = MemoryState.Answer(answer: nil, createdAt: Date()) }
        }
    }

    public func isAnswerAwaited(thread: String) async throws -> Bool {
        transaction { state in state.answers[thread].map { $0.answer == nil } ?? false }
    }

    @discardableResult
    public func offerAnswer(thread: String, answer: String) async throws -> Bool {
        transaction { state in
            guard state.answers[thread].map({ $0.answer == nil }) ?? false else { return false }
            state.answers[thread]?.answer = answer
            return true
        }
    }

    public func takeAnswer(thread: String) async throws -> String? {
        transaction { state in
            guard let answer = state.answers[thread]?.answer else { return nil }
            state.answers[thread] = nil
            return answer
        }
    }

    public func forgetAnswer(thread: String) async throws {
        transaction { $0.answers[thread] = nil }
    }
}

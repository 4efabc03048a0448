import Flows
import Foundation
import JSHostCore
import Logging
import SnapshotStore
import StepRuntime

extension FlowService {
    /// An account's keys changed (an `updateKeys` event): merged over the kept ones, and every step that uses the
    /// account gets the new cfg from its next message on.
    func updateKeys(credentials id: String, keysJSON: String) async {
        let current = (try? await parts.store.credentials(id))?.keysJSON ?? "{}"
        guard let old = try? JSONSyntax.members(current), let new = try? JSONSyntax.members(keysJSON) else {
            parts.logger.error("updateKeys for credentials \(id) is not a JSON object; the keys stay as they were")
            return
        }
        let names = Set(new.map(\.name))
        let merged = JSONObjectText.make(old.filter { !names.contains($0.name) } + new)
        do {
            try await parts.store.setCredentials(id, keysJSON: merged)
        } catch {
            parts.logger.error("cannot keep the updated keys of credentials \(id): \(error)")
            return
        }
        let account = try? await parts.store.credentials(id)
        for dispatcher in parts.dispatchers.all where dispatcher.credentialsID == id {
            var step = dispatcher.workerStep
            step.cfgJSON = StepConfiguration.cfg(fieldsJSON: dispatcher.fieldsJSON, credentials: account)
            dispatcher.update(step)
        }
        parts.logger.info("credentials updated by updateKeys", metadata: ["credentials": "\(id)"])
    }
}

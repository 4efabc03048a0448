import Foundation
import JSHostCore
import SnapshotStore

/// Snapshots changed by hand while the service runs (the API's edits, rollbacks and imports), through the store's
/// editing role: an edit that finds its step's lease held is tried again for a moment, and each change made is
/// published on the change feed by the operation that made it.
package struct ManualSnapshotChanges: Sendable {
    let store: any ServiceStore
    let feed: ChangeFeed

    /// Applies one change (set, reset, rollback) and publishes it.
    package func apply(_ change: ManualChange) async throws -> StepState {
        let state = try await Self.whenIdle { try await store.apply(change) }
        publish(flow: change.key.flow, step: change.key.step, editor: change.editor)
        return state
    }

    /// Imports a flow's snapshots, all or none, and publishes the flow's change.
    package func importSnapshots(_ items: [ExportedSnapshot], flow: String, editor: Editor, reason: String?) async throws -> Int {
        let count = try await Self.whenIdle { try await store.importSnapshots(items, editor: editor, reason: reason) }
        publish(flow: flow, step: nil, editor: editor)
        return count
    }

    private func publish(flow: String, step: String?, editor: Editor) {
        let stepJSON = step.map(JSONString.quote) ?? "null"
        feed.publish("change", #"{"flow":\#(JSONString.quote(flow)),"step":\#(stepJSON),"editor":\#(JSONString.quote(editor.name))}"#)
    }

    /// A step that has just finished keeps its lease briefly (`StepDispatcher.leaseLinger`, on this host or
    /// another), and a person who saves right after a run must not be told it is running: an edit that finds the
    /// lease held is tried again until a moment past that. A step still busy after that is `stepBusy`.
    static func whenIdle<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + StepDispatcher.leaseLinger + .seconds(1)
        while true {
            do {
                return try await body()
            } catch let error as SnapshotStoreError where error.code == .stepBusy && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}

extension FlowService {
    /// Manual changes of the served flows' snapshots.
    package nonisolated var snapshotChanges: ManualSnapshotChanges { ManualSnapshotChanges(store: parts.store, feed: parts.feed) }
}

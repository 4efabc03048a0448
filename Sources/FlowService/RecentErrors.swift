import Foundation
import SnapshotStore
import JSHostCore
import Synchronization

/// The last errors of each step, as its runs emitted them, and the messages its edge's mapper made for it, for
/// the API's recent runs. Runs are kept in the store with their error counts; these texts are kept here only, so a
/// restart forgets them.
package final class RecentErrors: Sendable {
    package struct Entry: Sendable {
        package enum Kind: Sendable { case error, received }
        package var runID: String
        package var at: Date
        /// The error as the component emitted it, or the mapped message the run received: JSON.
        package var json: String
        package var kind: Kind = .error
    }

    /// A mapped message larger than this is kept as its size only.
    package static let keptMessageBytes = 64 * 1024

    package func recordReceived(_ key: StepKey, runID: String, message: String, at: Date = Date()) {
        let json = message.utf8.count <= Self.keptMessageBytes ? message : #"{"omitted":true,"bytes":\#(message.utf8.count)}"#
        keep(key, [Entry(runID: runID, at: at, json: json, kind: .received)])
    }

    package static let keptPerStep = 20
    private let byStep = Mutex<[StepKey: [Entry]]>([:])

    package func record(_ key: StepKey, runID: String, errors: [String], at: Date = Date()) {
        guard !errors.isEmpty else { return }
        keep(key, errors.map { Entry(runID: runID, at: at, json: $0) })
    }

    private func keep(_ key: StepKey, _ added: [Entry]) {
        byStep.withLock { byStep in
            var entries = byStep[key, default: []]
            entries.append(contentsOf: added)
            if entries.count > Self.keptPerStep { entries.removeFirst(entries.count - Self.keptPerStep) }
            byStep[key] = entries
        }
    }

    /// The step's kept errors by run id.
    package func errors(_ key: StepKey) -> [String: [Entry]] {
        byStep.withLock { Dictionary(grouping: $0[key] ?? [], by: \.runID) }
    }
}

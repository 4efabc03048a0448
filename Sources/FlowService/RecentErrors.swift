import Foundation
import SnapshotStore

/// The last errors of each step, as its runs emitted them, for the API's recent runs. Runs are kept in the store
/// with their error counts; the errors' text is kept here only, so a restart forgets it.
final class RecentErrors: @unchecked Sendable {
    struct Entry: Sendable {
        var runID: String
        var at: Date
        /// The error as the component emitted it, JSON.
        var json: String
    }

    static let keptPerStep = 20
    private let lock = NSLock()
    private var byStep: [StepKey: [Entry]] = [:]

    func record(_ key: StepKey, runID: String, errors: [String], at: Date = Date()) {
        guard !errors.isEmpty else { return }
        lock.withLock {
            var entries = byStep[key, default: []]
            entries.append(contentsOf: errors.map { Entry(runID: runID, at: at, json: $0) })
            if entries.count > Self.keptPerStep { entries.removeFirst(entries.count - Self.keptPerStep) }
            byStep[key] = entries
        }
    }

    /// The step's kept errors by run id.
    func errors(_ key: StepKey) -> [String: [Entry]] {
        lock.withLock { Dictionary(grouping: byStep[key] ?? [], by: \.runID) }
    }
}

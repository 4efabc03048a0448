import Foundation
import JSHostCore
import SnapshotStore

extension MemorySnapshotStore: StoreMaintaining {
    public func prune(_ policy: RetentionPolicy, now: Date, dryRun: Bool) async throws -> PruneReport {
        transaction { state in
            var report = PruneReport()
            let oldRuns = state.runsBeyond(policy, now: now)
            let oldOutbox = Set(state.outbox.filter { oldRuns.contains($0.runID) || state.delivered.contains($0.seq) }.map(\.seq))
            let oldAnswers = state.answers.filter { $0.value.createdAt.timeIntervalSince(now) < -policy.answerAge }.map(\.key)
            let oldIDs = state.consumedBeyond(policy, now: now)
            report.runs = oldRuns.count
            report.outboxRows = oldOutbox.count
            report.webhookAnswers = oldAnswers.count
            report.messageIDs = oldIDs.values.reduce(0) { $0 + $1.count }
            guard !dryRun else { return report }
            state.runs.removeAll { oldRuns.contains($0.record.id) }
            state.outbox.removeAll { oldOutbox.contains($0.seq) }
            state.delivered.subtract(oldOutbox)
            for seq in oldOutbox { state.acknowledged[seq] = nil }
            for thread in oldAnswers { state.answers[thread] = nil }
            for (key, ids) in oldIDs { for id in ids { state.consumed[key]?[id] = nil } }
            return report
        }
    }

    /// The tables as the other stores name them, their rows, and the bytes of the text they hold.
    public func tableSizes() async throws -> [TableSize] {
        transaction { state in
            func size(_ table: String, _ rows: Int, _ bytes: Int) -> TableSize { TableSize(table: table, rows: rows, bytes: Int64(bytes)) }
            let versions = state.versions.values.joined()
            return [
                size("api_key", state.apiKeys.count, state.apiKeys.values.reduce(0) { $0 + $1.key.name.utf8.count + $1.hash.utf8.count }),
                size("audit", state.audit.count, state.audit.reduce(0) { $0 + $1.action.utf8.count + $1.editor.name.utf8.count + ($1.reason?.utf8.count ?? 0) }),
                size("consumed_message", state.consumed.values.reduce(0) { $0 + $1.count },
                     state.consumed.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.key.utf8.count + $1.value.runID.utf8.count } }),
                size("credential", state.credentials.count, state.credentials.values.reduce(0) { $0 + $1.keysJSON.utf8.count }),
                size("flow_state", state.flowStates.count, state.flowStates.values.reduce(0) { $0 + ($1.startupData?.utf8.count ?? 0) }),
                size("lease", state.leases.count, state.leases.count * MemoryState.rowOverhead),
                size("outbox", state.outbox.count, state.outbox.reduce(0) { $0 + $1.messages.reduce(0) { $0 + $1.utf8.count } }),
                size("run", state.runs.count, state.runs.reduce(0) { $0 + $1.record.id.utf8.count + $1.record.inputHash.utf8.count + MemoryState.rowOverhead }),
                size("snapshot_version", versions.count, versions.reduce(0) { $0 + $1.bytes + MemoryState.rowOverhead }),
                size("step_queue", state.queue.count, state.queue.reduce(0) { $0 + $1.message.json.utf8.count + MemoryState.rowOverhead }),
                size("step_snapshot", state.steps.count, state.steps.values.reduce(0) { $0 + ($1.json?.utf8.count ?? 0) + MemoryState.rowOverhead }),
                size("webhook_answer", state.answers.count, state.answers.reduce(0) { $0 + $1.key.utf8.count + ($1.value.answer?.utf8.count ?? 0) }),
            ]
        }
    }

    /// Pruning frees memory right away: nothing for the operator to do.
    public func pruningAdvice() async throws -> String? { nil }
}

extension MemoryState {
    /// What a row's fixed fields take, roughly: counted so that a table of small rows does not read as empty.
    static let rowOverhead = 64

    /// The ids of runs beyond the policy: older than its age, or past the newest `runsPerStep` of their step.
    func runsBeyond(_ policy: RetentionPolicy, now: Date) -> Set<String> {
        var old = Set(runs.filter { $0.record.endedAt.timeIntervalSince(now) < -policy.runAge }.map(\.record.id))
        for rows in Dictionary(grouping: runs, by: \.record.key).values {
            let newestFirst = rows.sorted { ($0.record.endedAt, $0.rowID) > ($1.record.endedAt, $1.rowID) }
            old.formUnion(newestFirst.dropFirst(policy.runsPerStep).map(\.record.id))
        }
        return old
    }

    /// Consumed message ids beyond the policy, by step: older than its age, or past the newest `messageIDsPerStep`.
    func consumedBeyond(_ policy: RetentionPolicy, now: Date) -> [StepKey: [String]] {
        consumed.compactMapValues { ids in
            let newestFirst = ids.sorted { $0.value.at > $1.value.at }
            let old = newestFirst.enumerated()
                .filter { $0.offset >= policy.messageIDsPerStep || $0.element.value.at.timeIntervalSince(now) < -policy.messageIDAge }
                .map(\.element.key)
            return old.isEmpty ? nil : old
        }
    }
}

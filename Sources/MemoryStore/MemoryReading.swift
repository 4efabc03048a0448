import Foundation
import JSHostCore
import SnapshotStore

extension MemorySnapshotStore: SnapshotReading {
    public func get(_ key: StepKey) async throws -> StoredSnapshot? {
        transaction { $0.steps[key]?.snapshot }
    }

    public func state(_ key: StepKey) async throws -> StepState? {
        transaction { $0.steps[key] }
    }

    public func list(flow: String?) async throws -> [StoredSnapshot] {
        transaction { state in
            state.steps.values.compactMap { step in flow == nil || step.key.flow == flow ? step.snapshot : nil }
                .sorted { ($0.key.flow, $0.key.step) < ($1.key.flow, $1.key.step) }
        }
    }

    public func history(_ key: StepKey) async throws -> [SnapshotVersion] {
        transaction { ($0.versions[key] ?? []).reversed() }
    }

    public func version(_ key: StepKey, _ version: Int) async throws -> SnapshotVersion? {
        transaction { $0.versions[key]?.first { $0.version == version } }
    }

    public func audit(_ key: StepKey?) async throws -> [AuditEntry] {
        transaction { state in key.map { key in state.audit.filter { $0.key == key } } ?? state.audit }
    }

    public func runs(_ key: StepKey) async throws -> [RunRecord] {
        transaction { $0.runs(of: key).map(\.record) }
    }

    public func recentRuns(_ key: StepKey, limit: Int) async throws -> [RunRecord] {
        transaction { Array($0.runs(of: key).reversed().prefix(max(limit, 0)).map(\.record)) }
    }

    public func outbox(runID: String) async throws -> [String] {
        transaction { $0.outbox.first { $0.runID == runID }?.messages ?? [] }
    }

    public func outboxLines(_ key: StepKey) async throws -> [(line: Int?, message: String)] {
        transaction { state in
            state.outbox.filter { $0.key == key }.flatMap { row in
                row.messages.indices.map { index in (line: row.inputLines?[index], message: row.messages[index]) }
            }
        }
    }

    public func inputPosition(_ key: StepKey, stream: String) async throws -> Int? {
        transaction { $0.inputPositions[key]?[stream] }
    }

    public func lease(_ key: StepKey) async throws -> Lease? {
        transaction { $0.leases[key]?.holder }
    }
}

extension MemoryState {
    /// A step's runs, oldest first: by their end, then by when they were committed.
    func runs(of key: StepKey) -> [RunRow] {
        runs.filter { $0.record.key == key }.sorted { ($0.record.endedAt, $0.rowID) < ($1.record.endedAt, $1.rowID) }
    }
}

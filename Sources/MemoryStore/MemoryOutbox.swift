import Foundation
import JSHostCore
import SnapshotStore

extension MemorySnapshotStore: OutboxDraining {
    public func pendingMessages(after position: OutboxPosition, limit: Int) async throws -> [OutboxMessage] {
        guard limit > 0 else { return [] }
        return transaction { state in
            var found: [OutboxMessage] = []
            for row in state.outbox where row.seq >= position.commit && !state.delivered.contains(row.seq) {
                let acknowledged = state.acknowledged[row.seq] ?? []
                for (index, json) in row.messages.enumerated() {
                    let at = OutboxPosition(commit: row.seq, index: index)
                    guard at > position, !acknowledged.contains(index) else { continue }
                    found.append(OutboxMessage(position: at, key: row.key, runID: row.runID, inputLine: row.inputLines?[index], json: json))
                    if found.count == limit { return found }
                }
            }
            return found
        }
    }

    public func acknowledge(_ positions: [OutboxPosition]) async throws {
        guard !positions.isEmpty else { return }
        transaction { state in
            for (commit, inCommit) in Dictionary(grouping: positions, by: \.commit) {
                guard !state.delivered.contains(commit), let row = state.outbox.first(where: { $0.seq == commit }) else { continue }
                for position in inCommit where row.messages.indices.contains(position.index) {
                    state.acknowledged[commit, default: []].insert(position.index)
                }
                // A commit whose every message is delivered is marked once, and its acknowledgements let go.
                if state.acknowledged[commit]?.count == row.messages.count {
                    state.delivered.insert(commit)
                    state.acknowledged[commit] = nil
                }
            }
        }
    }
}

import Foundation
import JSHostCore
import SnapshotStore

extension MemorySnapshotStore: QueuePublishing {
    public func claimUnpublished(for keys: [StepKey], claim: Duration, limit: Int) async throws -> [QueuedMessage] {
        let wanted = Set(keys)
        return transaction { state in
            let now = Date()
            var claimed: [QueuedMessage] = []
            for index in state.queue.indices where claimed.count < limit {
                let row = state.queue[index]
                guard !row.published, wanted.contains(row.message.key), row.claimedUntil.map({ $0 < now }) ?? true else { continue }
                state.queue[index].claimedUntil = now.addingTimeInterval(claim.inSeconds)
                claimed.append(row.message)
            }
            return claimed
        }
    }

    public func markPublished(_ ids: [Int64]) async throws {
        let marked = Set(ids)
        transaction { state in
            for index in state.queue.indices where marked.contains(state.queue[index].message.id) { state.queue[index].published = true }
        }
    }

    public func releaseClaims(_ ids: [Int64]) async throws {
        let released = Set(ids)
        transaction { state in
            for index in state.queue.indices where released.contains(state.queue[index].message.id) && !state.queue[index].published {
                state.queue[index].claimedUntil = nil
            }
        }
    }

    public func stillQueued(_ ids: [Int64]) async throws -> Set<Int64> {
        let asked = Set(ids)
        return transaction { state in Set(state.queue.lazy.map(\.message.id).filter(asked.contains)) }
    }
}

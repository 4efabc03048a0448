import Foundation
import PostgresNIO
import SnapshotStore
import JSHostCore

extension PostgresSnapshotStore: GroupCommitting {
    public func writeTogether(_ writes: [StoreWrite]) async throws -> [Result<StoreWriteResult, any Error>] {
        let checked = StoreWrite.checked(writes, against: limit)
        let steps = writes.flatMap { write -> [StepKey] in
            if case .runs(let runs) = write { return runs.map(\.key) }
            return []
        }
        return try await transaction { [self] connection in
            // Every step's lock first, in order: two hosts' group commits can then never wait for each other's.
            try await Self.lockSteps(connection, steps, logger: logger)
            let now = Date()
            var results: [Result<StoreWriteResult, any Error>] = []
            for entry in checked {
                guard case .success(let write) = entry else {
                    if case .failure(let error) = entry { results.append(.failure(error)) }
                    continue
                }
                // Each write stands alone: a refused one is rolled back to its savepoint, the others stay.
                try await connection.query("SAVEPOINT write", logger: logger)
                do {
                    switch write {
                    case .runs(let runs):
                        var receipts: [CommitReceipt] = []
                        for run in runs { receipts.append(try await commit(connection, run)) }
                        results.append(.success(.committed(receipts)))
                    case .enqueue(let messages, let source):
                        var ids: [Int64] = []
                        for message in messages { ids.append(try await Self.insert(connection, message, from: source, at: now, logger: logger)) }
                        results.append(.success(.enqueued(ids)))
                    }
                    try await connection.query("RELEASE SAVEPOINT write", logger: logger)
                } catch let error as SnapshotStoreError {
                    try await connection.query("ROLLBACK TO SAVEPOINT write", logger: logger)
                    results.append(.failure(error))
                }
            }
            return results
        }
    }
}

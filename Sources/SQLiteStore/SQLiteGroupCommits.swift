import SnapshotStore
import Foundation
import GRDB

extension SQLiteSnapshotStore: GroupCommitting {
    public func writeTogether(_ writes: [StoreWrite]) async throws -> [Result<StoreWriteResult, any Error>] {
        let checked = StoreWrite.checked(writes, against: limit)
        return try await database.write { [self] db in
            let now = Date()
            return try checked.map { entry -> Result<StoreWriteResult, any Error> in
                guard case .success(let write) = entry else {
                    if case .failure(let error) = entry { return .failure(error) }
                    return .failure(SnapshotStoreError.invalidJSON("unreachable"))
                }
                var result: Result<StoreWriteResult, any Error> = .failure(SnapshotStoreError.invalidJSON("unreachable"))
                do {
                    try db.inSavepoint {
                        switch write {
                        case .runs(let runs):
                            result = .success(.committed(try runs.map { try commit(db, $0) }))
                        case .enqueue(let messages, let source):
                            result = .success(.enqueued(try messages.map { message in
                                try Self.insert(db, message, from: source, at: now)
                                return db.lastInsertedRowID
                            }))
                        }
                        return .commit
                    }
                } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL || error.resultCode == .SQLITE_IOERR {
                    // The disk, not this write: the whole transaction fails.
                    throw error
                } catch {
                    result = .failure(error)
                }
                return result
            }
        }
    }
}

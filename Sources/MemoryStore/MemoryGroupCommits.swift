import Foundation
import JSHostCore
import SnapshotStore

extension MemorySnapshotStore: GroupCommitting {
    public func writeTogether(_ writes: [StoreWrite]) async throws -> [Result<StoreWriteResult, any Error>] {
        let checked = StoreWrite.checked(writes, against: limit)
        return transaction { state in
            let now = Date()
            return checked.map { entry in
                entry.flatMap { write -> Result<StoreWriteResult, any Error> in
                    switch write {
                    case .runs(let runs) where runs.count == 1:
                        do {
                            try state.refusal(of: runs[0])
                            return .success(.committed([state.commit(runs[0], historyDepth: historyDepth)]))
                        } catch {
                            return .failure(error)
                        }
                    case .runs(let runs):
                        // A write's runs stand or fall together, and one may depend on another's effects (a lease it
                        // gives back, a message it consumes): they are tried on a copy, kept only when all pass.
                        var trial = state
                        do {
                            let receipts = try runs.map { run in
                                try trial.refusal(of: run)
                                return trial.commit(run, historyDepth: historyDepth)
                            }
                            state = trial
                            return .success(.committed(receipts))
                        } catch {
                            return .failure(error)
                        }
                    case .enqueue(let messages, let source):
                        return .success(.enqueued(messages.map { state.enqueue($0, from: source, at: now) }))
                    }
                }
            }
        }
    }
}

import Foundation
import SnapshotStore
import JSHostCore

/// Taking a step's lease, waiting for it as asked.
enum LeaseTaking {
    /// How often a waiter tries again.
    static let retryInterval: TimeInterval = 0.05

    static func take(_ store: StoreAccess, _ key: StepKey, owner: LeaseOwner, timeToLive: Duration,
                     wait: LeaseWait) throws(StepRunError) -> Lease {
        let deadline: ContinuousClock.Instant? = switch wait {
        case .fail: .now
        case .upTo(let limit): .now.advanced(by: limit)
        case .forever: nil
        }
        while true {
            do {
                return try store.acquireLease(key, owner: owner, timeToLive: timeToLive)
            } catch let error as SnapshotStoreError where error.code == .stepBusy {
                if let deadline, ContinuousClock.now >= deadline { throw StepRunError(stage: .lease, key: key, underlying: error) }
                Thread.sleep(forTimeInterval: retryInterval)
            } catch {
                throw StepRunError(stage: .lease, key: key, underlying: error)
            }
        }
    }
}

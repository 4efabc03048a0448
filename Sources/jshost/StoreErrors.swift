import SnapshotStore

/// Runs a store operation, turning its errors into one-line failures with their documented exit codes.
func withStoreErrors<T>(_ what: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as Failure {
        throw failure
    } catch let violation as SnapshotLimitViolation {
        throw Failure(message: "\(what): not stored: \(violation)", code: ExitStatus.usageOrLoad)
    } catch let error as SnapshotStoreError {
        switch error {
        case .stepBusy, .versionConflict, .leaseLost:
            throw Failure(message: "\(what): \(error)", code: ExitStatus.busyOrConflict)
        case .noSuchVersion:
            throw Failure(message: "\(what): \(error)", code: ExitStatus.usageOrLoad)
        case .invalidJSON, .corruptValue:
            // What reaches the store has been checked already: a refusal here is the store's, not the user's.
            throw Failure(message: "\(what): \(error)", code: ExitStatus.storeFailure)
        case .cannotOpen, .newerSchema:
            throw Failure(message: "\(error)", code: ExitStatus.storeFailure)
        }
    } catch {
        throw Failure(message: "\(what): \(error)", code: ExitStatus.storeFailure)
    }
}

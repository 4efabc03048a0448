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
        case .invalidJSON, .noSuchVersion:
            throw Failure(message: "\(what): \(error)", code: ExitStatus.usageOrLoad)
        case .cannotOpen:
            throw Failure(message: "\(error)", code: ExitStatus.storeFailure)
        }
    } catch {
        throw Failure(message: "\(what): \(error)", code: ExitStatus.storeFailure)
    }
}

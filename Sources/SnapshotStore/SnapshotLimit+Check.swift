import JSHostCore

extension SnapshotLimit {
    /// Refuses `json` before any transaction: it must be valid JSON and within the limit.
    package func check(_ json: String) throws {
        if let failure = JSONSyntax.check(json) {
            throw SnapshotStoreError.invalidJSON("\(failure): \(json.prefix(60))")
        }
        if let violation = violation(for: json) { throw violation }
    }
}

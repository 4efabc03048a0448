import Foundation

/// An account's secrets (API keys, passwords) a flow's steps use through their node's `credentials_id`: kept in the
/// store, apart from the flow files, merged into a step's cfg when it runs.
public struct StoredCredentials: Sendable, Equatable {
    public var id: String
    /// The keys, as a JSON object.
    public var keysJSON: String
    public var updatedAt: Date

    public init(id: String, keysJSON: String, updatedAt: Date) {
        self.id = id
        self.keysJSON = keysJSON
        self.updatedAt = updatedAt
    }
}

/// Keeping credentials (a role of its own: the command line and, later, `updateKeys` write them; runs read them).
public protocol CredentialKeeping: Sendable {
    func credentials(_ id: String) async throws -> StoredCredentials?
    func allCredentials() async throws -> [StoredCredentials]
    /// Stores (or replaces) an account's keys, a JSON object.
    func setCredentials(_ id: String, keysJSON: String) async throws
    /// Removes an account; false when there was none.
    @discardableResult
    func deleteCredentials(_ id: String) async throws -> Bool
}

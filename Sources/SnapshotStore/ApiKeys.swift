import Foundation

/// A key for the HTTP API: its name (the editor the audit records), what it may do, and when it was made. The key
/// itself is shown once, when it is made, and kept only as its SHA-256.
public struct ApiKey: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable {
        /// Reads snapshots, flows and runs.
        case read
        /// Reads, and changes snapshots and flows.
        case edit
    }
    public var name: String
    public var role: Role
    public var createdAt: Date

    public init(name: String, role: Role, createdAt: Date) {
        self.name = name
        self.role = role
        self.createdAt = createdAt
    }
}

extension ApiKey {
    /// A new secret: 32 random bytes from the system generator, in hex, after `jsk_`.
    package static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "jsk_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// What making a key did.
public enum ApiKeyCreation: Sendable, Equatable {
    /// The key was made; its secret (not kept), and the key of that name it replaced, if any.
    case made(secret: String, replaced: ApiKey?)
    /// A key of that name exists and was left as it is (making it again needs `replace`).
    case exists(ApiKey)
}

public protocol ApiKeyKeeping: Sendable {
    /// Makes a key named `name`; one of that name is replaced only with `replace` (a key in use must not change
    /// its role or stop working by a repeated command).
    func createApiKey(_ name: String, role: ApiKey.Role, replace: Bool) async throws -> ApiKeyCreation
    func apiKeys() async throws -> [ApiKey]
    @discardableResult
    func deleteApiKey(_ name: String) async throws -> Bool
    /// The key a secret belongs to, if any.
    func apiKey(secret: String) async throws -> ApiKey?
    /// Whether any key exists (a service that listens beyond loopback needs one).
    func hasApiKeys() async throws -> Bool
}

import Foundation
import PostgresStore
import SnapshotStore
import JSHostCore

/// Where a store is, as people and processes name it: a `postgres://` URL for PostgreSQL (several hosts), else the
/// path of an SQLite file (one machine). The service hands it to its worker processes, which open it themselves.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public init(_ text: String) {
        self = text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") ? .postgres(url: text) : .sqlite(path: text)
    }

    /// As given: what a worker is sent.
    public var text: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url): return url
        }
    }

    /// As messages show it: never a password.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url): return (try? PostgresAddress(url: url).displayed) ?? "a postgres:// URL"
        }
    }

    public var isShared: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// Opens the store (creating or upgrading its tables). On a thread of its own: a server store is reached
    /// through `Blocking`.
    public func open(limit: SnapshotLimit, historyDepth: Int) throws -> any ServiceStore {
        switch self {
        case .sqlite(let path):
            return try SQLiteSnapshotStore(path: path, limit: limit, historyDepth: historyDepth)
        case .postgres(let url):
            return try Blocking.wait { try await PostgresSnapshotStore(url: url, limit: limit, historyDepth: historyDepth) }
        }
    }
}

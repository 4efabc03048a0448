import PostgresStore
import SQLiteStore
import SnapshotStore

/// The one place that picks a store: a `postgres://` URL names PostgreSQL (several hosts share it), anything else
/// the path of an SQLite file (one machine). Everything below the command line gets a `StoreLocation` and opens
/// the store through it, without knowing which it is.
enum StoreChoice {
    static func isServerURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    static func location(_ text: String) -> StoreLocation {
        isServerURL(text) ? .postgres(url: text) : .sqlite(path: text)
    }

    /// What a worker process opens its supervisor's store with.
    static let opener = StoreOpener { text, limit, historyDepth in
        try location(text).open(limit: limit, historyDepth: historyDepth)
    }
}

import JSHostCore
import SnapshotStore

extension StoreLocation {
    /// The PostgreSQL database at `url`, shown without its password.
    public static func postgres(url: String) -> StoreLocation {
        StoreLocation(text: url, description: (try? PostgresAddress(url: url).displayed) ?? "a postgres:// URL",
                      opener: PostgresSnapshotStore.opener)
    }
}

extension PostgresSnapshotStore {
    /// Connects to the database a location names, waiting on the calling thread (`Blocking`).
    public static let opener = StoreOpener { url, limit, historyDepth in
        try Blocking.wait { try await PostgresSnapshotStore(url: url, limit: limit, historyDepth: historyDepth) }
    }
}

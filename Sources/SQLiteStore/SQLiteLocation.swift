import SnapshotStore

extension StoreLocation {
    /// The SQLite file at `path`.
    public static func sqlite(path: String) -> StoreLocation {
        StoreLocation(text: path, description: path, opener: SQLiteSnapshotStore.opener)
    }
}

extension SQLiteSnapshotStore {
    /// Opens the SQLite file a location names.
    public static let opener = StoreOpener { path, limit, historyDepth in
        try SQLiteSnapshotStore(path: path, limit: limit, historyDepth: historyDepth)
    }
}

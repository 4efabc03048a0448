import Foundation
import SnapshotStore

/// An exclusive lock on the store's folder (flock on the folder, which SQLite's own locks on the file never meet),
/// for what several processes must not do at once to one store: create it (a new file's switch to WAL mode can
/// fail with "database is locked" at once, without waiting, when another process opens it meanwhile) and migrate it.
/// One process holds it once: flock on a second descriptor of the same folder would wait for itself.
enum StoreFolderLock {
    static func holding<T>(for path: String, _ body: () throws -> T) throws -> T {
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        guard folder >= 0 else { throw SnapshotStoreError.cannotOpen(path: path, reason: "cannot open its folder to lock it") }
        defer { close(folder) }
        while flock(folder, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SnapshotStoreError.cannotOpen(path: path, reason: "cannot lock its folder") }
        }
        defer { flock(folder, LOCK_UN) }
        return try body()
    }
}

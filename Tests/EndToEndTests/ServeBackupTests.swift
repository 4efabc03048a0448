import Foundation
import GRDB
import Testing

/// `jshost store backup` of a live store, and the restore docs/operations.md describes: stop, copy back, start.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServeBackupTests {
    @Test func aBackupTakenUnderLoadRestoresEverySnapshotVersionAndAuditRow() async throws {
        let workspace = try Workspace()
        try workspace.countingFlow("count")
        var service = try await RunningService(workspace, folder: "flows")
        // An edit through the API, so the audit trail has a row.
        let edit = try await service.control("POST", "/v2/flows/count/snapshots/", body: Data(SnapshotApiTests.document("step_1", #"{"note":"kept"}"#, reason: "before the backup").utf8),
                                             headers: ["content-type": "application/vnd.api+json"])
        #expect(edit.status == 201, "\(edit.text)")
        let port = service.port
        let load = Task.detached {
            KeepAliveLoad.post(port: port, path: "/hook/count", count: 400, connections: 4) { #"{"n":\#($0)}"# }
        }
        // The backup is taken in the middle of the load.
        #expect(try await eventually(timeout: 60) { try Self.runs(workspace.stateDirectory + "/state.sqlite") >= 100 })
        let backup = workspace.root + "/backup.sqlite"
        let made = try await offThePool { try workspace.jshost(["store", "backup", backup]) }
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains(#""file":"\#(backup)""#), "\(made.stdout)")
        #expect(await load.value.isEmpty)
        // After the backup, the live store moves on: another edit.
        let later = try await service.control("PATCH", "/v2/flows/count/snapshots/step_1", body: Data(SnapshotApiTests.document("step_1", #"{"note":"after"}"#).utf8),
                                              headers: ["content-type": "application/vnd.api+json"])
        #expect(later.status == 200, "\(later.text)")
        service.signal(SIGTERM)
        #expect(await service.waitForExit() == 0)

        // The copy is one moment of the store: the counter's snapshot counts exactly the runs it holds.
        let copied = try Self.state(backup)
        #expect(copied.seen == copied.countRuns && copied.countRuns >= 100, "seen \(copied.seen), runs \(copied.countRuns)")
        #expect(copied.audit.count == 1)
        #expect(copied.versions.filter { $0.hasPrefix("step_2:") }.count == 50, "\(copied.versions.count) versions")

        // Restore: stop (done), copy back, remove the log beside it, start.
        let live = workspace.stateDirectory + "/state.sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: live + suffix) }
        try FileManager.default.copyItem(atPath: backup, toPath: live)
        // A history deep enough that the queued messages the copy holds, run now, push out none of its versions.
        service = try await RunningService(workspace, folder: "flows", arguments: ["--history-depth", "1000"])
        let snapshot = try await service.control("GET", "/v2/flows/count/snapshots/step_1")
        #expect(snapshot.text.contains(#""note":"kept""#), "the edit after the backup is not in it, the one before is: \(snapshot.text)")
        // The messages that were queued when the copy was taken run now, once each.
        #expect(try await eventually(timeout: 60) { try Self.state(live).queued == 0 })
        service.signal(SIGTERM)
        #expect(await service.waitForExit() == 0)
        let restored = try Self.state(live)
        #expect(restored.seen == copied.seen + copied.queued, "seen \(restored.seen), copied \(copied.seen) with \(copied.queued) queued")
        #expect(Set(copied.versions).isSubset(of: Set(restored.versions)), "a version of the copy is missing")
        #expect(Set(copied.audit).isSubset(of: Set(restored.audit)) && restored.audit.count == copied.audit.count, "\(restored.audit)")
    }

    struct Copied {
        var seen: Int
        var countRuns: Int
        var audit: [String]
        var versions: [String]
        /// Messages queued for either step: each is one more count once it runs.
        var queued: Int
    }

    static func runs(_ path: String) throws -> Int {
        try reader(path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM run WHERE step = 'step_2'") ?? 0 }
    }

    static func state(_ path: String) throws -> Copied {
        try reader(path).read { db in
            let value = try String.fetchOne(db, sql: "SELECT value FROM step_snapshot WHERE flow = 'count' AND step = 'step_2'") ?? "{}"
            let seen = (try JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any])?["seen"] as? Int ?? -1
            return Copied(seen: seen,
                          countRuns: try Int.fetchOne(db, sql: "SELECT count(*) FROM run WHERE step = 'step_2'") ?? 0,
                          audit: try String.fetchAll(db, sql: "SELECT id || ':' || action || ':' || new_version FROM audit ORDER BY id"),
                          versions: try String.fetchAll(db, sql: "SELECT step || ':' || version || ':' || coalesce(value, 'null') FROM snapshot_version ORDER BY flow, step, version"),
                          queued: try Int.fetchOne(db, sql: "SELECT count(*) FROM step_queue") ?? 0)
        }
    }

    static func reader(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}

import Foundation
import GRDB
import Testing

/// The store's disk fills while `jshost serve` runs (a small tmpfs of the test's own, mounted as root, as CI
/// runs): writes are refused with a clear error and nothing half-written, the service keeps answering, and it
/// goes on when space returns, every accepted message counted once.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServeDiskFullTests {
    @Test func aFullDiskRefusesWritesAndTheServiceResumesWhenSpaceReturns() async throws {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.stateDirectory, withIntermediateDirectories: true)
        let mounted = try workspace.execute("/bin/mount", ["-t", "tmpfs", "-o", "size=6m", "tmpfs", workspace.stateDirectory])
        try #require(mounted.status == 0, "cannot mount a small file system for the test (it runs as root in CI): \(mounted.stderr)")
        defer { _ = try? workspace.execute("/bin/umount", ["-l", workspace.stateDirectory]) }
        try workspace.countingFlow("count")
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--prune-every", "1h"])
        var accepted = 0
        for index in 0..<5 {
            #expect(try await service.post("/hook/count", json: #"{"n":\#(index)}"#).status == 200)
            accepted += 1
        }
        // Fill the file system to the last byte.
        let filler = workspace.stateDirectory + "/filler"
        _ = try workspace.execute("/bin/dd", ["if=/dev/zero", "of=\(filler)", "bs=64k"])
        let watch = HealthWatch(port: service.port)
        // Requests with bodies large enough that the store must grow: refused while the disk is full.
        let padding = String(repeating: "x", count: 60_000)
        var refusals: [RunningService.Reply] = []
        for index in 0..<100 where refusals.count < 3 {
            let reply = try await service.post("/hook/count", json: #"{"n":\#(index),"pad":"\#(padding)"}"#)
            if reply.status == 200 { accepted += 1 } else { refusals.append(reply) }
        }
        watch.expectHealthy(within: 0.5, "the full disk")
        #expect(!refusals.isEmpty, "no request was refused on a full disk")
        for refusal in refusals {
            #expect(refusal.status == 503, "\(refusal.text)")
            #expect(refusal.text.contains("the store's disk is full") && refusal.headers["retry-after"] != nil, "\(refusal.text)")
        }
        // Space returns: the service goes on by itself.
        try FileManager.default.removeItem(atPath: filler)
        for index in 0..<5 {
            #expect(try await service.post("/hook/count", json: #"{"n":\#(100 + index)}"#).status == 200)
            accepted += 1
        }
        let expected = accepted
        let counted = try await eventually(timeout: 90) {
            let snapshot = try await service.control("GET", "/v2/flows/count/snapshots/step_2")
            return ((snapshot.json?["data"] as? [String: Any])?["attributes"] as? [String: Any])
                .flatMap { $0["snapshot"] as? [String: Any] }?["seen"] as? Int == expected
        }
        let final = try await service.control("GET", "/v2/flows/count/snapshots/step_2").text
        #expect(counted, "not every accepted message (\(expected)) was counted once: \(final)")
        #expect(!service.stderr.contains("given up"), "a message was given up for the full disk")
        service.signal(SIGTERM)
        #expect(await service.waitForExit() == 0)
        var configuration = Configuration()
        configuration.readonly = true
        let check = try await DatabaseQueue(path: workspace.stateDirectory + "/state.sqlite", configuration: configuration)
            .read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        #expect(check == ["ok"])
    }
}

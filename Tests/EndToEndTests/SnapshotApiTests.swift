import Foundation
import Testing

/// elastic.io's snapshot endpoints on `jshost serve`, with API keys, ETags and If-Match.
@Suite(.serialized, .timeLimit(.minutes(10))) struct SnapshotApiTests {
    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        let counter = "\(Binary.packageRoot)/components/iteration-counter:count"
        try workspace.write("flows/tick.json", ServeWebhookTests.flow("tick", nodes: #"[{"id":"step_1","command":"\#(counter)"},{"id":"step_2","command":"\#(counter)"}]"#)
            .replacingOccurrences(of: #""status":"active""#, with: #""status":"inactive","cron":"0 0 1 1 *""#))
        return workspace
    }

    func key(_ workspace: Workspace, _ name: String, role: String) throws -> String {
        let made = try workspace.jshost(["apikey", "create", name, "--role", role, "--replace"])
        #expect(made.status == 0, "\(made.stderr)")
        return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func document(_ step: String, _ snapshot: String, reason: String? = nil) -> String {
        #"{"data":{"type":"snapshot","id":"\#(step)","attributes":{"snapshot":\#(snapshot)}}\#(reason.map { #","meta":{"reason":"\#($0)"}"# } ?? "")}"#
    }

    @Test func aClientWrittenForElasticioWorksUnchanged() async throws {
        let workspace = try workspace()
        let editor = try key(workspace, "ops-bot", role: "edit")
        let service = try await RunningService(workspace, folder: "flows")
        // elastic.io's clients send basic auth: any user, the key as password.
        let auth = ["authorization": "Basic " + Data("me@example.org:\(editor)".utf8).base64EncodedString(),
                    "content-type": "application/vnd.api+json"]

        let empty = try await service.call("GET", "/v2/flows/tick/snapshots", headers: auth)
        #expect(empty.status == 200)
        #expect(empty.text == #"{"data":[],"meta":{}}"#)

        let created = try await service.call("POST", "/v2/flows/tick/snapshots/", body: Data(Self.document("step_1", #"{"z":1,"a":[true]}"#).utf8), headers: auth)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.headers["etag"] == "\"1\"")
        let data = created.json?["data"] as? [String: Any]
        #expect(data?["type"] as? String == "snapshot" && data?["id"] as? String == "step_1")
        #expect((data?["links"] as? [String: String])?["self"] == "/v2/flows/tick/snapshots/step_1")
        #expect(created.text.contains(#""attributes":{"snapshot":{"z":1,"a":[true]}}"#), "keys keep their order: \(created.text)")

        let again = try await service.call("POST", "/v2/flows/tick/snapshots/", body: Data(Self.document("step_1", "{}").utf8), headers: auth)
        #expect(again.status == 409, "POST is refused when a snapshot exists")
        let nowhere = try await service.call("POST", "/v2/flows/tick/snapshots/", body: Data(Self.document("step_9", "{}").utf8), headers: auth)
        #expect(nowhere.status == 404, "POST is refused when the step does not exist")
        let missing = try await service.call("PATCH", "/v2/flows/tick/snapshots/step_2", body: Data(Self.document("step_2", "{}").utf8), headers: auth)
        #expect(missing.status == 404, "PATCH is refused when there is no snapshot")
        #expect((missing.json?["errors"] as? [[String: Any]])?.first?["detail"] as? String != nil)

        let patched = try await service.call("PATCH", "/v2/flows/tick/snapshots/step_1",
                                             body: Data(Self.document("step_1", #"{"iteration":41}"#, reason: "resume after the outage").utf8), headers: auth)
        #expect(patched.status == 200, "\(patched.text)")
        #expect(patched.headers["etag"] == "\"2\"")
        let read = try await service.call("GET", "/v2/flows/tick/snapshots/step_1", headers: auth)
        #expect(read.text.contains(#""snapshot":{"iteration":41}"#))
        let list = try await service.call("GET", "/v2/flows/tick/snapshots", headers: auth)
        #expect((list.json?["data"] as? [[String: Any]])?.map { $0["id"] as? String } == ["step_1"])

        // The change is the one the command line sees, audited under the key's name with its reason.
        let cli = try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_1"])
        #expect(cli.stdout == #"{"iteration":41}"# + "\n")
        let audit = try workspace.jshost(["snapshot", "audit", "--flow", "tick", "--step", "step_1"])
        #expect(audit.stdout.contains("ops-bot") && audit.stdout.contains("resume after the outage"), "\(audit.stdout)")

        // The next run starts from it.
        _ = try await service.control("POST", "/v2/flows/tick/start")
        _ = try await service.control("POST", "/v2/flows/tick/run-now")
        #expect(try await eventually { try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_1"]).stdout == #"{"iteration":42}"# + "\n" })
        _ = try await service.control("POST", "/v2/flows/tick/stop")
        // A stopped flow's steps give their leases back: nothing runs, so edits are taken.
        try await Task.sleep(for: .milliseconds(300))

        let deleted = try await service.call("DELETE", "/v2/flows/tick/snapshots/step_1", headers: auth)
        #expect(deleted.status == 204, "\(deleted.text)")
        let gone = try await service.call("GET", "/v2/flows/tick/snapshots/step_1", headers: auth)
        #expect(gone.status == 404)
    }

    @Test func ifMatchKeepsTwoEditorsFromOverwritingEachOther() async throws {
        let workspace = try workspace()
        let editor = try key(workspace, "alice", role: "edit")
        let service = try await RunningService(workspace, folder: "flows")
        let auth = ["authorization": "Bearer \(editor)", "content-type": "application/vnd.api+json"]
        _ = try await service.call("POST", "/v2/flows/tick/snapshots", body: Data(Self.document("step_2", #"{"n":1}"#).utf8), headers: auth)
        let read = try await service.call("GET", "/v2/flows/tick/snapshots/step_2", headers: auth)
        let etag = try #require(read.headers["etag"])
        let first = try await service.call("PATCH", "/v2/flows/tick/snapshots/step_2", body: Data(Self.document("step_2", #"{"n":2}"#).utf8),
                                           headers: auth.merging(["if-match": etag]) { $1 })
        #expect(first.status == 200)
        let stale = try await service.call("PATCH", "/v2/flows/tick/snapshots/step_2", body: Data(Self.document("step_2", #"{"n":3}"#).utf8),
                                           headers: auth.merging(["if-match": etag]) { $1 })
        #expect(stale.status == 412, "\(stale.text)")
        let staleDelete = try await service.call("DELETE", "/v2/flows/tick/snapshots/step_2", headers: auth.merging(["if-match": etag]) { $1 })
        #expect(staleDelete.status == 412)
        #expect(try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_2"]).stdout == #"{"n":2}"# + "\n")

        let tooBig = #"{"blob":"\#(String(repeating: "x", count: 6000))"}"#
        let refused = try await service.call("PATCH", "/v2/flows/tick/snapshots/step_2", body: Data(Self.document("step_2", tooBig).utf8), headers: auth)
        #expect(refused.status == 422)
        #expect(refused.text.contains("over the 5120-byte limit"), "the CLI's message: \(refused.text)")
        let bad = try await service.call("PATCH", "/v2/flows/tick/snapshots/step_2", body: Data("{nope".utf8), headers: auth)
        #expect(bad.status == 400)
        let wrongType = try await service.call("PATCH", "/v2/flows/tick/snapshots/step_2",
                                               body: Data(#"{"data":{"id":7,"attributes":{"snapshot":{}}}}"#.utf8), headers: auth)
        #expect(wrongType.status == 400)
        #expect(wrongType.text.contains("data.id must be a string"), "\(wrongType.text)")
        // An entity tag that names no version never matches, as HTTP has it.
        let unknownTag = try await service.call("PATCH", "/v2/flows/tick/snapshots/step_2", body: Data(Self.document("step_2", "{}").utf8),
                                                headers: auth.merging(["if-match": "\"abc\""]) { $1 })
        #expect(unknownTag.status == 412)
        let put = try await service.call("PUT", "/v2/flows/tick/snapshots/step_2", body: Data("{}".utf8), headers: auth)
        #expect(put.status == 405)
        #expect(put.headers["allow"] == "DELETE, GET, HEAD, PATCH", "\(put.headers)")
        #expect(try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_2"]).stdout == #"{"n":2}"# + "\n")
    }

    @Test func readsNeedAKeyAndChangesAnEditKey() async throws {
        let workspace = try workspace()
        let reader = try key(workspace, "dashboard", role: "read")
        let service = try await RunningService(workspace, folder: "flows")
        let none = try await service.call("GET", "/v2/flows/tick/snapshots")
        #expect(none.status == 401)
        #expect(none.headers["www-authenticate"]?.contains("Basic") == true)
        let wrong = try await service.call("GET", "/v2/flows/tick/snapshots", headers: ["authorization": "Bearer jsk_guess"])
        #expect(wrong.status == 401)
        #expect(!wrong.text.contains("jsk_guess"), "errors never echo secrets")
        let read = try await service.call("GET", "/v2/flows/tick/snapshots", headers: ["authorization": "Bearer \(reader)"])
        #expect(read.status == 200)
        let write = try await service.call("POST", "/v2/flows/tick/snapshots", body: Data(Self.document("step_1", "{}").utf8),
                                           headers: ["authorization": "Bearer \(reader)"])
        #expect(write.status == 403)
        #expect(try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_1"]).status != 0, "nothing was written")
        let listed = try workspace.jshost(["apikey", "list"])
        #expect(listed.stdout.contains(#""name":"dashboard","role":"read""#) && !listed.stdout.contains(reader))
        #expect(try workspace.jshost(["apikey", "delete", "dashboard"]).status == 0)
        let revoked = try await service.call("GET", "/v2/flows/tick/snapshots", headers: ["authorization": "Bearer \(reader)"])
        #expect(revoked.status == 401, "a deleted key stops working at once")
    }

    @Test func historyDiffRollbackAndAuditAreThereToo() async throws {
        let workspace = try workspace()
        let editor = try key(workspace, "carol", role: "edit")
        let service = try await RunningService(workspace, folder: "flows")
        let auth = ["authorization": "Bearer \(editor)", "content-type": "application/vnd.api+json"]
        _ = try await service.call("POST", "/v2/flows/tick/snapshots", body: Data(Self.document("step_1", #"{"n":1,"keep":"x"}"#).utf8), headers: auth)
        _ = try await service.call("PATCH", "/v2/flows/tick/snapshots/step_1", body: Data(Self.document("step_1", #"{"n":2,"keep":"x"}"#).utf8), headers: auth)
        _ = try await service.call("PATCH", "/v2/flows/tick/snapshots/step_1", body: Data(Self.document("step_1", #"{"n":3}"#).utf8), headers: auth)

        let versions = try await service.call("GET", "/v2/flows/tick/snapshots/step_1/versions", headers: auth)
        #expect((versions.json?["data"] as? [[String: Any]])?.map { $0["id"] as? String } == ["3", "2", "1"], "\(versions.text)")
        let one = try await service.call("GET", "/v2/flows/tick/snapshots/step_1/versions/1", headers: auth)
        #expect(one.text.contains(#""snapshot":{"n":1,"keep":"x"}"#))

        let diff = try await service.call("GET", "/v2/flows/tick/snapshots/step_1/diff?from=1&to=3", headers: auth)
        let patch = ((diff.json?["data"] as? [String: Any])?["attributes"] as? [String: Any])?["patch"] as? [[String: Any]]
        #expect(patch?.contains { $0["op"] as? String == "remove" && $0["path"] as? String == "/keep" } == true, "\(diff.text)")
        #expect(patch?.contains { $0["op"] as? String == "replace" && $0["path"] as? String == "/n" && $0["value"] as? Int == 3 } == true)

        let stale = try await service.call("POST", "/v2/flows/tick/snapshots/step_1/rollback",
                                           body: Data(#"{"data":{"type":"snapshot-rollback","attributes":{"version":1}}}"#.utf8),
                                           headers: auth.merging(["if-match": "\"2\""]) { $1 })
        #expect(stale.status == 412)
        let rolled = try await service.call("POST", "/v2/flows/tick/snapshots/step_1/rollback",
                                            body: Data(#"{"data":{"type":"snapshot-rollback","attributes":{"version":1}},"meta":{"reason":"bad import"}}"#.utf8),
                                            headers: auth)
        #expect(rolled.status == 200, "\(rolled.text)")
        #expect(rolled.headers["etag"] == "\"4\"", "a rollback is a new version: versions never go back")
        #expect(try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_1"]).stdout == #"{"n":1,"keep":"x"}"# + "\n")
        let missing = try await service.call("POST", "/v2/flows/tick/snapshots/step_1/rollback",
                                             body: Data(#"{"data":{"attributes":{"version":99}}}"#.utf8), headers: auth)
        #expect(missing.status == 404)

        let audit = try await service.call("GET", "/v2/flows/tick/snapshots/step_1/audit", headers: auth)
        let entries = (audit.json?["data"] as? [[String: Any]])?.compactMap { $0["attributes"] as? [String: Any] } ?? []
        #expect(entries.map { $0["action"] as? String } == ["set", "set", "set", "rollback"], "\(audit.text)")
        #expect(entries.allSatisfy { ($0["editor"] as? [String: Any])?["name"] as? String == "carol" })
        #expect(entries.last?["reason"] as? String == "bad import")
    }

    @Test func exportAndImportInTheCommandLinesFormats() async throws {
        let workspace = try workspace()
        let editor = try key(workspace, "dave", role: "edit")
        let service = try await RunningService(workspace, folder: "flows")
        let auth = ["authorization": "Bearer \(editor)", "content-type": "application/vnd.api+json"]
        _ = try await service.call("POST", "/v2/flows/tick/snapshots", body: Data(Self.document("step_1", #"{"n":1}"#).utf8), headers: auth)
        _ = try await service.call("POST", "/v2/flows/tick/snapshots", body: Data(Self.document("step_2", #"{"m":[1,2]}"#).utf8), headers: auth)

        let exported = try await service.call("GET", "/v2/flows/tick/snapshots:export", headers: auth)
        #expect(exported.status == 200)
        #expect(exported.headers["content-type"] == "application/x-ndjson")
        #expect(exported.text == (try workspace.jshost(["snapshot", "export", "--flow", "tick"])).stdout, "the CLI's lines, byte for byte")

        for step in ["step_1", "step_2"] { _ = try await service.call("DELETE", "/v2/flows/tick/snapshots/\(step)", headers: auth) }
        let imported = try await service.call("POST", "/v2/flows/tick/snapshots:import", body: exported.body,
                                              headers: auth.merging(["x-reason": "restore"]) { $1 })
        #expect(imported.status == 200, "\(imported.text)")
        #expect((imported.json?["meta"] as? [String: Any])?["imported"] as? Int == 2)
        #expect(try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_2"]).stdout == #"{"m":[1,2]}"# + "\n")
        let audit = try workspace.jshost(["snapshot", "audit", "--flow", "tick", "--step", "step_2"])
        #expect(audit.stdout.contains(#""action":"import""#) && audit.stdout.contains("dave") && audit.stdout.contains("restore"), "\(audit.stdout)")

        // elastic.io's list format, whose steps go to the path's flow.
        let elasticio = #"{"data":[{"id":"step_1","type":"snapshot","attributes":{"snapshot":{"n":9}}}]}"#
        let fromPlatform = try await service.call("POST", "/v2/flows/tick/snapshots:import", body: Data(elasticio.utf8), headers: auth)
        #expect(fromPlatform.status == 200)
        #expect(try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_1"]).stdout == #"{"n":9}"# + "\n")

        // All or nothing: a step the flow lacks refuses the whole import.
        let unknown = #"{"data":[{"id":"step_1","type":"snapshot","attributes":{"snapshot":{"n":10}}},{"id":"step_7","type":"snapshot","attributes":{"snapshot":{}}}]}"#
        #expect(try await service.call("POST", "/v2/flows/tick/snapshots:import", body: Data(unknown.utf8), headers: auth).status == 404)
        #expect(try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_1"]).stdout == #"{"n":9}"# + "\n")
        let garbage = try await service.call("POST", "/v2/flows/tick/snapshots:import", body: Data("not json".utf8), headers: auth)
        #expect(garbage.status == 400)
        let otherFlow = #"{"flow":"other","step":"s","version":1,"value":{},"hash":""}"#
        #expect(try await service.call("POST", "/v2/flows/tick/snapshots:import", body: Data(otherFlow.utf8), headers: auth).status == 400)
    }

    @Test func ofTwoPatchesRacingWithOneIfMatchExactlyOneWinsEveryTime() async throws {
        let workspace = try workspace()
        let editor = try key(workspace, "racer", role: "edit")
        let service = try await RunningService(workspace, folder: "flows")
        let auth = ["authorization": "Bearer \(editor)", "content-type": "application/vnd.api+json"]
        _ = try await service.call("POST", "/v2/flows/tick/snapshots", body: Data(Self.document("step_1", #"{"round":0}"#).utf8), headers: auth)
        for round in 1...100 {
            let etag = try #require(try await service.call("GET", "/v2/flows/tick/snapshots/step_1", headers: auth).headers["etag"])
            let headers = auth.merging(["if-match": etag]) { $1 }
            async let left = service.call("PATCH", "/v2/flows/tick/snapshots/step_1",
                                          body: Data(Self.document("step_1", #"{"round":\#(round),"by":"left"}"#).utf8), headers: headers)
            async let right = service.call("PATCH", "/v2/flows/tick/snapshots/step_1",
                                           body: Data(Self.document("step_1", #"{"round":\#(round),"by":"right"}"#).utf8), headers: headers)
            let statuses = try await [left.status, right.status]
            #expect(statuses.sorted() == [200, 412], "round \(round): \(statuses)")
            let winner = statuses[0] == 200 ? "left" : "right"
            let now = try await service.call("GET", "/v2/flows/tick/snapshots/step_1", headers: auth)
            #expect(now.text.contains(#""snapshot":{"round":\#(round),"by":"\#(winner)"}"#), "round \(round): the winner's value is kept")
            #expect(now.headers["etag"] == "\"\(round + 1)\"", "one new version per round")
        }
    }
}

import Foundation
import Testing

/// The flows API on `jshost serve`: flows with their status and steps, recent runs, flow control with keys, the
/// live feed, cross-site refusals, and the refusal to listen beyond loopback without keys.
@Suite(.serialized, .timeLimit(.minutes(10))) struct FlowApiTests {
    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        let counter = "\(Binary.packageRoot)/components/iteration-counter:count"
        try workspace.write("components/fails/component.json", #"{"title":"fails","actions":{"fail":{"main":"./fail.js"}}}"#)
        try workspace.write("components/fails/fail.js", "exports.process = async function () { throw new Error('the ledger is closed'); };")
        try workspace.write("flows/tick.json", ServeWebhookTests.flow("tick", nodes: #"[{"id":"step_1","name":"Count","command":"\#(counter)"},{"id":"step_2","command":"../components/fails:fail"}]"#,
                                                                      edges: #"[{"source":"step_1","target":"step_2"}]"#)
            .replacingOccurrences(of: #""status":"active""#, with: #""status":"active","cron":"0 0 1 1 *""#))
        return workspace
    }

    @Test func flowsShowTheirStatusStepsAndRecentRuns() async throws {
        let workspace = try workspace()
        let reader = try RunningService.key(workspace, "dashboard", role: "read")
        let service = try await RunningService(workspace, folder: "flows")
        let read = ["authorization": "Bearer \(reader)"]

        #expect(try await service.call("GET", "/v2/flows").status == 401)
        #expect(try await service.call("POST", "/v2/flows/tick/run-now").status == 401, "flow control needs a key")
        #expect(try await service.call("POST", "/v2/flows/tick/run-now", headers: read).status == 403, "and an edit key")
        #expect(try await service.control("POST", "/v2/flows/tick/run-now").status == 202)
        #expect(try await eventually {
            let runs = try await service.call("GET", "/v2/flows/tick/steps/step_2/runs", headers: read).json
            return (runs?["data"] as? [Any])?.count == 1
        })

        let listed = try await service.call("GET", "/v2/flows", headers: read)
        #expect(listed.status == 200)
        let flows = try #require(listed.json?["data"] as? [[String: Any]])
        #expect(flows.map { $0["id"] as? String } == ["tick"])
        let attributes = try #require(flows.first?["attributes"] as? [String: Any])
        #expect(attributes["status"] as? String == "active")
        #expect(attributes["trigger"] as? String == "schedule")
        #expect(attributes["cron"] as? String == "0 0 1 1 *")
        #expect((attributes["nextRunAt"] as? String)?.hasPrefix("20") == true)
        let steps = try #require(attributes["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == ["step_1", "step_2"])
        #expect(steps.first?["name"] as? String == "Count")
        #expect(steps.first?["start"] as? Bool == true)
        let snapshot = try #require(steps.first?["snapshot"] as? [String: Any])
        #expect(snapshot["version"] as? Int == 1)
        #expect(snapshot["bytes"] as? Int == #"{"iteration":1}"#.utf8.count)
        #expect(snapshot["limit"] as? Int == 5120)
        #expect((snapshot["writtenBy"] as? [String: Any])?["kind"] as? String == "run")
        #expect(steps.last?["snapshot"] is NSNull)

        let one = try await service.call("GET", "/v2/flows/tick", headers: read)
        #expect((one.json?["data"] as? [String: Any])?["id"] as? String == "tick")
        let missing = try await service.call("GET", "/v2/flows/nowhere", headers: read)
        #expect(missing.status == 404)
        #expect(((missing.json?["errors"] as? [[String: Any]])?.first?["detail"] as? String)?.contains("nowhere") == true)

        let runs = try await service.call("GET", "/v2/flows/tick/steps/step_2/runs?limit=5", headers: read)
        #expect((runs.json?["meta"] as? [String: Any])?["queueDepth"] as? Int == 0)
        let run = try #require((runs.json?["data"] as? [[String: Any]])?.first?["attributes"] as? [String: Any])
        #expect(run["outcome"] as? String == "completed-with-errors")
        #expect(run["errorCount"] as? Int == 1)
        let errors = try #require(run["errors"] as? [[String: Any]])
        #expect(errors.first?["message"] as? String == "the ledger is closed")
        #expect(try await service.call("GET", "/v2/flows/tick/steps/step_9/runs", headers: read).status == 404)
        #expect(try await service.call("GET", "/v2/flows/tick/steps/step_1/runs?limit=0", headers: read).status == 400)
    }

    @Test func theLiveFeedTellsOfEachCommitAndChange() async throws {
        let workspace = try workspace()
        let reader = try RunningService.key(workspace, "dashboard", role: "read")
        let service = try await RunningService(workspace, folder: "flows")
        async let heard = service.call("GET", "/v2/events", headers: ["authorization": "Bearer \(reader)"], timeout: 20,
                                       until: #""step":"step_2""#)
        // The stream is open once the service counts a listener; runs before that are not heard, so wait for it.
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await service.control("POST", "/v2/flows/tick/run-now").status == 202)
        let events = try await heard
        #expect(events.status == 200)
        #expect(events.headers["content-type"] == "text/event-stream")
        #expect(events.text.contains("event: run\ndata: {\"flow\":\"tick\",\"step\":\"step_1\""), "\(events.text)")
        #expect(events.text.contains(#""outcome":"completed","version":1,"snapshotChanged":true"#))
    }

    @Test func changesFromAnotherSiteAreRefused() async throws {
        let workspace = try workspace()
        let service = try await RunningService(workspace, folder: "flows")
        let document = SnapshotApiTests.document("step_1", #"{"iteration":7}"#)
        let elsewhere = try await service.control("POST", "/v2/flows/tick/snapshots/", body: Data(document.utf8),
                                                  headers: ["origin": "https://evil.example", "content-type": "application/vnd.api+json"])
        #expect(elsewhere.status == 403)
        #expect(try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_1"]).status != 0, "nothing was written")
        let fetchSite = try await service.control("POST", "/v2/flows/tick/stop", headers: ["sec-fetch-site": "cross-site"])
        #expect(fetchSite.status == 403)
        let ownPage = try await service.control("POST", "/v2/flows/tick/snapshots/", body: Data(document.utf8),
                                                headers: ["origin": "http://127.0.0.1:\(service.port)", "content-type": "application/vnd.api+json"])
        #expect(ownPage.status == 201, "\(ownPage.text)")
    }

    @Test func listeningBeyondLoopbackNeedsKeys() throws {
        let workspace = try workspace()
        let refused = try workspace.jshost(["serve", "\(workspace.root)/flows", "--host", "0.0.0.0", "--port", "0"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("no API keys are configured") && refused.stderr.contains("jshost apikey create"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "one line: \(refused.stderr)")
    }
}

import Foundation
import TestSupport
import Testing

/// `/openapi.json` kept true: schemathesis (PyPI) fuzzes a real `jshost serve` from the document, with its checks (no 5xx, every status, content type, header and body as documented, valid requests taken and invalid ones
/// refused, 405 for undeclared methods). Twice: with values it makes up, then with the served flow and step.
@Suite(.serialized, .enabled(if: TestRequirements.met(TestRequirements.schemathesis != nil), "needs schemathesis (pip)"))
struct ApiFuzzTests {
    @Test func theServerAnswersAsItsOpenAPIDocumentSays() async throws {
        let workspace = try SnapshotApiTests().workspace()
        let service = try await RunningService(workspace, folder: "flows")
        #expect(try await service.control("POST", "/v2/flows/tick/start").status == 202)
        #expect(try await service.control("POST", "/v2/flows/tick/run-now").status == 202)
        let document = try await service.call("GET", "/openapi.json")
        #expect(document.status == 200)
        #expect((document.json?["openapi"] as? String)?.hasPrefix("3.") == true)
        // Every check but use-after-free: a reset (DELETE) keeps the step's history and audit so it can be rolled back,
        // and that check takes …/versions and …/audit for parts of the deleted snapshot. The event stream never ends.
        let target = ["run", "http://127.0.0.1:\(service.port)/openapi.json", "-H", "Authorization: Bearer \(service.controlKey)",
                      "--checks", "all", "--exclude-checks", "use_after_free", "--exclude-path", "/v2/events",
                      "--max-examples", "40", "--seed", "1"]
        for config in ["checks.toml", "known-ids.toml"] {
            let arguments = ["--no-color", "--config-file", "\(Binary.packageRoot)/Tests/Fuzz/\(config)"] + target
            let run = try await offThePool { try workspace.execute(TestRequirements.schemathesis ?? "schemathesis", arguments) }
            #expect(run.status == 0, "schemathesis with \(config) found what does not match the document:\n\(run.stdout)\n\(run.stderr)")
        }
    }
}

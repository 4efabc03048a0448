import Foundation
import Testing

/// CLI arguments: every bad value is refused with a one-line message naming the option, exit code 2, before
/// anything runs.
@Suite struct HostileArgumentTests {
    @Test(arguments: [
        (["--timeout", "-5"], "--timeout must be a positive number"),
        (["--timeout", "inf"], "--timeout must be a positive number"),
        (["--timeout", "1e300"], "at most 31536000"),
        (["--timeout", "nan"], "--timeout must be a positive number"),
        (["--snapshot-limit", "-1"], "--snapshot-limit must be a positive number"),
        (["--history-depth", "-3"], "--history-depth must be at least 1"),
        (["--variables", "[1,2]"], "--variables must be a JSON object"),
        (["--msg", "{\"a\":"], "--msg is not valid JSON"),
        (["--max-memory", "lots"], "--max-memory lots is not a size"),
        (["--max-memory", "1M"], "below 128M"),
    ])
    func badValuesAreRefused(arguments: [String], message: String) throws {
        let workspace = try Workspace()
        let run = try workspace.jshost(["run", "components/iteration-counter"] + arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        #expect(run.stdout.isEmpty, "refused before the component runs")
    }

    @Test func aFileGivenAsTheComponentFolderIsNamed() throws {
        let workspace = try Workspace()
        let run = try workspace.jshost(["run", "components/iteration-counter/component.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is a file, not a component folder"), "\(run.stderr)")
    }

    @Test func serviceCommandsRefuseBadTimeoutsToo() throws {
        let workspace = try Workspace()
        for command in [["verify", "components/iteration-counter"], ["test", "components/iteration-counter"]] {
            let run = try workspace.jshost(command + ["--timeout", "-1"])
            #expect(run.status == 2, "\(command): \(run.stderr)")
            #expect(run.stderr.contains("--timeout must be a positive number"), "\(run.stderr)")
        }
    }
}

import Foundation
import Testing

/// Both sides of the output rule: under a pseudo-terminal (util-linux `script`) jshost prints for people; into a
/// pipe it prints today's JSON lines (the golden outputs of the other suites hold those byte for byte).
@Suite struct TerminalTests {
    /// Runs jshost under a pseudo-terminal of `columns` columns; what the terminal showed, stdout and stderr
    /// together, with carriage returns as written.
    func atTerminal(_ workspace: Workspace, _ arguments: [String], redirect: String = "", columns: Int = 120,
                    environment: [String: String] = [:]) throws -> Execution {
        let quoted = ([Binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try workspace.execute("/usr/bin/script", ["-qfec", quoted + redirect, "/dev/null"],
                                     // NO_COLOR empty counts as unset (no-color.org): the test's own environment may set it.
                                     environment: ["COLUMNS": "\(columns)", "TERM": "xterm-256color", "NO_COLOR": ""].merging(environment) { $1 })
    }

    static let counter = "\(Binary.packageRoot)/components/iteration-counter"

    @Test func aRunAtATerminalReadsAsLogLinesAndIndentedEvents() throws {
        let workspace = try Workspace()
        let shown = try atTerminal(workspace, ["run", Self.counter])
        #expect(shown.status == 0, "\(shown.stdout)")
        let text = shown.stdout.replacingOccurrences(of: "\r\n", with: "\n")
        let plain = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(plain.range(of: #"\d\d:\d\d:\d\d\.\d\d\d INFO  iteration-counter: Iteration: 1\n"#, options: .regularExpression) != nil, "\(plain)")
        #expect(plain.contains("▸ snapshot\n  {\n    \"iteration\": 1\n  }\n▸ data\n  {\n    \"id\": \""))
        #expect(plain.contains("WARN  jshost: component iteration-counter (count) finished without emitting 'end'"))
        #expect(plain.contains("✔ committed run "))
        #expect(!plain.contains("\"hostname\""), "no raw bunyan fields")
        #expect(!plain.contains("threadId"), "ids only with -v")
        #expect(text.contains("\u{1B}["), "coloured at a terminal")

        let verbose = try atTerminal(workspace, ["run", Self.counter, "-v", "--no-color"])
        #expect(verbose.stdout.contains("threadId=") && verbose.stdout.contains("messageId="))
        #expect(!verbose.stdout.contains("\u{1B}["), "--no-color")
        let noColor = try atTerminal(workspace, ["run", Self.counter], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains("\u{1B}["), "NO_COLOR")
    }

    @Test func theMachineFormStaysWhereItIsAskedFor() throws {
        let workspace = try Workspace()
        // --json and LOG_FORMAT=json at a terminal: the lines a pipe gets.
        let json = try atTerminal(workspace, ["run", Self.counter, "--json"], environment: ["LOG_FORMAT": "json"])
        let lines = json.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
        #expect(lines.contains(#"{"event":"snapshot","data":{"iteration":1}}"#), "\(json.stdout)")
        #expect(lines.contains { $0.hasPrefix(#"{"name":"iteration-counter","hostname":"#) })
        #expect(lines.contains { $0.hasPrefix("jshost: committed run ") })
        // Into a pipe: JSON lines, whatever the options for people say about colour.
        let piped = try workspace.jshost(["run", Self.counter, "--no-color"])
        #expect(piped.stdoutLines.first == #"{"event":"snapshot","data":{"iteration":2}}"#)
        #expect(piped.stderr.split(separator: "\n").first?.hasPrefix(#"{"name":"iteration-counter","hostname":"#) == true)
        #expect(piped.stderr.split(separator: "\n").last?.hasPrefix("jshost: committed run ") == true)
        #expect(!piped.stdout.contains("\u{1B}[") && !piped.stderr.contains("\u{1B}["))
    }

    @Test func snapshotHistoryAndRunsAreTables() throws {
        let workspace = try Workspace()
        for _ in 0..<3 { _ = try workspace.jshost(["run", Self.counter]) }
        let history = try atTerminal(workspace, ["snapshot", "history", Self.counter, "--no-color"], columns: 100)
        let rows = history.stdout.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
        #expect(rows.first?.hasPrefix("VERSION  WRITTEN") == true, "\(history.stdout)")
        #expect(rows.count == 4)
        #expect(rows[1].hasPrefix("    * 3  just now (") && rows[1].hasSuffix(#"15 / 5120 B  {"iteration":3}"#), "\(rows[1])")
        #expect(rows.allSatisfy { $0.count <= 100 })
        let runs = try atTerminal(workspace, ["snapshot", "runs", Self.counter, "--no-color"])
        #expect(runs.stdout.hasPrefix("ENDED ") && runs.stdout.contains("completed"), "\(runs.stdout)")
        // The same commands into a pipe: JSON lines.
        let piped = try workspace.jshost(["snapshot", "history", Self.counter])
        #expect(piped.stdoutLines.first?.hasPrefix(#"{"version":3,"createdAt":""#) == true)
        let pipedRuns = try workspace.jshost(["snapshot", "runs", Self.counter, "--limit", "2"])
        #expect(pipedRuns.stdoutLines.count == 2 && pipedRuns.stdoutLines[0].contains(#""outcome":"completed","snapshotVersion":3"#), "\(pipedRuns.stdout)")
        let value = try atTerminal(workspace, ["snapshot", "get", Self.counter, "--no-color"])
        #expect(value.stdout.replacingOccurrences(of: "\r\n", with: "\n") == "{\n  \"iteration\": 3\n}\n")
        #expect(try workspace.jshost(["snapshot", "get", Self.counter]).stdout == #"{"iteration":3}"# + "\n")
        let forced = try workspace.jshost(["snapshot", "history", Self.counter, "--pretty"])
        #expect(forced.stdout.hasPrefix("VERSION  WRITTEN"), "--pretty into a pipe")
    }

    @Test func aStreamShowsItsProgressOnOneLineThenASummary() throws {
        let workspace = try Workspace()
        let input = (1...3000).map { #"{"body":{"n":\#($0)}}"# }.joined(separator: "\n") + "\n"
        try workspace.write("in.jsonl", input)
        let shown = try atTerminal(workspace, ["run", Self.counter, "--input", workspace.root + "/in.jsonl"],
                                   redirect: " > '\(workspace.root)/out.jsonl'", environment: ["LOG_LEVEL": "error"])
        #expect(shown.status == 0, "\(shown.stdout)")
        #expect(shown.stdout.contains("\r\u{1B}[2K"), "redrawn in place: \(shown.stdout)")
        #expect(shown.stdout.contains("3,000 messages · "), "\(shown.stdout)")
        #expect(shown.stdout.contains("· committed through line 3,000"))
        #expect(shown.stdout.contains("stream of step local/iteration-counter.count: 3000 messages"))
        // stdout went to a file: JSON lines, as into a pipe.
        let written = try String(contentsOfFile: workspace.root + "/out.jsonl", encoding: .utf8)
        #expect(written.hasPrefix(#"{"line":1,"event":"snapshot","data":{"iteration":1}}"#), "\(written.prefix(200))")
    }

    @Test func testResultsShowAsTheyPassThenAsATable() throws {
        let workspace = try Workspace()
        let shown = try atTerminal(workspace, ["test", Self.counter, "--no-color"])
        let text = shown.stdout.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(text.range(of: #"✔ fixture.firstRun \(\d+ ms\)"#, options: .regularExpression) != nil, "\(text)")
        #expect(text.contains("CASE ") && text.contains("RESULT") && text.contains("3 passed, 0 failed"))
        let json = try workspace.jshost(["test", Self.counter, "--json"])
        #expect(json.stdoutLines.count == 3 && json.stdoutLines[0].hasPrefix(#"{"case":"fixture.firstRun","passed":true"#), "\(json.stdout)")
        let piped = try workspace.jshost(["test", Self.counter])
        #expect(piped.stdout == "✔ fixture.firstRun\n✔ fixture.resumesFromSnapshot\n✔ three-runs\n3 passed, 0 failed\n")
    }
}

import Foundation
import Testing
import SQLiteStore
import SnapshotStore
import JSHostCore

@Suite(.timeLimit(.minutes(10))) struct StreamingTests {
    func mapComponent(_ workspace: Workspace, body: String = "return { body: { id: msg.body.id, seen: count } };") throws -> String {
        try workspace.write("map/component.json", #"{"actions":{"map":{"main":"./map.js"}}}"#)
        try workspace.write("map/map.js", """
            exports.process = async function (msg, cfg, snapshot) {
              const count = (snapshot.count || 0) + 1;
              await this.emit('snapshot', { count });
              \(body)
            };
            """)
        return workspace.root + "/map"
    }

    @Test func linesAreProcessedInOrderWithTheSnapshotCarriedAndTagged() throws {
        let workspace = try Workspace()
        let component = try mapComponent(workspace)
        try workspace.write("in.jsonl", #"{"body":{"id":1}}"# + "\n\n" + "{broken\n" + #"{"body":{"id":4}}"# + "\n")
        let run = try workspace.jshost(["run", component, "--input", workspace.root + "/in.jsonl"])
        #expect(run.status == 1)   // the malformed line is an error event
        #expect(run.stdoutLines == [
            #"{"line":1,"event":"snapshot","data":{"count":1}}"#,
            #"{"line":1,"event":"data","data":{"body":{"id":1,"seen":1},"headers":{}}}"#,
            #"{"line":1,"event":"end"}"#,
            #"{"line":3,"event":"error","data":{"name":"SyntaxError","message":"line 3 is not valid JSON; the line was skipped and the stream goes on","stack":"Not Available"}}"#,
            #"{"line":4,"event":"snapshot","data":{"count":2}}"#,
            #"{"line":4,"event":"data","data":{"body":{"id":4,"seen":2},"headers":{}}}"#,
            #"{"line":4,"event":"end"}"#,
        ])
        #expect(run.stderr.contains("3 messages (1 malformed, 0 skipped), 1 error, 1 commit, committed through line 4"))
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == "{\"count\":2}\n")
    }

    @Test func stdinAndGroupCommits() async throws {
        let workspace = try Workspace()
        let component = try mapComponent(workspace)
        let input = (1...25).map { #"{"body":{"id":\#($0)}}"# }.joined(separator: "\n")
        try workspace.write("in.jsonl", input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["run", component, "--input", "-", "--commit-every", "10", "--state-dir", workspace.stateDirectory]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: workspace.root + "/in.jsonl"))
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("25 messages (0 malformed, 0 skipped), 0 errors, 3 commits, committed through line 25"))
        let store = try SQLiteSnapshotStore(path: SQLiteSnapshotStore.defaultPath(stateDirectory: workspace.stateDirectory))
        #expect(try await store.inputPosition(StepKey(flow: "local", step: "map.map"), stream: "stdin") == 25)
        #expect(try await store.runs(StepKey(flow: "local", step: "map.map")).map(\.dataCount) == [10, 10, 5])
    }

    @Test func resumeSkipsCommittedLinesAndARerunWarns() throws {
        let workspace = try Workspace()
        let component = try mapComponent(workspace)
        try workspace.write("in.jsonl", (1...5).map { #"{"body":{"id":\#($0)}}"# }.joined(separator: "\n"))
        _ = try workspace.jshost(["run", component, "--input", workspace.root + "/in.jsonl"])
        try workspace.write("in.jsonl", (1...8).map { #"{"body":{"id":\#($0)}}"# }.joined(separator: "\n"))
        let resumed = try workspace.jshost(["run", component, "--input", workspace.root + "/in.jsonl", "--resume"])
        #expect(resumed.stderr.contains("3 messages (0 malformed, 5 skipped)"))
        #expect(resumed.stdoutLines.first == #"{"line":6,"event":"snapshot","data":{"count":6}}"#)
        let again = try workspace.jshost(["run", component, "--input", workspace.root + "/in.jsonl", "--no-commit"])
        #expect(again.stderr.contains("already committed through line 8"))
        #expect(again.stderr.contains("nothing committed (--no-commit)"))
    }

    @Test func aMessageThatRunsForeverStopsTheStreamWithExitThree() throws {
        let workspace = try Workspace()
        let component = try mapComponent(workspace, body: "if (msg.body.id === 3) for (;;) {}\n  return { body: msg.body };")
        try workspace.write("in.jsonl", (1...5).map { #"{"body":{"id":\#($0)}}"# }.joined(separator: "\n"))
        let run = try workspace.jshost(["run", component, "--input", workspace.root + "/in.jsonl", "--timeout", "1",
                                        "--commit-every", "1"])
        #expect(run.status == 3)
        #expect(run.duration < .seconds(3))
        #expect(run.stderr.contains("line 3 timed out after 1 s"))
        // Lines 1 and 2 were committed, one batch each; line 3 is where --resume starts again.
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == "{\"count\":2}\n")
    }

    @Test func commitPolicySyntax() throws {
        let workspace = try Workspace()
        let component = try mapComponent(workspace)
        try workspace.write("in.jsonl", #"{"body":{"id":1}}"#)
        for good in ["10", "100ms", "2s", "10,100ms"] {
            #expect(try workspace.jshost(["run", component, "--input", workspace.root + "/in.jsonl", "--commit-every", good, "--no-commit"]).status == 0)
        }
        let bad = try workspace.jshost(["run", component, "--input", workspace.root + "/in.jsonl", "--commit-every", "soon"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--commit-every soon is not N, T or N,T"))
        #expect(try workspace.jshost(["run", component, "--resume"]).status == 2)
    }
}

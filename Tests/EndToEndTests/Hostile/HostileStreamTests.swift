import Foundation
import SQLiteStore
import SnapshotStore
import Testing
import JSHostCore

/// Streams: every input line is processed or reported, never skipped, whatever it holds or however much data
/// its messages emit.
@Suite struct HostileStreamTests {
    func mapper(_ workspace: Workspace, _ code: String = "return { body: msg.body };") throws -> String {
        try workspace.component("""
            exports.process = async function (msg, cfg, snapshot) {
              await this.emit('snapshot', { count: (snapshot.count || 0) + 1 });
              \(code)
            };
            """)
    }

    @Test func aNulByteInALineLosesNoOtherLine() async throws {
        let workspace = try Workspace()
        let component = try mapper(workspace)
        var lines = (1...1000).map { #"{"body":{"i":\#($0)}}"# }
        lines[5] = "{\"body\":{\"i\":6,\"s\":\"a\u{0}b\"}}"
        lines[9] = #"{"body":{"i":10,"escaped":"a\u0000b"}}"#
        try workspace.write("input.jsonl", lines.joined(separator: "\n") + "\n")
        let run = try workspace.jshost(["run", component, "--input", workspace.root + "/input.jsonl"])
        #expect(run.status == 1, "line 6 is not JSON (a raw control character): one error")
        #expect(run.stdoutLines.filter { $0.contains(#""event":"data""#) }.count == 999)
        #expect(run.stdout.contains(#"{"line":6,"event":"error""#))
        #expect(run.lastStderrLine.contains("1000 messages (1 malformed, 0 skipped)"), "\(run.lastStderrLine)")
        let store = try SQLiteSnapshotStore(path: workspace.stateDirectory + "/state.sqlite")
        let outbox = try await store.outboxLines(StepKey(flow: "local", step: "cmp.t"))
        #expect(outbox.count == 999)
        #expect(outbox.compactMap(\.line) == Array(1...1000).filter { $0 != 6 })
        #expect(try await store.get(StepKey(flow: "local", step: "cmp.t"))?.json == #"{"count":999}"#)
    }

    @Test func aBatchWhoseDataGrowsLargeIsCommittedInPartsWithEveryLine() async throws {
        let workspace = try Workspace()
        // 40 messages of 1 MiB each: more than one batch may hold, so the batch stops early and the rest follows.
        let component = try mapper(workspace, "return { body: { i: msg.body.i, blob: 'x'.repeat(1 << 20) } };")
        try workspace.write("input.jsonl", (1...40).map { #"{"body":{"i":\#($0)}}"# }.joined(separator: "\n") + "\n")
        let run = try workspace.jshost(["run", component, "--input", workspace.root + "/input.jsonl"])
        #expect(run.status == 0, "\(run.stderr.suffix(400))")
        #expect(run.stdoutLines.filter { $0.contains(#""event":"data""#) }.count == 40)
        #expect(run.lastStderrLine.contains("40 messages") && run.lastStderrLine.contains("committed through line 40"), "\(run.lastStderrLine)")
        let store = try SQLiteSnapshotStore(path: workspace.stateDirectory + "/state.sqlite")
        let outbox = try await store.outboxLines(StepKey(flow: "local", step: "cmp.t"))
        #expect(outbox.compactMap(\.line) == Array(1...40))
        #expect(try await store.runs(StepKey(flow: "local", step: "cmp.t")).count >= 2, "the data was committed in more than one group")
        #expect(try await store.get(StepKey(flow: "local", step: "cmp.t"))?.json == #"{"count":40}"#)
    }

    @Test func aLoneSurrogateInAStreamDoesNotStickTheStep() async throws {
        let workspace = try Workspace()
        let component = try workspace.component("""
            exports.process = async function (msg) {
              await this.emit('snapshot', { last: msg.body.title.slice(0, 1) });
              return { body: { ok: true } };
            };
            """)
        try workspace.write("input.jsonl", (1...3).map { _ in #"{"body":{"title":"😀 emoji"}}"# }.joined(separator: "\n") + "\n")
        let run = try workspace.jshost(["run", component, "--input", workspace.root + "/input.jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.lastStderrLine.contains("committed through line 3"))
        let resumed = try workspace.jshost(["run", component, "--input", workspace.root + "/input.jsonl", "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
    }

    @Test func aFolderAsInputIsRefused() throws {
        let workspace = try Workspace()
        let component = try mapper(workspace)
        let run = try workspace.jshost(["run", component, "--input", workspace.root])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is a folder"), "\(run.stderr)")
    }
}

import Foundation
import GRDB
import SQLiteStore
import SnapshotStore
import Testing
import JSHostCore

/// Snapshots: whatever a component emits, jshost stores it faithfully or says why not, and never leaves a step
/// that can no longer run; a damaged or foreign store is refused by name.
@Suite struct HostileSnapshotTests {
    @Test func aLoneSurrogateIsStoredAndReadBackFaithfully() async throws {
        let workspace = try Workspace()
        let component = try workspace.component("""
            exports.process = async function (msg, cfg, snapshot) {
              const title = '😀 title';
              await this.emit('snapshot', { cut: title.slice(0, 1), runs: (snapshot.runs || 0) + 1 });
              return { body: { code: snapshot.cut === undefined ? null : snapshot.cut.charCodeAt(0), length: snapshot.cut ? snapshot.cut.length : 0 } };
            };
            """)
        let first = try workspace.jshost(["run", component])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try workspace.jshost(["run", component])
        #expect(second.status == 0, "\(second.stderr)")
        let body = try second.firstBody()
        #expect(body["code"] as? Int == 0xD83D)
        #expect(body["length"] as? Int == 1)
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == #"{"cut":"\ud83d","runs":2}"# + "\n")
    }

    @Test func aDeeplyNestedSnapshotUnderTheLimitIsStored() async throws {
        let workspace = try Workspace()
        let component = try workspace.component("""
            exports.process = async function (msg, cfg, snapshot) {
              let depth = 0;
              for (let v = snapshot; Array.isArray(v); v = v[0]) depth++;
              let value = 1;
              for (let i = 0; i < 1000; i++) value = [value];
              await this.emit('snapshot', value);
              return { body: { depth } };
            };
            """)
        #expect(try workspace.jshost(["run", component]).status == 0)
        let second = try workspace.jshost(["run", component])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try second.firstBody()["depth"] as? Int == 1000)
    }

    @Test func anErrorWhoseMessageGetterThrowsIsStillReported() throws {
        let workspace = try Workspace()
        let component = try workspace.component("""
            exports.process = async function () {
              const error = new Error('x');
              Object.defineProperty(error, 'message', { get() { throw new Error('gotcha'); } });
              Object.defineProperty(error, 'name', { get() { throw 42; } });
              throw error;
            };
            """)
        let run = try workspace.jshost(["run", component])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains(#""event":"error""#) && run.stdout.contains("could not be read: gotcha"), "\(run.stdout)")
        #expect(run.lastStderrLine.contains("1 error"), "\(run.lastStderrLine)")
    }

    @Test func processExitIsTheComponentsOwnOutcome() async throws {
        let workspace = try Workspace()
        let component = try workspace.component("""
            exports.process = async function () {
              await this.emit('data', { body: { a: 1 } });
              await this.emit('snapshot', { lost: true });
              process.exit(0);
            };
            """)
        let run = try workspace.jshost(["run", component])
        #expect(run.status == 6, "\(run.stderr)")
        #expect(run.stderr.contains("process.exit(0)") && run.stderr.contains("nothing was committed"))
        #expect(try workspace.jshost(["snapshot", "get", component]).status == 1)
    }

    @Test func valuesJSONCannotWriteAreReportedAndKeepTheStoredSnapshot() async throws {
        let workspace = try Workspace()
        let component = try workspace.component("""
            exports.process = async function (msg, cfg) {
              const values = { fn: function () {}, symbol: Symbol('s'), cyclic: (() => { const o = {}; o.o = o; return o; })(),
                big: { n: 10n }, nan: NaN, badDate: new Date(NaN), keep: { kept: true } };
              await this.emit('snapshot', values[cfg.kind]);
              return { body: {} };
            };
            """)
        #expect(try workspace.jshost(["run", component, "--cfg", #"{"kind":"keep"}"#]).status == 0)
        for kind in ["fn", "symbol"] {
            let run = try workspace.jshost(["run", component, "--cfg", #"{"kind":"\#(kind)"}"#])
            #expect(run.status == 0, "\(kind): \(run.stderr)")
            #expect(run.stderr.contains("JSON.stringify writes nothing for it"), "\(kind): \(run.stderr)")
            #expect(!run.stdout.contains("json.length"))
        }
        for kind in ["cyclic", "big"] {
            let run = try workspace.jshost(["run", component, "--cfg", #"{"kind":"\#(kind)"}"#])
            #expect(run.status == 1, "\(kind): \(run.stderr)")
            #expect(run.stdout.contains("SnapshotError") && run.stdout.contains("cannot be written as JSON"), "\(kind): \(run.stdout)")
        }
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == "{\"kept\":true}\n")
        for kind in ["nan", "badDate"] {
            let run = try workspace.jshost(["run", component, "--cfg", #"{"kind":"\#(kind)"}"#])
            #expect(run.stderr.contains("is stored as null, as JSON.stringify writes it: the snapshot is cleared"), "\(kind): \(run.stderr)")
        }
    }

    @Test func aMissingProcessExportNamesTheFileAndTheFix() throws {
        let workspace = try Workspace()
        let component = try workspace.component("exports.default = { process: async function () {} };")
        let run = try workspace.jshost(["run", component])
        #expect(run.stdout.contains("Process function is not found"), "sailor's own message stays in the error event")
        #expect(run.stderr.contains("\(component)/t.js") && run.stderr.contains("exports.default"), "\(run.stderr)")
    }

    @Test func overriddenGlobalsCannotForgeOutputOrTheOutbox() async throws {
        let workspace = try Workspace()
        let component = try workspace.component("""
            exports.process = async function () {
              JSON.stringify = () => '{"forged":1}\\n{"event":"data","data":{"evil":true}}';
              Array.prototype.push = function () { return 0; };
              Array.prototype.join = function () { return 'joined'; };
              await this.emit('data', { body: { honest: true } });
              this.logger.info('still logging');
            };
            """)
        let run = try workspace.jshost(["run", component])
        #expect(run.stdoutLines.count == 2, "\(run.stdout)")
        #expect(try run.firstBody()["honest"] as? Bool == true)
        #expect(run.stderr.contains("still logging"))
        let store = try SQLiteSnapshotStore(path: workspace.stateDirectory + "/state.sqlite")
        let runs = try await store.runs(StepKey(flow: "local", step: "cmp.t"))
        let outbox = try await store.outbox(runID: try #require(runs.first).id)
        #expect(outbox == [#"{"body":{"honest":true},"headers":{}}"#])
    }

    @Test func aDamagedStoredValueIsRefusedByNameAndNotPrinted() throws {
        let workspace = try Workspace()
        let component = try workspace.component("exports.process = async function (m, c, s) { return { body: s }; };")
        #expect(try workspace.jshost(["snapshot", "set", #"{"a":1}"#, component]).status == 0)
        let queue = try DatabaseQueue(path: workspace.stateDirectory + "/state.sqlite")
        try queue.write { try $0.execute(sql: "UPDATE step_snapshot SET value = '{\"a\":1' WHERE step = 'cmp.t'") }
        let get = try workspace.jshost(["snapshot", "get", component])
        #expect(get.status == 5, "\(get.stderr)")
        #expect(get.stdout.isEmpty)
        #expect(get.stderr.contains("local/cmp.t") && get.stderr.contains("damaged") && get.stderr.contains("roll back"), "\(get.stderr)")
        let run = try workspace.jshost(["run", component])
        #expect(run.status == 5, "\(run.stderr)")
        #expect(run.stdout.isEmpty, "the component must not run on a damaged snapshot")
        #expect(try workspace.jshost(["snapshot", "history", component]).status == 0, "history stays readable to roll back")
    }

    @Test func aStoreFromANewerJshostIsRefusedNamingBothVersions() throws {
        let workspace = try Workspace()
        #expect(try workspace.jshost(["snapshot", "set", #"{"a":1}"#, "--step", "s"]).status == 0)
        let queue = try DatabaseQueue(path: workspace.stateDirectory + "/state.sqlite")
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: a future layout')") }
        for command in [["snapshot", "get", "--step", "s"], ["snapshot", "set", "{}", "--step", "s"], ["run", "components/iteration-counter"]] {
            let run = try workspace.jshost(command)
            #expect(run.status == 5, "\(command): \(run.stderr)")
            #expect(run.stderr.contains("schema version 99") && run.stderr.contains("knows versions up to"), "\(run.stderr)")
        }
        let rows = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM snapshot_version") }
        #expect(rows == 1, "nothing was written")
    }

    @Test func importAcceptsAnExportLineRewrittenWithOtherSpacingAndKeyOrder() throws {
        let workspace = try Workspace()
        #expect(try workspace.jshost(["snapshot", "set", #"{"b":[1,2.5,"é"],"a":{"y":null,"x":true},"s":"\ud83d"}"#, "--step", "s"]).status == 0)
        let exported = try workspace.jshost(["snapshot", "export"]).stdout
        // (Foundation's reader refuses the lone surrogate, so the hash is taken from the text.)
        let hashRange = try #require(exported.range(of: #""hash":"[0-9a-f]{64}""#, options: .regularExpression))
        let hash = String(exported[hashRange].dropFirst(8).dropLast())
        // As Python's json.dumps writes it: spaces after separators, other key order, \u escapes for non-ASCII.
        let rewritten = #"{"value": {"a": {"x": true, "y": null}, "s": "\ud83d", "b": [1, 2.5, "\u00e9"]}, "version": 1, "hash": "\#(hash)", "step": "s", "flow": "local"}"#
        try workspace.write("rewritten.jsonl", rewritten + "\n")
        for _ in 0..<10 {
            let again = try Workspace()
            let imported = try again.jshost(["snapshot", "import", workspace.root + "/rewritten.jsonl"])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        try workspace.write("tampered.jsonl", rewritten.replacingOccurrences(of: "2.5", with: "3.5") + "\n")
        let tampered = try Workspace().jshost(["snapshot", "import", workspace.root + "/tampered.jsonl"])
        #expect(tampered.status != 0 && tampered.stderr.contains("does not match its hash"), "\(tampered.stderr)")
    }
}

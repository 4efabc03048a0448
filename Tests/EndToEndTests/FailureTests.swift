import Foundation
import Testing

@Suite(.timeLimit(.minutes(10))) struct FailureTests {
    func makeComponent(_ workspace: Workspace, _ source: String) throws -> String {
        try workspace.write("cmp/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("cmp/t.js", source)
        return workspace.root + "/cmp"
    }

    @Test func oversizeSnapshotIsAnErrorAndTheStoredValueStays() throws {
        let workspace = try Workspace()
        let component = try makeComponent(workspace, """
            exports.process = async function (msg, cfg, snapshot) {
              if (cfg.big) await this.emit('snapshot', { items: 'x'.repeat(6000) });
              else await this.emit('snapshot', { small: true });
            };
            """)
        #expect(try workspace.jshost(["run", component]).status == 0)
        let run = try workspace.jshost(["run", component, "--cfg", #"{"big":true}"#])
        #expect(run.status == 1)
        #expect(run.stdout.contains(#"{"event":"error","data":{"name":"SnapshotLimitError","message":"snapshot not stored: snapshot is 6012 bytes, over the 5120-byte limit"#))
        #expect(!run.stdout.contains("jshost:internal"))
        #expect(run.stdout.contains("t.js:2"))
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == "{\"small\":true}\n")
    }

    @Test func syntaxErrorExitsTwoAndNamesFileAndLine() throws {
        let workspace = try Workspace()
        let component = try makeComponent(workspace, "exports.process = function () {\n  const x = ;\n};\n")
        let run = try workspace.jshost(["run", component])
        #expect(run.status == 2)
        #expect(run.stderr.contains("t.js:2"))
        #expect(run.stderr.contains("can not be loaded"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func endlessLoopExitsThreeWithinTheTimeoutAndKeepsTheSnapshot() throws {
        let workspace = try Workspace()
        let component = try makeComponent(workspace, """
            exports.process = function (msg, cfg) {
              this.emit('snapshot', { n: cfg.loop ? 'changed' : 'original' });
              if (cfg.loop) for (;;) {}
            };
            """)
        #expect(try workspace.jshost(["run", component]).status == 0)
        let run = try workspace.jshost(["run", component, "--cfg", #"{"loop":true}"#, "--timeout", "2"])
        #expect(run.status == 3)
        #expect(run.duration < .seconds(3))
        #expect(run.stderr.contains("timed out after 2 s"))
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == "{\"n\":\"original\"}\n")
    }

    @Test func aRunStoppedWhileWaitingCommitsNothingAndTheNextRunTakesTheStep() throws {
        // The watchdog ends the process without releasing the step's lease; the next run must reclaim it.
        let workspace = try Workspace()
        let component = try makeComponent(workspace, """
            exports.process = async function (msg, cfg) {
              if (cfg.wait) await new Promise((resolve) => setTimeout(resolve, 60000));
              this.emit('snapshot', { waited: Boolean(cfg.wait) });
              this.emit('end');
            };
            """)
        let stopped = try workspace.jshost(["run", component, "--cfg", #"{"wait":true}"#, "--timeout", "1"])
        #expect(stopped.status == 3)
        #expect(stopped.duration < .seconds(2))
        #expect(stopped.stderr.contains("run timed out after 1 s and was stopped; nothing was committed"))
        #expect(try workspace.jshost(["snapshot", "get", component]).status == 1)
        let next = try workspace.jshost(["run", component])
        #expect(next.status == 0)
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == "{\"waited\":false}\n")
    }

    @Test func timerThatNeverStopsExitsThree() throws {
        let workspace = try Workspace()
        let component = try makeComponent(workspace, "exports.process = function () { this.emit('end'); setInterval(() => {}, 50); };")
        let run = try workspace.jshost(["run", component, "--timeout", "1"])
        #expect(run.status == 3)
        #expect(run.duration < .seconds(2))
    }

    @Test func usageErrorsExitTwoWithOneLine() throws {
        let workspace = try Workspace()
        let unknown = try workspace.jshost(["run", "components/iteration-counter", "--function", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains(#"Trigger or action "nope" is not found in component.json!"#))
        let missing = try workspace.jshost(["run", workspace.root + "/does-not-exist"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("does not exist"))
        let badJSON = try workspace.jshost(["run", "components/iteration-counter", "--msg", "{oops"])
        #expect(badJSON.status == 2)
        #expect(badJSON.stderr.contains("--msg is not valid JSON"))
        let badOption = try workspace.jshost(["run", "components/iteration-counter", "--timeout", "-1"])
        #expect(badOption.status == 2)
    }

    @Test func errorEventsExitOne() throws {
        let workspace = try Workspace()
        let component = try makeComponent(workspace, "exports.process = async function () { throw new Error('nope'); };")
        let run = try workspace.jshost(["run", component])
        #expect(run.status == 1)
        #expect(run.stdoutLines.map { $0.prefix(17) } == [#"{"event":"error","#, #"{"event":"end"}"#])
    }

    @Test func frozenClock() throws {
        let workspace = try Workspace()
        let component = try makeComponent(workspace, "exports.process = async function () { return { body: new Date().toISOString() + '|' + Date.now() }; };")
        let run = try workspace.jshost(["run", component, "--now", "2024-02-29T12:00:00Z"])
        #expect(run.dataBodies == [#""2024-02-29T12:00:00.000Z|1709208000000""#])
    }

    @Test func helpDocumentsExitCodes() throws {
        let workspace = try Workspace()
        let help = try workspace.jshost(["run", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("3  timed out or terminated"))
    }
}

@Suite(.timeLimit(.minutes(10))) struct ServiceCommandTests {
    @Test func verifyAndModel() throws {
        let workspace = try Workspace()
        try workspace.write("cmp/component.json", #"{"actions":{"lookup":{"main":"./lookup.js","dynamicMetadata":true}}}"#)
        try workspace.write("cmp/lookup.js", "exports.process = () => {}; exports.getMetaModel = async (cfg) => ({ in: {}, out: { key: cfg.key } });")
        try workspace.write("cmp/verifyCredentials.js", "module.exports = function (cfg, cb) { cb(null, { verified: cfg.key === 'good' }); };")
        let component = workspace.root + "/cmp"
        let good = try workspace.jshost(["verify", component, "--cfg", #"{"key":"good"}"#])
        #expect(good.status == 0)
        #expect(good.stdout == "{\"verified\":true}\n")
        let bad = try workspace.jshost(["verify", component, "--cfg", #"{"key":"bad"}"#])
        #expect(bad.status == 1)
        #expect(bad.stdout == "{\"verified\":false}\n")
        let model = try workspace.jshost(["model", component, "lookup", "getMetaModel", "--cfg", #"{"key":"k"}"#])
        #expect(model.status == 0)
        #expect(model.stdout == "{\"in\":{},\"out\":{\"key\":\"k\"}}\n")
        let missing = try workspace.jshost(["model", component, "lookup", "nothing"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains(#""status":"error""#))
    }
}

@Suite(.timeLimit(.minutes(10))) struct SignalAndCrashTests {
    @Test func sigtermStopsARunWithExitThreeAndCommitsNothing() throws {
        let workspace = try Workspace()
        try workspace.write("cmp/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("cmp/t.js", """
            exports.process = function (msg, cfg) {
              this.emit('snapshot', { n: cfg.hang ? 'changed' : 'original' });
              if (cfg.hang) setInterval(() => {}, 20);
            };
            """)
        let component = workspace.root + "/cmp"
        #expect(try workspace.jshost(["run", component]).status == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["run", component, "--cfg", #"{"hang":true}"#, "--timeout", "30", "--state-dir", workspace.stateDirectory]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for the snapshot event, so the signal lands mid-run.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        let signalled = ContinuousClock.now
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
        #expect(signalled.duration(to: .now) < .seconds(5))
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == "{\"n\":\"original\"}\n")
    }

    @Test func uncaughtExceptionExitsOneAndCommitsNothing() throws {
        let workspace = try Workspace()
        try workspace.write("cmp/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("cmp/t.js", """
            exports.process = function () {
              this.emit('snapshot', { n: 1 });
              setTimeout(() => { null.boom; }, 1);
            };
            """)
        let run = try workspace.jshost(["run", workspace.root + "/cmp"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("component crashed with an uncaught TypeError"))
        #expect(try workspace.jshost(["snapshot", "get", workspace.root + "/cmp"]).status == 1)
    }

    @Test func prettyOutputIsForPeople() throws {
        let workspace = try Workspace()
        let run = try workspace.jshost(["run", "components/iteration-counter", "--pretty", "--no-commit"])
        #expect(run.status == 0)
        // Node's JSON.stringify(v, null, 2), keys in the order the component made them (id first, as sailor's
        // messages.newMessageWithBody builds it); no colour into a pipe.
        #expect(run.stdout.hasPrefix("▸ snapshot\n  {\n    \"iteration\": 1\n  }\n▸ data\n  {\n    \"id\": "), "\(run.stdout)")
        #expect(!run.stdout.contains("\u{1B}["))
    }
}

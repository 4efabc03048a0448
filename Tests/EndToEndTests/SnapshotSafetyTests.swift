import Foundation
import Testing

@Suite(.timeLimit(.minutes(10))) struct CommitReportTests {
    @Test func lastStderrLineReportsTheCommit() throws {
        let workspace = try Workspace()
        let run = try workspace.jshost(["run", "components/iteration-counter"])
        let last = try #require(run.stderr.split(separator: "\n").last)
        #expect(last.range(of: #"^jshost: committed run [0-9a-f-]{36} of step local/iteration-counter\.count: snapshot version 1 \(1 data message, 0 errors\)$"#,
                           options: .regularExpression) != nil)
    }

    @Test func runsWithoutASnapshotKeepTheStoredOneAndNullClearsIt() throws {
        let workspace = try Workspace()
        try workspace.write("cmp/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("cmp/t.js", """
            exports.process = async function (msg, cfg, snapshot) {
              if (cfg.mode === 'set') await this.emit('snapshot', { kept: true });
              if (cfg.mode === 'clear') await this.emit('snapshot', null);
              return { body: snapshot };
            };
            """)
        let component = workspace.root + "/cmp"
        _ = try workspace.jshost(["run", component, "--cfg", #"{"mode":"set"}"#])
        let empty = try workspace.jshost(["run", component, "--cfg", #"{"mode":"none"}"#])
        #expect(empty.stderr.contains("snapshot unchanged at version 1"))
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == "{\"kept\":true}\n")
        let clear = try workspace.jshost(["run", component, "--cfg", #"{"mode":"clear"}"#])
        #expect(clear.stderr.contains("cleared by emit('snapshot', null)"))
        #expect(clear.stderr.contains("snapshot cleared, version 2"))
        let get = try workspace.jshost(["snapshot", "get", component])
        #expect(get.status == 1)
        #expect(get.stderr.contains("cleared at version 2"))
        #expect(try workspace.jshost(["run", component, "--cfg", #"{"mode":"none"}"#]).dataBodies == ["{}"])
    }
}

@Suite(.timeLimit(.minutes(10))) struct ConcurrencyCLITests {
    func slowComponent(_ workspace: Workspace) throws -> String {
        try workspace.write("slow/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("slow/t.js", """
            exports.process = async function (msg, cfg, snapshot) {
              process.stderr.write('started\\n');
              await new Promise((resolve) => setTimeout(resolve, cfg.ms || 1500));
              await this.emit('snapshot', { runs: (snapshot.runs || 0) + 1 });
            };
            """)
        return workspace.root + "/slow"
    }

    /// Starts a run in the background and returns once its component has started.
    func startInBackground(_ workspace: Workspace, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments + ["--state-dir", workspace.stateDirectory]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("started") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        return process
    }

    @Test func secondRunFailsFastOrWaits() throws {
        let workspace = try Workspace()
        let component = try slowComponent(workspace)
        let first = try startInBackground(workspace, ["run", component])
        let second = try workspace.jshost(["run", component])
        #expect(second.status == 4)
        #expect(second.stderr.range(of: #"step local/slow\.t is running in pid \#(first.processIdentifier) since \d{4}-"#,
                                    options: .regularExpression) != nil)
        #expect(second.duration < .seconds(1))
        let edit = try workspace.jshost(["snapshot", "set", "{}", component])
        #expect(edit.status == 4)
        let waited = try workspace.jshost(["run", component, "--wait=30"])
        #expect(waited.status == 0)
        first.waitUntilExit()
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == "{\"runs\":2}\n")
    }

    @Test func leaseOfAKilledRunIsReclaimed() throws {
        let workspace = try Workspace()
        let component = try slowComponent(workspace)
        let victim = try startInBackground(workspace, ["run", component, "--cfg", #"{"ms":60000}"#])
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        let next = try workspace.jshost(["run", component, "--cfg", #"{"ms":1}"#])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try workspace.jshost(["snapshot", "get", component]).stdout == "{\"runs\":1}\n")
    }

    @Test func compareAndSetFromTheCommandLine() throws {
        let workspace = try Workspace()
        #expect(try workspace.jshost(["snapshot", "set", "1", "--step", "s", "--if-version", "0"]).status == 0)
        let stale = try workspace.jshost(["snapshot", "set", "2", "--step", "s", "--if-version", "0"])
        #expect(stale.status == 4)
        #expect(stale.stderr.contains("is at version 1, not 0"))
        #expect(try workspace.jshost(["snapshot", "set", "2", "--step", "s", "--if-version", "1"]).status == 0)
    }
}

@Suite(.timeLimit(.minutes(10))) struct HistoryCLITests {
    @Test func historyDiffRollbackAndAudit() throws {
        let workspace = try Workspace()
        for _ in 1...3 { _ = try workspace.jshost(["run", "components/iteration-counter"]) }
        let history = try workspace.jshost(["snapshot", "history", "components/iteration-counter"])
        #expect(history.stdoutLines.count == 3)
        #expect(history.stdoutLines.first?.contains(#""version":3"#) == true)
        #expect(history.stdoutLines.first?.contains(#""source":"run:"#) == true)
        let diff = try workspace.jshost(["snapshot", "diff", "1", "3", "components/iteration-counter"])
        #expect(diff.stdout.contains("-   \"iteration\": 1\n+   \"iteration\": 3\n"))
        let patch = try workspace.jshost(["snapshot", "diff", "1", "3", "components/iteration-counter", "--json"])
        #expect(patch.stdout == #"[{"op":"replace","path":"/iteration","value":3}]"# + "\n")
        let rollback = try workspace.jshost(["snapshot", "rollback", "1", "components/iteration-counter", "--reason", "replay"])
        #expect(rollback.status == 0)
        #expect(try workspace.jshost(["snapshot", "get", "components/iteration-counter"]).stdout == "{\"iteration\":1}\n")
        let audit = try workspace.jshost(["snapshot", "audit", "components/iteration-counter"])
        #expect(audit.stdoutLines.count == 1)
        #expect(audit.stdout.contains(#""action":"rollback""#))
        #expect(audit.stdout.contains(#""oldVersion":3,"newVersion":4"#))
        #expect(audit.stdout.contains(#""reason":"replay""#))
        #expect(try workspace.jshost(["run", "components/iteration-counter"]).dataBodies == [#"{"iteration":2}"#])
        let depth = try workspace.jshost(["snapshot", "history", "components/iteration-counter", "--history-depth", "2"])
        #expect(depth.stdoutLines.count == 5)   // the depth prunes on the next write, not on reading
    }

    @Test func dryRunShowsTheWouldBeSnapshotAndCommitsNothing() throws {
        let workspace = try Workspace()
        _ = try workspace.jshost(["run", "components/iteration-counter"])
        let dry = try workspace.jshost(["run", "components/iteration-counter", "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.dataBodies == [#"{"iteration":2}"#])
        let report = try #require(dry.stdoutLines.last)
        #expect(report.hasPrefix(#"{"dryRun":{"step":"local/iteration-counter.count","storedVersion":1,"stored":{"iteration":1},"snapshot":{"iteration":2},"changed":true,"patch":[{"op":"replace","path":"/iteration","value":2}]}}"#))
        #expect(dry.stderr.contains("nothing was committed"))
        #expect(try workspace.jshost(["snapshot", "history", "components/iteration-counter"]).stdoutLines.count == 1)
    }

    @Test func configChangesWarnAndResetOnlyWhenAsked() throws {
        let workspace = try Workspace()
        _ = try workspace.jshost(["run", "components/iteration-counter", "--cfg", #"{"a":1}"#])
        let same = try workspace.jshost(["run", "components/iteration-counter", "--cfg", #"{ "a" : 1 }"#])
        #expect(!same.stderr.contains("changed since"))
        let changed = try workspace.jshost(["run", "components/iteration-counter", "--cfg", #"{"a":2}"#])
        #expect(changed.stderr.contains("cfg of step local/iteration-counter.count changed since snapshot version 2 was stored; keeping it"))
        #expect(changed.dataBodies == [#"{"iteration":3}"#])
        let reset = try workspace.jshost(["run", "components/iteration-counter", "--cfg", #"{"a":3}"#, "--reset-on-config-change"])
        #expect(reset.stderr.contains("--reset-on-config-change: starting from {}"))
        #expect(reset.dataBodies == [#"{"iteration":1}"#])
    }

    @Test func exportAndImportBothFormats() throws {
        let source = try Workspace()
        for _ in 1...2 { _ = try source.jshost(["run", "components/iteration-counter"]) }
        _ = try source.jshost(["snapshot", "set", #""2021-01-05T12:00:00.000Z""#, "--step", "poller.poll", "--flow", "f2"])
        let exported = try source.jshost(["snapshot", "export"])
        #expect(exported.stdoutLines.count == 2)
        #expect(exported.stdoutLines.contains { $0.hasPrefix(#"{"flow":"local","step":"iteration-counter.count","version":2,"value":{"iteration":2},"hash":""#) })

        let target = try Workspace()
        try target.write("export.jsonl", exported.stdout)
        let imported = try target.jshost(["snapshot", "import", target.root + "/export.jsonl", "--reason", "move hosts"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try target.jshost(["snapshot", "get", "components/iteration-counter"]).stdout == "{\"iteration\":2}\n")
        #expect(try target.jshost(["snapshot", "get", "--flow", "f2", "--step", "poller.poll"]).stdout == "\"2021-01-05T12:00:00.000Z\"\n")
        #expect(try target.jshost(["snapshot", "audit", "--all"]).stdout.contains(#""action":"import""#))

        try target.write("elastic.json", """
            {"data":[{"id":"step_1","type":"snapshot","links":{"self":"/v2/flows/f/snapshots/step_1"},"attributes":{"snapshot":{"lastModified":"2020-01-01"}}},
                     {"id":"step_2","type":"snapshot","attributes":{"snapshot":"plain"}}],"meta":{}}
            """)
        let elastic = try target.jshost(["snapshot", "import", target.root + "/elastic.json", "--flow", "flow-x"])
        #expect(elastic.status == 0, "\(elastic.stderr)")
        #expect(try target.jshost(["snapshot", "get", "--flow", "flow-x", "--step", "step_1"]).stdout == "{\"lastModified\":\"2020-01-01\"}\n")

        let tampered = exported.stdout.replacingOccurrences(of: #""value":{"iteration":2}"#, with: #""value":{"iteration":99}"#)
        try target.write("tampered.jsonl", tampered)
        let refused = try target.jshost(["snapshot", "import", target.root + "/tampered.jsonl"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("does not match its hash"))
    }
}

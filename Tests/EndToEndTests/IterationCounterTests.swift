import Foundation
import Testing

@Suite struct IterationCounterTests {
    @Test func snapshotIsCarriedAcrossProcesses() throws {
        let workspace = try Workspace()
        for expected in 1...3 {
            let run = try workspace.jshost(["run", "components/iteration-counter"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.dataBodies == [#"{"iteration":\#(expected)}"#])
            #expect(run.stdoutLines.first == #"{"event":"snapshot","data":{"iteration":\#(expected)}}"#)
            #expect(run.stderr.contains("finished without emitting 'end'"))
        }
        let stored = try workspace.jshost(["snapshot", "get", "components/iteration-counter"])
        #expect(stored.stdout == "{\"iteration\":3}\n")
        #expect(try workspace.jshost(["snapshot", "get", "--step", "iteration-counter.count"]).stdout == "{\"iteration\":3}\n")

        #expect(try workspace.jshost(["snapshot", "reset", "components/iteration-counter"]).status == 0)
        #expect(try workspace.jshost(["snapshot", "get", "components/iteration-counter"]).status == 1)
        #expect(try workspace.jshost(["run", "components/iteration-counter"]).dataBodies == [#"{"iteration":1}"#])
    }

    @Test func noCommitLeavesTheStoredValueAlone() throws {
        let workspace = try Workspace()
        _ = try workspace.jshost(["run", "components/iteration-counter"])
        let dry = try workspace.jshost(["run", "components/iteration-counter", "--no-commit"])
        #expect(dry.dataBodies == [#"{"iteration":2}"#])
        #expect(try workspace.jshost(["snapshot", "get", "components/iteration-counter"]).stdout == "{\"iteration\":1}\n")
    }

    @Test func snapshotOverrideAndSet() throws {
        let workspace = try Workspace()
        let overridden = try workspace.jshost(["run", "components/iteration-counter", "--snapshot", #"{"iteration":41}"#, "--no-commit"])
        #expect(overridden.dataBodies == [#"{"iteration":42}"#])
        let set = try workspace.jshost(["snapshot", "set", #"{"iteration":9}"#, "components/iteration-counter"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try workspace.jshost(["run", "components/iteration-counter"]).dataBodies == [#"{"iteration":10}"#])
        let list = try workspace.jshost(["snapshot", "list"])
        #expect(list.stdout.contains(#""flow":"local","step":"iteration-counter.count","version":2"#))
        #expect(list.stdout.contains(#""snapshot":{"iteration":10}"#))
    }

    @Test func setValidatesJSONAndTheLimit() throws {
        let workspace = try Workspace()
        let invalid = try workspace.jshost(["snapshot", "set", "{nope", "--step", "s"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("not valid JSON"))
        let big = try workspace.jshost(["snapshot", "set", "\"\(String(repeating: "x", count: 6000))\"", "--step", "s"])
        #expect(big.status == 2)
        #expect(big.stderr.contains("over the 5120-byte limit"))
        #expect(try workspace.jshost(["snapshot", "get", "--step", "s"]).status == 1)
    }
}

@Suite struct TimestampPollerTests {
    @Test func eachRecordIsEmittedExactlyOnceAcrossRuns() throws {
        let workspace = try Workspace()
        let cfg = ["--cfg", "@components/timestamp-poller/samples/cfg.json"]
        let first = try workspace.jshost(["run", "components/timestamp-poller"] + cfg)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("No snapshot yet: starting from 2017-01-01T00:00:00.000Z"))
        let second = try workspace.jshost(["run", "components/timestamp-poller"] + cfg)
        #expect(second.status == 0)
        #expect(!second.stderr.contains("No snapshot yet"))
        let ids = (first.dataBodies + second.dataBodies).compactMap { body -> Int? in
            (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["id"] as? Int
        }
        #expect(ids.sorted() == [1, 2, 4, 5, 6])
        #expect(second.dataBodies.isEmpty)
        let stored = try workspace.jshost(["snapshot", "get", "components/timestamp-poller"])
        #expect(stored.stdout == "\"2021-01-05T12:00:00.000Z\"\n")
    }
}

import Foundation
import Testing
import SQLiteStore
import SnapshotStore
import JSHostCore

/// SIGKILLs `jshost run` at random points, again and again, and after every kill checks that the store shows
/// exactly the committed runs and nothing of the killed ones. JSHOST_CRASH_KILLS sets how many kills
/// (default 200); `benchmarks/crash-loop` runs thousands.
@Suite(.timeLimit(.minutes(10))) struct CrashSafetyTests {
    static let dataPerRun = 20

    @Test func randomKillsNeverCorruptOrLoseCommittedState() async throws {
        let kills = ProcessInfo.processInfo.environment["JSHOST_CRASH_KILLS"].flatMap(Int.init) ?? 200
        let budget = Duration.seconds(ProcessInfo.processInfo.environment["JSHOST_CRASH_SECONDS"].flatMap(Int.init) ?? 270)
        let workspace = try Workspace()
        try workspace.write("loop/component.json", #"{"triggers":{"emit":{"main":"./emit.js"}}}"#)
        try workspace.write("loop/emit.js", """
            exports.process = async function (msg, cfg, snapshot) {
              const n = (snapshot.n || 0) + 1;
              for (let i = 0; i < \(Self.dataPerRun); i++) {
                await this.emit('data', { body: { n, i } });
                if (i % 5 === 4) await new Promise((resolve) => setImmediate(resolve));
              }
              await this.emit('snapshot', { n });
              await this.emit('end');
            };
            """)
        let component = workspace.root + "/loop"
        let key = StepKey(flow: "local", step: "loop.emit")
        let storePath = SQLiteSnapshotStore.defaultPath(stateDirectory: workspace.stateDirectory)

        // How long an undisturbed run takes, so kills land before, during and after the commit.
        let warmup = try workspace.jshost(["run", component])
        #expect(warmup.status == 0, "\(warmup.stderr)")
        let window = max(0.02, Double(warmup.duration.components.attoseconds) / 1e18 + Double(warmup.duration.components.seconds)) * 1.3

        var highestVersion = 0
        var killed = 0, completed = 0
        let started = ContinuousClock.now
        for _ in 0..<kills {
            if started.duration(to: .now) > budget { break }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = ["run", component, "--state-dir", workspace.stateDirectory, "--wait=10"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(Double.random(in: 0...window) * 1_000_000))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killed += 1 } else { completed += 1 }

            let store = try SQLiteSnapshotStore(path: storePath)
            try #require(try await store.integrityCheck() == "ok")
            let state = try #require(try await store.state(key))
            try #require(state.version >= highestVersion, "the version went back from \(highestVersion) to \(state.version)")
            highestVersion = state.version
            try await checkCommittedRuns(store, key, state)
        }
        #expect(killed + completed >= min(kills, 200) || started.duration(to: .now) > budget)
        #expect(killed > 0)
        print("crash test: \(killed) runs killed, \(completed) completed, final version \(highestVersion)")
    }

    /// Every committed run continued from the one before, its outbox is complete, and the stored snapshot is
    /// what the last committed run emitted. A killed run left nothing: no run, no outbox, no version.
    func checkCommittedRuns(_ store: SQLiteSnapshotStore, _ key: StepKey, _ state: StepState) async throws {
        let runs = try await store.runs(key)
        try #require(runs.count == state.version, "\(runs.count) runs recorded but the snapshot is at version \(state.version)")
        for (index, run) in runs.enumerated() {
            try #require(run.snapshotVersion == index + 1, "run \(index + 1) wrote version \(run.snapshotVersion ?? -1)")
            let outbox = try await store.outbox(runID: run.id)
            try #require(outbox.count == Self.dataPerRun, "run \(run.id) has \(outbox.count) of \(Self.dataPerRun) messages")
            for (i, message) in outbox.enumerated() {
                let object = try JSONSerialization.jsonObject(with: Data(message.utf8)) as? [String: Any]
                let body = object?["body"] as? [String: Any]
                try #require(body?["n"] as? Int == index + 1 && body?["i"] as? Int == i, "run \(index + 1) message \(i) is \(message)")
            }
        }
        try #require(state.json == #"{"n":\#(state.version)}"#, "stored \(state.json ?? "nil") after \(state.version) runs")
        if let lease = try await store.lease(key) { try #require(!lease.isHeld(), "a lease is held by live pid \(lease.owner.pid)") }
    }
}

/// Streams killed at random points and resumed: every input line ends up in the store exactly once.
@Suite(.timeLimit(.minutes(10))) struct StreamResumeTests {
    @Test func killedStreamsResumeWithEveryLineExactlyOnce() async throws {
        let workspace = try Workspace()
        try workspace.write("map/component.json", #"{"actions":{"map":{"main":"./map.js"}}}"#)
        try workspace.write("map/map.js", """
            exports.process = async function (msg, cfg, snapshot) {
              const count = (snapshot.count || 0) + 1;
              if (msg.body.id % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
              await this.emit('snapshot', { count, last: msg.body.id });
              return { body: { id: msg.body.id } };
            };
            """)
        // Enough lines that a whole pass takes several of the kill intervals below: the test must kill streams mid-way.
        let lines = 100_000
        try workspace.write("input.jsonl", (1...lines).map { #"{"body":{"id":\#($0)}}"# }.joined(separator: "\n") + "\n")
        let arguments = ["run", workspace.root + "/map", "--input", workspace.root + "/input.jsonl", "--resume",
                         "--commit-every", "50,20ms", "--state-dir", workspace.stateDirectory, "--wait=10"]
        var kills = 0
        var finished = false
        for attempt in 0..<200 where !finished {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill the first runs early and later ones at random; after 40 kills let it finish.
            if attempt < 40 {
                usleep(useconds_t(Double.random(in: 0.02...0.15) * 1_000_000))
                if process.isRunning { kill(process.processIdentifier, SIGKILL); kills += 1 }
            }
            process.waitUntilExit()
            finished = process.terminationReason == .exit && process.terminationStatus == 0
        }
        #expect(finished)
        #expect(kills >= 20)

        let store = try SQLiteSnapshotStore(path: SQLiteSnapshotStore.defaultPath(stateDirectory: workspace.stateDirectory))
        let key = StepKey(flow: "local", step: "map.map")
        #expect(try await store.integrityCheck() == "ok")
        let outbox = try await store.outboxLines(key)
        #expect(outbox.count == lines)
        #expect(outbox.compactMap(\.line) == Array(1...lines))
        let ids = outbox.compactMap { entry -> Int? in
            let object = try? JSONSerialization.jsonObject(with: Data(entry.message.utf8)) as? [String: Any]
            return (object?["body"] as? [String: Any])?["id"] as? Int
        }
        #expect(ids == Array(1...lines))
        #expect(try await store.get(key)?.json == #"{"count":\#(lines),"last":\#(lines)}"#)
        #expect(try await store.inputPosition(key, stream: URL(fileURLWithPath: workspace.root + "/input.jsonl").resolvingSymlinksInPath().path) == lines)
        print("stream resume test: \(kills) kills")
    }
}

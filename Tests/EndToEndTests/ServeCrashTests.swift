import Foundation
import GRDB
import SQLiteStore
import SnapshotStore
import Testing

/// `jshost serve` under failure: killed in the middle of its work, and steps that loop, crash or eat memory.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServeCrashTests {
    /// A step that marks each message's number in a bitmap in its snapshot, counting any number it sees twice, and
    /// replies with it: what "exactly once into the store" means, checked by the component's own state.
    func markingFlow(_ workspace: Workspace) throws {
        try workspace.write("components/marks/component.json", #"""
            {"title":"marks","triggers":{"take":{"main":"./take.js"}},"actions":{"mark":{"main":"./mark.js"}}}
            """#)
        try workspace.write("components/marks/take.js", "exports.process = async function (msg) { return { body: { n: msg.body.n } }; };")
        try workspace.write("components/marks/mark.js", """
            exports.process = async function (msg, cfg, snapshot) {
              const n = msg.body.n;
              let bits = snapshot.bits || '0'.repeat(250);
              const at = Math.floor(n / 4), bit = 1 << (n % 4), nibble = parseInt(bits[at], 16);
              if (nibble & bit) snapshot.dups = (snapshot.dups || 0) + 1;
              snapshot.bits = bits.slice(0, at) + (nibble | bit).toString(16) + bits.slice(at + 1);
              snapshot.count = (snapshot.count || 0) + 1;
              await this.emit('snapshot', snapshot);
              await this.emit('httpReply', { statusCode: 200, body: { n } });
            };
            """)
        try workspace.write("flows/marks.json", ServeWebhookTests.flow("marks",
            nodes: #"[{"id":"step_1","command":"../components/marks:take"},{"id":"step_2","command":"../components/marks:mark"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
    }

    @Test func sigkillInTheMiddleOfAThousandWebhookCallsLosesAndDoublesNothing() async throws {
        let workspace = try Workspace()
        try markingFlow(workspace)
        let service = try await RunningService(workspace, folder: "flows")
        let answered = Answered()
        let next = Answered()
        let killAfter = 300
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    while true {
                        let n = next.take(below: 1000)
                        guard let n else { return }
                        guard let reply = try? await service.post("/hook/marks", json: #"{"n":\#(n)}"#, headers: [:]) else { continue }
                        if (200..<300).contains(reply.status), reply.json?["n"] as? Int == n {
                            if answered.add(n) == killAfter { service.signal(SIGKILL) }
                        }
                    }
                }
            }
        }
        #expect(await service.waitForExit() != nil)
        let acknowledged = answered.all
        #expect(acknowledged.count >= killAfter && acknowledged.count < 1000, "the service was killed in the middle: \(acknowledged.count)")

        let restarted = try await RunningService(workspace, folder: "flows")
        let store = try StoreFile(workspace)
        #expect(try await eventually(timeout: 60) { try store.integer("SELECT count(*) FROM step_queue") == 0 },
                "the messages queued before the kill finish after the restart: \(restarted.stderr.suffix(2000))")
        let read = try workspace.jshost(["snapshot", "get", "--flow", "marks", "--step", "step_2"])
        let snapshot = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any])
        #expect(snapshot["dups"] == nil, "no message's effect went into the store twice: \(snapshot)")
        let bits = try #require(snapshot["bits"] as? String)
        let marked = Set((0..<1000).filter { n in
            let nibble = Int(String(bits[bits.index(bits.startIndex, offsetBy: n / 4)]), radix: 16) ?? 0
            return nibble & (1 << (n % 4)) != 0
        })
        #expect(acknowledged.isSubset(of: marked), "every answered call is in the store: missing \(acknowledged.subtracting(marked).sorted())")
        #expect(snapshot["count"] as? Int == marked.count, "the count never went back: \(snapshot["count"] ?? "none") for \(marked.count)")
        let versions = try store.integer("SELECT version FROM step_snapshot WHERE flow = 'marks' AND step = 'step_2'")
        #expect(versions == marked.count, "one snapshot version per message")
    }

    @Test func aStepThatLoopsCrashesOrEatsMemoryDoesNotStopAnotherFlow() async throws {
        let workspace = try Workspace()
        try workspace.write("components/bad/component.json", #"""
            {"title":"bad","triggers":{"take":{"main":"./take.js"}},
             "actions":{"loop":{"main":"./loop.js"},"crash":{"main":"./crash.js"},"hog":{"main":"./hog.js"}}}
            """#)
        try workspace.write("components/bad/take.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        try workspace.write("components/bad/loop.js", "exports.process = function () { for (;;) {} };")
        try workspace.write("components/bad/crash.js", "exports.process = function () { process.abort(); };")
        try workspace.write("components/bad/hog.js", """
            exports.process = function () { const kept = []; for (;;) kept.push(new Array(1 << 20).fill(kept.length)); };
            """)
        for bad in ["loop", "crash", "hog"] {
            try workspace.write("flows/\(bad).json", ServeWebhookTests.flow(bad,
                nodes: #"[{"id":"step_1","command":"../components/bad:take"},{"id":"step_2","command":"../components/bad:\#(bad)"}]"#,
                edges: #"[{"source":"step_1","target":"step_2"}]"#))
        }
        try workspace.write("flows/tick.json", ServeWebhookTests.flow("tick", nodes: #"[{"id":"step_1","command":"\#(ServeScheduleTests.counter)"}]"#)
            .replacingOccurrences(of: #""status":"active""#, with: #""status":"active","cron":"* * * * * *""#))
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--timeout", "1", "--worker-memory", "256"])
        func iteration() throws -> Int {
            let read = try workspace.jshost(["snapshot", "get", "--flow", "tick", "--step", "step_1"])
            return ((try? JSONSerialization.jsonObject(with: Data(read.stdout.utf8))) as? [String: Any])?["iteration"] as? Int ?? 0
        }
        #expect(try await eventually { try iteration() >= 1 })
        for bad in ["loop", "crash", "hog"] {
            let reply = try await service.post("/hook/\(bad)", json: #"{"n":1}"#)
            #expect(reply.status == 500, "\(bad): \(reply.text)")
            #expect(reply.headers["x-execution-id"]?.isEmpty == false)
            let code = (reply.json?["error"] as? [String: Any])?["code"] as? String
            #expect(code == ["loop": "timed-out", "crash": "crashed", "hog": "out-of-memory"][bad], "\(bad): \(reply.text)")
        }
        let before = try iteration()
        #expect(try await eventually(timeout: 15) { try iteration() >= before + 3 }, "the polling flow keeps counting: \(service.stderr.suffix(3000))")
        let health = try await service.call("GET", "/healthz")
        #expect(health.status == 200)
        // Each bad message is tried, backed off, and given up: recorded as a failed run, out of its queue.
        let store = try StoreFile(workspace)
        #expect(try await eventually(timeout: 20) { try store.integer("SELECT count(*) FROM run WHERE outcome = 'failed'") == 3 }, "\(service.logLines.filter { ($0["level"] as? Int ?? 0) >= 40 }.map { $0["msg"] ?? "" })")
        #expect(try store.integer("SELECT count(*) FROM step_queue WHERE flow != 'tick'") == 0)
    }
}

/// Numbers shared between a test's client tasks.
final class Answered: @unchecked Sendable {
    private let lock = NSLock()
    private var numbers: Set<Int> = []
    private var counter = 0

    func add(_ n: Int) -> Int { lock.withLock { numbers.insert(n); return numbers.count } }
    var all: Set<Int> { lock.withLock { numbers } }
    func take(below limit: Int) -> Int? {
        lock.withLock {
            guard counter < limit else { return nil }
            counter += 1
            return counter - 1
        }
    }
}

/// The workspace's store file, read directly (what the service committed, whatever the command line shows).
struct StoreFile {
    let queue: DatabaseQueue

    init(_ workspace: Workspace) throws {
        queue = try DatabaseQueue(path: SQLiteSnapshotStore.defaultPath(stateDirectory: workspace.stateDirectory))
    }

    func integer(_ sql: String) throws -> Int? {
        try queue.read { try Int.fetchOne($0, sql: sql) }
    }
}

import Foundation
import SQLiteStore
import SnapshotStore
import StepRuntime
import Testing
import ComponentRuntime
import JSHostCore

/// Steps in supervised workers under one supervisor: the ones that fail are stopped and reported, the others
/// keep running and committing, whether each step has a worker process to itself or all of them share one.
@Suite(.timeLimit(.minutes(10))) struct SupervisedWorkersTests {
    static let sources = [
        "count": """
            exports.process = async function (msg, cfg, snapshot) {
              if (msg.body.exit) process.exit(3);
              snapshot.iteration = (snapshot.iteration || 0) + 1;
              await this.emit('snapshot', snapshot);
              await this.emit('data', { body: { iteration: snapshot.iteration } });
            };
            """,
        "spin": "exports.process = function () { while (true) {} };",
        "crash": "exports.process = function () { process.abort(); };",
        "hog": "exports.process = function () { const a = []; while (true) a.push(new Array(1000).fill('x' + a.length)); };",
    ]

    func component(_ workspace: Workspace) throws -> String {
        var actions: [String: Any] = [:]
        for (name, source) in Self.sources {
            actions[name] = ["main": "./lib/\(name).js", "title": name]
            try workspace.write("component/lib/\(name).js", source)
        }
        let json = try JSONSerialization.data(withJSONObject: ["title": "supervised", "actions": actions])
        try workspace.write("component/component.json", String(decoding: json, as: UTF8.self))
        return workspace.root + "/component"
    }

    @Test(arguments: [1, 8])
    func failingStepsAreStoppedAndReportedWhileTheOthersKeepCommitting(stepsPerWorker: Int) async throws {
        let workspace = try Workspace()
        let directory = try component(workspace)
        let storePath = workspace.stateDirectory + "/state.sqlite"
        func step(_ name: String, _ function: String, timeout: Double = 20, memory: Int = 1 << 30) -> WorkerStep {
            var step = WorkerStep(key: StepKey(flow: "supervised", step: name), componentDirectory: directory,
                                  function: function, store: .sqlite(path: storePath))
            step.timeoutSeconds = timeout
            step.memoryLimitBytes = memory
            return step
        }
        let workers = StepWorkers(command: WorkerCommand(executable: Binary.path), stepsPerWorker: stepsPerWorker)
        let steady = (0..<3).map { step("steady-\($0)", "count") }
        let messages = 12

        async let counted: [Int] = withThrowingTaskGroup(of: Int.self) { group in
            for step in steady {
                group.addTask {
                    var last = 0
                    for _ in 0..<messages {
                        let outcome = try await workers.run(StepMessage(json: #"{"body":{}}"#), in: step)
                        last = outcome.receipt?.snapshotVersion ?? -1
                    }
                    return last
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        async let spun = failure { try await workers.run(StepMessage(json: #"{"body":{}}"#), in: step("spin", "spin", timeout: 2)) }
        async let crashed = failure { try await workers.run(StepMessage(json: #"{"body":{}}"#), in: step("crash", "crash")) }
        async let hogged = failure { try await workers.run(StepMessage(json: #"{"body":{}}"#), in: step("hog", "hog", memory: 300 << 20)) }
        async let exited = failure { try await workers.run(StepMessage(json: #"{"body":{"exit":true}}"#), in: step("exit", "count")) }

        let (spin, crash, hog, exit) = await (spun, crashed, hogged, exited)
        let shared = stepsPerWorker > 1
        #expect(spin?.code == .timedOut, "\(String(describing: spin))")
        // Alone, an abort ends the process as it would end Node; beside other steps, only the step's engine.
        #expect(crash?.code == .crashed && crash?.message.contains(shared ? "process.abort()" : "SIGABRT") == true, "\(String(describing: crash))")
        #expect(hog?.code == .outOfMemory && hog?.message.contains(shared ? "heap" : "worker used") == true, "\(String(describing: hog))")
        #expect(exit?.code == .exited && exit?.message.contains("process.exit(3)") == true, "\(String(describing: exit))")
        #expect(try await counted == [messages, messages, messages])

        let store = try SQLiteSnapshotStore(path: storePath)
        for step in steady {
            #expect(try await store.get(step.key)?.json == #"{"iteration":\#(messages)}"#)
            #expect(try await store.runs(step.key).count == messages)
        }
        for name in ["spin", "crash", "hog", "exit"] {
            let key = StepKey(flow: "supervised", step: name)
            #expect(try await store.runs(key).isEmpty, "\(name) committed nothing")
            #expect(try await store.lease(key).map { $0.isHeld() } != true, "\(name) holds no live lease")
        }
        // A failed step's next message gets a fresh engine.
        let again = try await workers.run(StepMessage(json: #"{"body":{}}"#), in: step("exit", "count"))
        #expect(again.receipt?.snapshotVersion == 1)
        // Sharing, the failures cost no process: the one the seven steps share is the one that served them all.
        if shared { #expect(await workers.processCount == 1) }
        await workers.shutdown()
    }

    @Test func eventsComeBackFromTheWorkerWithTheirMessagesContext() async throws {
        let workspace = try Workspace()
        let directory = try component(workspace)
        let seen = CollectedEvents()
        let workers = StepWorkers(command: WorkerCommand(executable: Binary.path)) { key, event in seen.append(key, event) }
        let step = WorkerStep(key: StepKey(flow: "supervised", step: "events"), componentDirectory: directory,
                              function: "count", store: .sqlite(path: workspace.stateDirectory + "/state.sqlite"))
        let context = MessageContext(messageId: "m-7", parentMessageId: "p-7", threadId: "t-7", headers: ["x-a": "1"])
        let outcome = try await workers.run(StepMessage(json: #"{"body":{}}"#, context: context), in: step)
        await workers.shutdown()
        #expect(outcome.receipt?.snapshotVersion == 1)
        let events = seen.all
        #expect(events.map(\.1.kind) == ["snapshot", "data", "end"])
        #expect(events.allSatisfy { $0.0 == step.key && $0.1.context == context })
    }

    @Test func retiredStepsGiveBackTheirPlaceAndAnEmptyWorkerEnds() async throws {
        let workspace = try Workspace()
        let directory = try component(workspace)
        let storePath = workspace.stateDirectory + "/state.sqlite"
        let steps = ["one", "two"].map {
            WorkerStep(key: StepKey(flow: "retired", step: $0), componentDirectory: directory, function: "count", store: .sqlite(path: storePath))
        }
        let workers = StepWorkers(command: WorkerCommand(executable: Binary.path), stepsPerWorker: 2)
        for step in steps { _ = try await workers.run(StepMessage(json: #"{"body":{}}"#), in: step) }
        #expect(await workers.processCount == 1)
        await workers.retire(steps[0].key)
        #expect(await workers.processCount == 1, "the other step still uses the worker")
        await workers.retire(steps[1].key)
        #expect(await workers.processCount == 0, "a worker with no step left ends")
        // A retired step's next message places it afresh; its snapshot is the store's, so nothing is lost.
        let again = try await workers.run(StepMessage(json: #"{"body":{}}"#), in: steps[0])
        #expect(again.receipt?.snapshotVersion == 2)
        #expect(await workers.processCount == 1)
        await workers.shutdown()
    }

    /// The worker failure `body` throws, or nil when it succeeds.
    func failure(_ body: () async throws -> StepOutcome) async -> WorkerFailure? {
        do {
            _ = try await body()
            return nil
        } catch let failure as WorkerFailure {
            return failure
        } catch {
            return WorkerFailure(code: WorkerFailure.Code("unexpected"), key: StepKey(flow: "?", step: "?"), message: "\(error)")
        }
    }
}

final class CollectedEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [(StepKey, StepEvent)] = []
    func append(_ key: StepKey, _ event: StepEvent) { lock.withLock { events.append((key, event)) } }
    var all: [(StepKey, StepEvent)] { lock.withLock { events } }
}

import ComponentRuntime
import Foundation
import SnapshotStore
import Testing
@testable import StepRuntime
import JSHostCore
import SQLiteStore

/// `body.<key>` (by default `iteration`) of a data message, as a number.
func iteration(_ json: String, key: String = "iteration") -> Int? {
    let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    return (object?["body"] as? [String: Any])?[key] as? Int
}

/// Many steps in one process, each on a runner of its own over one store.
@Suite(.timeLimit(.minutes(10))) struct ConcurrentStepsTests {
    @Test func eightStepsRunAtOnceAndEachCommitsExactCounts() async throws {
        let component = try TemporaryComponent(actions: ["count": counterSource])
        let store = try temporaryStore()
        let steps = 8, messages = 15
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<steps {
                let definition = try component.step("count", key: StepKey(flow: "flow-\(index % 2)", step: "step-\(index)"))
                group.addTask {
                    try await onThread("step-\(index)") {
                        let runner = StepRunner(definition: definition, store: store,
                                                owner: .thisProcess(worker: "worker-\(index)"), onEvent: { _ in })
                        for _ in 0..<messages {
                            let outcome = try runner.run(StepMessage(json: #"{"body":{}}"#))
                            guard outcome.completion == .completed, outcome.receipt != nil else {
                                throw StepRunError(stage: .commit, key: definition.key, underlying: SnapshotStoreError.leaseLost(definition.key))
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        for index in 0..<steps {
            let key = StepKey(flow: "flow-\(index % 2)", step: "step-\(index)")
            #expect(try await store.get(key)?.json == #"{"iteration":\#(messages)}"#)
            #expect(try await store.state(key)?.version == messages)
            #expect(try await store.runs(key).count == messages)
            let outbox = try await store.outboxLines(key).map(\.message)
            #expect(outbox.map { iteration($0) } == Array(1...messages), "\(outbox.first ?? "")")
            #expect(try await store.lease(key) == nil)
        }
    }

    @Test func twoWorkersOfOneStepNeverShareItsLease() async throws {
        // The first run holds the step until the test lets it go; the second worker is refused, then waits its turn.
        let slow = """
            const fs = require('fs');
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.iteration = (snapshot.iteration || 0) + 1;
              while (msg.body.until && !fs.existsSync(msg.body.until)) await new Promise((resolve) => setTimeout(resolve, 10));
              await this.emit('snapshot', snapshot);
              await this.emit('data', { body: { iteration: snapshot.iteration } });
            };
            """
        let component = try TemporaryComponent(actions: ["count": slow])
        let store = try temporaryStore()
        let key = StepKey(flow: "local", step: "shared")
        let definition = try component.step("count", key: key)
        let release = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-release-\(UUID().uuidString)").path
        let holding = Task {
            try await onThread("first") {
                try StepRunner(definition: definition, store: store, owner: .thisProcess(worker: "first"), onEvent: { _ in })
                    .run(StepMessage(json: #"{"body":{"until":"\#(release)"}}"#))
            }
        }
        // Wait until the first worker holds the lease.
        while try await store.lease(key) == nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try await store.lease(key)?.owner == .thisProcess(worker: "first"))

        let refused: StepRunError? = try await onThread("second") {
            do {
                _ = try StepRunner(definition: definition, store: store, owner: .thisProcess(worker: "second"), onEvent: { _ in })
                    .run(StepMessage(json: #"{"body":{}}"#))
                return nil
            } catch let error as StepRunError {
                return error
            }
        }
        let busy = try #require(refused?.underlying as? SnapshotStoreError)
        #expect(refused?.stage == .lease)
        #expect(busy.code == .stepBusy)
        #expect(busy.lease?.owner.worker == "first")

        // Let the first one finish while the second waits for the lease.
        Task {
            try await Task.sleep(for: .milliseconds(200))
            _ = FileManager.default.createFile(atPath: release, contents: Data())
        }
        let waited = try await onThread("second") {
            try StepRunner(definition: definition, store: store, owner: .thisProcess(worker: "second"), onEvent: { _ in })
                .run(StepMessage(json: #"{"body":{}}"#), wait: .upTo(.seconds(20)))
        }
        let first = try await holding.value
        // One after the other: each saw the snapshot the other left.
        #expect(Set([first.receipt?.snapshotVersion, waited.receipt?.snapshotVersion]) == [1, 2])
        #expect(try await store.get(key)?.json == #"{"iteration":2}"#)
        #expect(try await store.runs(key).count == 2)
        #expect(try await store.lease(key) == nil)
    }
}

/// A runner after its component called process.exit(): the next message loads it afresh.
@Suite(.timeLimit(.minutes(10))) struct RunnerRestartTests {
    @Test func aComponentThatExitedIsLoadedAgainForTheNextMessage() async throws {
        let component = try TemporaryComponent(actions: ["count": """
            let loads = (globalThis.__loads || 0) + 1;
            globalThis.__loads = loads;
            exports.process = async function (msg, cfg, snapshot) {
              if (msg.body.exit) process.exit(4);
              await this.emit('data', { body: { loads } });
            };
            """])
        let store = try temporaryStore()
        let definition = try component.step("count", key: StepKey(flow: "local", step: "restart"))
        let loads: [Int?] = try await onThread("restart") {
            let runner = StepRunner(definition: definition, store: store, owner: .thisProcess(), onEvent: { _ in })
            var seen: [Int?] = []
            seen.append(iteration(try runner.run(StepMessage(json: #"{"body":{}}"#)).dataMessages[0], key: "loads"))
            do {
                _ = try runner.run(StepMessage(json: #"{"body":{"exit":true}}"#))
                seen.append(-1)
            } catch let error as StepRunError {
                seen.append((error.underlying as? ComponentError)?.exitCode.map(Int.init))
            }
            seen.append(iteration(try runner.run(StepMessage(json: #"{"body":{}}"#)).dataMessages[0], key: "loads"))
            return seen
        }
        // Loaded once for the first two messages; process.exit(4); loaded anew (a fresh context) for the third.
        #expect(loads == [1, 4, 1])
        #expect(try await store.runs(definition.key).count == 2)
    }
}

import ComponentRuntime
import Foundation
import SnapshotStore
import Testing
@testable import StepRuntime
import JSHostCore
import TestSupport

/// Each message carries its own context: its events say which message they came from, and the component's log
/// lines carry that message's ids, as sailor's do.
@Suite struct MessageContextTests {
    @Test func eventsAndLogLinesCarryEachMessagesOwnIds() async throws {
        let component = try TemporaryComponent(actions: ["log": """
            exports.process = async function (msg) {
              this.logger.info('seen %s', msg.body.n);
              await this.emit('data', { body: { n: msg.body.n } });
            };
            """])
        let store = try temporaryStore()
        let logs = CapturedLines()
        let definition = try component.step("log", key: StepKey(flow: "local", step: "context"), logs: logs)
        let first = MessageContext(messageId: "m-1", parentMessageId: "p-1", threadId: "t-1", headers: ["x-source": "test"])
        let second = MessageContext(messageId: "m-2", parentMessageId: nil, threadId: "t-1")
        let events = EventList()
        try await onThread("context") {
            let runner = StepRunner(definition: definition, store: store, owner: .thisProcess(), onEvent: { events.append($0) })
            _ = try runner.run(StepMessage(json: #"{"body":{"n":1}}"#, context: first))
            _ = try runner.run(StepMessage(json: #"{"body":{"n":2}}"#, context: second))
        }
        let data = events.all.filter { $0.kind == "data" }
        #expect(data.map(\.context) == [first, second])
        #expect(data.map(\.inputLine) == [nil, nil])
        let records = logs.all.joined().split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { ($0["msg"] as? String)?.hasPrefix("seen") == true }
        #expect(records.map { $0["messageId"] as? String } == ["m-1", "m-2"])
        #expect(records.map { $0["parentMessageId"] as? String } == ["p-1", nil])
        #expect(records.map { $0["threadId"] as? String } == ["t-1", "t-1"])
    }
}

extension MessageContextTests {
    @Test func aStreamsEventsCarryTheStreamsContext() async throws {
        let component = try TemporaryComponent(actions: ["log": """
            exports.process = async function (msg) {
              this.logger.info('seen %s', msg.body.n);
              return { body: { n: msg.body.n } };
            };
            """])
        let store = try temporaryStore()
        let logs = CapturedLines()
        let definition = try component.step("log", key: StepKey(flow: "local", step: "stream-context"), logs: logs)
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-lines-\(UUID().uuidString).jsonl").path
        try (1...3).map { #"{"body":{"n":\#($0)}}"# }.joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let context = MessageContext(messageId: "stream-m", parentMessageId: nil, threadId: "stream-t")
        let batches = BatchList()
        let summary = try await onThread("stream-context") {
            try StepRunner(definition: definition, store: store, owner: .thisProcess(), onEvent: { _ in })
                .runStream(try LineReader(path: input), streamID: input, resume: false, context: context,
                           output: { batches.append($0) })
        }
        #expect(summary.messages == 3)
        let all = batches.all
        #expect(!all.isEmpty && all.allSatisfy { $0.context == context })
        let kinds = all.flatMap { events in (0..<events.count).map { events.kind(at: $0) } }
        #expect(kinds == ["data", "end", "data", "end", "data", "end"])
        #expect(all.flatMap(\.lines) == [1, 1, 2, 2, 3, 3])
        #expect(all.first.map { [$0.json(at: 0), $0.json(at: 1)] } == [#"{"body":{"n":1},"headers":{}}"#, nil])
        let ids = logs.all.joined().split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { ($0["msg"] as? String)?.hasPrefix("seen") == true }.map { $0["messageId"] as? String }
        #expect(ids == ["stream-m", "stream-m", "stream-m"])
    }
}

final class BatchList: @unchecked Sendable {
    private let lock = NSLock()
    private var batches: [BatchEvents] = []
    func append(_ batch: BatchEvents) { lock.withLock { batches.append(batch) } }
    var all: [BatchEvents] { lock.withLock { batches } }
}

final class EventList: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [StepEvent] = []
    func append(_ event: StepEvent) { lock.withLock { events.append(event) } }
    var all: [StepEvent] { lock.withLock { events } }
}

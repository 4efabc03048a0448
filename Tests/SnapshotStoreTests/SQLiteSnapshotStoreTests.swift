import Foundation
import Testing
@testable import SnapshotStore

@Suite struct SQLiteSnapshotStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-store-\(UUID().uuidString)").path
    var path: String { directory + "/state.sqlite" }
    let key = StepKey(flow: "local", step: "counter.count")

    func open(limit: SnapshotLimit = .elasticio) throws -> SQLiteSnapshotStore {
        try SQLiteSnapshotStore(path: path, limit: limit)
    }

    @Test func putReplacesAndVersionsGrow() throws {
        let store = try open()
        #expect(try store.get(key) == nil)
        #expect(try store.put(key, json: #"{"iteration":1}"#).version == 1)
        #expect(try store.put(key, json: #"{"iteration":2}"#).version == 2)
        let stored = try #require(try store.get(key))
        #expect(stored.json == #"{"iteration":2}"#)
        #expect(stored.version == 2)
    }

    @Test func oneValuePerFlowAndStep() throws {
        let store = try open()
        try store.put(StepKey(flow: "a", step: "s1"), json: "1")
        try store.put(StepKey(flow: "a", step: "s2"), json: "2")
        try store.put(StepKey(flow: "b", step: "s1"), json: "3")
        #expect(try store.list(flow: nil).map(\.json) == ["1", "2", "3"])
        #expect(try store.list(flow: "a").map(\.key.step) == ["s1", "s2"])
        #expect(try store.get(StepKey(flow: "b", step: "s1"))?.json == "3")
    }

    @Test func anyJSONValueIncludingBareStrings() throws {
        let store = try open()
        for json in [#""2021-01-05T12:00:00.000Z""#, "42", "[1,2]", "null", "true", #"{"a":{"b":[]}}"#] {
            try store.put(key, json: json)
            #expect(try store.get(key)?.json == json)
        }
    }

    @Test func invalidJSONIsRefusedAndTheValueKept() throws {
        let store = try open()
        try store.put(key, json: #"{"keep":true}"#)
        #expect(throws: SnapshotStoreError.self) { try store.put(key, json: "{broken") }
        #expect(try store.get(key)?.json == #"{"keep":true}"#)
    }

    @Test func oversizeIsRefusedWithSizeLimitAndKeys() throws {
        let store = try open(limit: SnapshotLimit(bytes: 100))
        try store.put(key, json: #"{"small":1}"#)
        let big = #"{"items":"\#(String(repeating: "x", count: 200))","cursor":5}"#
        do {
            try store.put(key, json: big)
            Issue.record("expected the limit to refuse it")
        } catch let violation as SnapshotLimitViolation {
            #expect(violation.size == big.utf8.count)
            #expect(violation.limit == 100)
            #expect(violation.largestKeys.first?.key == "items")
            #expect(violation.description.contains("over the 100-byte limit"))
        }
        #expect(try store.get(key)?.json == #"{"small":1}"#)
    }

    @Test func limitCountsUTF8Bytes() {
        let limit = SnapshotLimit(bytes: 10)
        #expect(limit.violation(for: #""éééé""#) == nil)         // 10 bytes
        #expect(limit.violation(for: #""ééééé""#) != nil)        // 12 bytes
    }

    @Test func deleteRemovesOnlyThatStep() throws {
        let store = try open()
        let other = StepKey(flow: "local", step: "other")
        try store.put(key, json: "1")
        try store.put(other, json: "2")
        #expect(try store.delete(key))
        #expect(try !store.delete(key))
        #expect(try store.get(key) == nil)
        #expect(try store.get(other)?.json == "2")
    }

    @Test func valuesSurviveReopening() throws {
        try open().put(key, json: #"{"iteration":3}"#)
        #expect(try open().get(key)?.json == #"{"iteration":3}"#)
        #expect(try open().put(key, json: #"{"iteration":4}"#).version == 2)
    }

    @Test func usesWriteAheadLogWithFullSync() throws {
        let settings = try open().durabilitySettings()
        #expect(settings.journalMode == "wal")
        #expect(settings.synchronous == 2) // FULL
    }

    @Test func unopenablePathGivesAClearError() {
        #expect(throws: SnapshotStoreError.self) {
            try SQLiteSnapshotStore(path: "/proc/jshost-cannot-write-here/state.sqlite")
        }
    }
}

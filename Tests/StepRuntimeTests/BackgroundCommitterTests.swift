import Foundation
import Testing
import SQLiteStore
import SnapshotStore
@testable import StepRuntime
import JSHostCore

/// A stream's commits are written on another thread: in order, all of them, and none after the first failure.
@Suite struct BackgroundCommitterTests {
    let key = StepKey(flow: "local", step: "stream.map")
    let owner = LeaseOwner.thisProcess(worker: "committer-test")

    func store() throws -> SQLiteSnapshotStore {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-committer-\(UUID().uuidString)/state.sqlite").path
        return try SQLiteSnapshotStore(path: path)
    }

    func group(through line: Int, count: Int, lease: Lease) -> RunCommit {
        RunCommit(key: key, startedAt: Date(), endedAt: Date(), outcome: "stream", inputHash: "line \(line)",
                  outbox: (line - count + 1...line).map { #"{"body":{"n":\#($0)}}"# }, snapshot: .replace(json: #"{"count":\#(line)}"#),
                  cfgFingerprint: nil, errorCount: 0, lease: lease, input: InputPosition(stream: "input", line: line),
                  outboxLines: Array(line - count + 1...line), keepsLease: true)
    }

    @Test func writesEveryGroupInOrder() async throws {
        let store = try store()
        let lease = try await store.acquireLease(key, owner: owner, timeToLive: .seconds(30))
        let seen = Lines()
        let committer = BackgroundCommitter(store: StoreAccess(store), committedLine: 0) { seen.append($0) }
        for line in stride(from: 10, through: 200, by: 10) { try committer.submit(group(through: line, count: 10, lease: lease), lastLine: line) }
        let progress = try committer.finish()
        #expect(progress.commits == 20)
        #expect(progress.committedLine == 200)
        #expect(progress.lastVersion == 20)
        #expect(seen.values == Array(stride(from: 10, through: 200, by: 10)))
        #expect(try await store.outboxLines(key).map { $0.line } == Array(1...200))
        #expect(try await store.inputPosition(key, stream: "input") == 200)
        #expect(try await store.get(key)?.json == #"{"count":200}"#)
    }

    @Test func theFirstFailureStopsEverythingAfterIt() async throws {
        let store = try store()
        let lease = try await store.acquireLease(key, owner: owner, timeToLive: .seconds(30))
        let committer = BackgroundCommitter(store: StoreAccess(store), committedLine: 0) { _ in }
        try committer.submit(group(through: 10, count: 10, lease: lease), lastLine: 10)
        _ = try committer.finish()
        // Another worker takes the step: this stream's next commit is refused.
        try await store.releaseLease(lease)
        _ = try await store.acquireLease(key, owner: .thisProcess(worker: "other"), timeToLive: .seconds(30))
        try committer.submit(group(through: 20, count: 10, lease: lease), lastLine: 20)
        #expect(throws: (any Error).self) { try committer.submit(group(through: 30, count: 10, lease: lease), lastLine: 30) }
        #expect(throws: (any Error).self) { _ = try committer.finish() }
        #expect(committer.progress.commits == 1)
        #expect(committer.progress.committedLine == 10)
        #expect(try await store.inputPosition(key, stream: "input") == 10)
        #expect(try await store.outboxLines(key).count == 10)
    }
}

final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func append(_ line: Int) { lock.withLock { list.append(line) } }
    var values: [Int] { lock.withLock { list } }
}

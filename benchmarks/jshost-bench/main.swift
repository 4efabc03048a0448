import Foundation
import PostgresStore
import SQLiteStore
import SnapshotStore
import JSHostCore

// Durable snapshot commits: each is a run commit (run record, one outbox message, a small snapshot) in a
// transaction of its own, synced as `jshost run` syncs it (SQLite: synchronous=FULL; PostgreSQL: the server's
// fsync and synchronous_commit). Prints one JSON object.
// Usage: jshost-bench [commits per writer (5000)] [store: sqlite or a postgres:// URL] [writers (1), each its own step]
let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 5000 : 5000
let storeArgument = arguments.count > 2 ? arguments[2] : "sqlite"
let writers = arguments.count > 3 ? max(1, Int(arguments[3]) ?? 1) : 1
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: directory) }
let store: any SnapshotStore = storeArgument == "sqlite"
    ? try SQLiteSnapshotStore(path: directory.appendingPathComponent("state.sqlite").path)
    : try await PostgresSnapshotStore(url: storeArgument, maximumConnections: writers)
let cfgFingerprint = Digests.fingerprint(ofJSON: "{}")
let inputHash = Digests.sha256("{}")
// Each run of the benchmark writes steps of its own, so rounds against one database do not build on each other.
let runTag = UUID().uuidString.prefix(8)

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

let clock = ContinuousClock()
let started = clock.now
let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
    for writer in 0..<writers {
        group.addTask {
            let key = StepKey(flow: "bench-\(runTag)", step: "commit-\(writer)")
            var latencies: [Double] = []
            latencies.reserveCapacity(count)
            for n in 1...count {
                let commit = RunCommit(key: key, startedAt: Date(), endedAt: Date(), outcome: "completed", inputHash: inputHash,
                                       outbox: ["{\"body\":{\"n\":\(n)}}"], snapshot: .replace(json: "{\"iteration\":\(n)}"),
                                       cfgFingerprint: cfgFingerprint, errorCount: 0, lease: nil)
                let before = clock.now
                _ = try await store.commit(commit)
                latencies.append(milliseconds(clock.now - before))
            }
            return latencies
        }
    }
    var all: [Double] = []
    for try await some in group { all += some }
    return all
}
let seconds = milliseconds(clock.now - started) / 1000
let sorted = latencies.sorted()
let percentile = { (p: Double) -> Double in sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
print(String(format: #"{"commits":%d,"writers":%d,"commitsPerSecond":%.0f,"p50Ms":%.3f,"p99Ms":%.3f,"maxMs":%.3f}"#,
             sorted.count, writers, Double(sorted.count) / seconds, percentile(0.5), percentile(0.99), sorted.last ?? 0))

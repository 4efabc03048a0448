import Foundation
import SnapshotStore

// Durable snapshot commits: each is a run commit (run record, one outbox message, a small snapshot) in its own
// SQLite transaction with synchronous=FULL, as `jshost run` does. Prints one JSON object.
let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 5000 : 5000
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-bench-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: directory) }
let store = try SQLiteSnapshotStore(path: directory.appendingPathComponent("state.sqlite").path)
let key = StepKey(flow: "bench", step: "commit")
let cfgFingerprint = Digests.fingerprint(ofJSON: "{}")
let inputHash = Digests.sha256("{}")

var latencies: [Double] = []
latencies.reserveCapacity(count)
let clock = ContinuousClock()
let started = clock.now
do {
    for n in 1...count {
        let commit = RunCommit(key: key, startedAt: Date(), endedAt: Date(), outcome: "completed", inputHash: inputHash,
                               outbox: ["{\"body\":{\"n\":\(n)}}"], snapshot: .replace(json: "{\"iteration\":\(n)}"),
                               cfgFingerprint: cfgFingerprint, errorCount: 0, lease: nil)
        let before = clock.now
        _ = try await store.commit(commit)
        let elapsed = clock.now - before
        latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
}
let total = clock.now - started
let sorted = latencies.sorted()
let percentile = { (p: Double) -> Double in sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
print(String(format: #"{"commits":%d,"commitsPerSecond":%.0f,"p50Ms":%.3f,"p99Ms":%.3f,"maxMs":%.3f}"#,
             count, Double(count) / seconds, percentile(0.5), percentile(0.99), sorted.last ?? 0))

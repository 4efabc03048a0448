import ComponentRuntime
import Foundation
import SnapshotStore
import JSHostCore

extension StepRunner {
    /// Runs every message of `reader` (one per JSON line) in order, committing them in groups as `policy` says,
    /// each group with the stream's position, so a stream that stops continues after its last committed line
    /// when run again with `resume`. The lease is held for the whole stream.
    public func runStream(_ reader: LineReader, streamID: String, resume: Bool, policy: CommitPolicy = .default,
                          mode: CommitMode = .commit, wait: LeaseWait = .fail, snapshotOverride: String? = nil,
                          context: MessageContext = .fresh(),
                          output: @escaping (BatchEvents) -> Void,
                          onCommit: @escaping @Sendable (Int) -> Void = { _ in }) throws(StepRunError) -> StreamSummary {
        let lease = mode == .commit ? try LeaseTaking.take(store, key, owner: owner, timeToLive: definition.leaseTimeToLive, wait: wait) : nil
        let heartbeat = lease.map { LeaseHeartbeat(store: store, lease: $0, timeToLive: definition.leaseTimeToLive) }
        defer {
            heartbeat?.stop()
            if let lease { release(lease) }
        }
        let stored = try readState(checked: snapshotOverride == nil)
        let start = StartingSnapshot.choose(stored: stored, override: snapshotOverride,
                                            cfgFingerprint: Digests.fingerprint(ofJSON: definition.cfgJSON),
                                            resetOnConfigChange: definition.resetOnConfigChange)
        if let notice = start.notice { onNotice(notice) }

        let position: Int?
        do {
            position = try store.inputPosition(key, stream: streamID)
        } catch {
            throw StepRunError(stage: .readPosition, key: key, underlying: error)
        }
        var startAfter = 0
        if resume {
            startAfter = position ?? 0
            if let position { onNotice(.resuming(key: key, stream: streamID, afterLine: position)) }
        } else if let position {
            onNotice(.reprocessing(key: key, stream: streamID, committedThrough: position))
        }

        let host = try loadedHost()
        let runner = StreamRunner(host: host, function: definition.function, store: store, key: key,
                                  cfgJSON: definition.cfgJSON, lease: lease, policy: policy, streamID: streamID, context: context,
                                  output: output, onCommit: onCommit)
        do {
            return try runner.run(reader, startAfter: startAfter, startingSnapshot: start.json)
        } catch let failure as StreamFailure {
            forgetHostIfEnded(failure.error)
            throw StepRunError(stage: .component, key: key, underlying: failure)
        } catch {
            throw StepRunError(stage: .commit, key: key, underlying: error)
        }
    }
}

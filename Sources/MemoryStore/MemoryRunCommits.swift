import Foundation
import JSHostCore
import SnapshotStore

extension MemorySnapshotStore: RunCommitting {
    public func acquireLease(_ key: StepKey, owner: LeaseOwner, timeToLive: Duration) async throws -> Lease {
        try acquireLeaseNow(key, owner: owner, timeToLive: timeToLive)
    }

    public func renewLease(_ lease: Lease, timeToLive: Duration) async throws -> Lease {
        try renewLeaseNow(lease, timeToLive: timeToLive)
    }

    public func releaseLease(_ lease: Lease) async throws {
        try releaseLeaseNow(lease)
    }

    @discardableResult
    public func commit(_ run: RunCommit) async throws -> CommitReceipt {
        try commitNow(run)
    }
}

extension MemorySnapshotStore: SynchronousStepStore {
    public func acquireLeaseNow(_ key: StepKey, owner: LeaseOwner, timeToLive: Duration) throws -> Lease {
        try transaction { state in
            let lease = try Lease.taking(key, by: owner, from: state.leases[key], now: Date(), timeToLive: timeToLive)
            state.leases[key] = StoredLease(fence: lease.fence, holder: lease)
            return lease
        }
    }

    public func renewLeaseNow(_ lease: Lease, timeToLive: Duration) throws -> Lease {
        try transaction { state in
            guard var held = state.leases[lease.key]?.holder, held.isSameToken(as: lease) else {
                throw SnapshotStoreError.leaseLost(lease.key)
            }
            held.expiresAt = Date().addingTimeInterval(timeToLive.inSeconds)
            state.leases[lease.key]?.holder = held
            return held
        }
    }

    public func releaseLeaseNow(_ lease: Lease) throws {
        transaction { $0.release(lease) }
    }

    public func commitNow(_ run: RunCommit) throws -> CommitReceipt {
        if case .replace(let json) = run.snapshot { try limit.check(json) }
        return try transaction { state in
            try state.refusal(of: run)
            return state.commit(run, historyDepth: historyDepth)
        }
    }

    public func stateNow(_ key: StepKey) throws -> StepState? {
        transaction { $0.steps[key] }
    }

    public func inputPositionNow(_ key: StepKey, stream: String) throws -> Int? {
        transaction { $0.inputPositions[key]?[stream] }
    }
}

extension MemoryState {
    mutating func release(_ lease: Lease) {
        guard let held = leases[lease.key]?.holder, held.isSameToken(as: lease) else { return }
        leases[lease.key]?.holder = nil
    }

    /// Why the run cannot be committed, thrown before anything changes: its lease is gone (fencing), or the message
    /// it took was consumed by another run already (exactly once).
    func refusal(of run: RunCommit) throws {
        if let lease = run.lease {
            guard let held = leases[run.key]?.holder, held.isSameToken(as: lease) else {
                throw SnapshotStoreError.leaseLost(run.key)
            }
        }
        if let taken = run.consumes, !queue.contains(where: { $0.message.id == taken && $0.message.key == run.key }) {
            throw SnapshotStoreError.alreadyConsumed(run.key, queued: taken)
        }
        if let messageID = run.consumesMessageID, consumed[run.key]?[messageID] != nil {
            throw SnapshotStoreError.alreadyConsumed(run.key, messageID: messageID)
        }
    }

    /// Writes a run that `refusal(of:)` let through.
    mutating func commit(_ run: RunCommit, historyDepth: Int) -> CommitReceipt {
        if let taken = run.consumes { queue.removeAll { $0.message.id == taken } }
        if let messageID = run.consumesMessageID {
            consumed[run.key, default: [:]][messageID] = ConsumedID(runID: run.id, at: run.endedAt)
        }
        for message in run.forward { enqueue(message, from: run.id, at: run.endedAt) }
        var version = steps[run.key]?.version ?? 0
        var changed = false
        switch run.snapshot {
        case .unchanged: break
        case .replace(let json):
            version = writeVersion(run.key, json: json, cfgFingerprint: run.cfgFingerprint, source: "run:\(run.id)",
                                   at: run.endedAt, historyDepth: historyDepth).new.version
            changed = true
        case .clear:
            version = writeVersion(run.key, json: nil, cfgFingerprint: run.cfgFingerprint, source: "run:\(run.id)",
                                   at: run.endedAt, historyDepth: historyDepth).new.version
            changed = true
        }
        lastRunRowID += 1
        runs.append(RunRow(rowID: lastRunRowID, record: RunRecord(
            id: run.id, key: run.key, startedAt: run.startedAt, endedAt: run.endedAt, outcome: run.outcome,
            inputHash: run.inputHash, snapshotVersion: changed ? version : nil, dataCount: run.outbox.count,
            errorCount: run.errorCount)))
        if !run.outbox.isEmpty {
            lastOutboxSeq += 1
            outbox.append(OutboxRow(seq: lastOutboxSeq, runID: run.id, key: run.key, messages: run.outbox,
                                    inputLines: run.outboxLines.count == run.outbox.count ? run.outboxLines : nil))
        }
        if let input = run.input { inputPositions[run.key, default: [:]][input.stream] = input.line }
        if let lease = run.lease, !run.keepsLease { release(lease) }
        return CommitReceipt(runID: run.id, snapshotVersion: version, snapshotChanged: changed)
    }

    /// Writes a new version of the step (json nil = cleared) and lets go of history beyond the depth.
    mutating func writeVersion(_ key: StepKey, json: String?, cfgFingerprint: String?, source: String, at now: Date,
                               historyDepth: Int) -> (old: StepState?, new: StepState) {
        let old = steps[key]
        let version = (old?.version ?? 0) + 1
        let hash = json.map(Digests.sha256)
        let new = StepState(key: key, version: version, json: json, sha256: hash, cfgFingerprint: cfgFingerprint, updatedAt: now)
        steps[key] = new
        versions[key, default: []].append(SnapshotVersion(key: key, version: version, json: json, sha256: hash,
                                                          bytes: json?.utf8.count ?? 0, cfgFingerprint: cfgFingerprint,
                                                          createdAt: now, source: source))
        versions[key]?.removeAll { $0.version <= version - historyDepth }
        return (old, new)
    }
}

import Crypto
import Foundation

/// Identifies one flow step's snapshot.
public struct StepKey: Hashable, Sendable, CustomStringConvertible {
    public var flow: String
    public var step: String
    public init(flow: String, step: String) {
        self.flow = flow
        self.step = step
    }
    public var description: String { "\(flow)/\(step)" }

    /// Why `id` cannot name a flow or a step, or nil. Ids name folders (a step's scratch folder) and appear in
    /// paths and lines of output, so they may not be paths, empty, or hold control characters.
    public static func problem(with id: String, what: String) -> String? {
        if id.isEmpty { return "\(what) id is empty" }
        if id == "." || id == ".." { return "\(what) id '\(id)' is not allowed: ids name folders and may not be . or .." }
        if id.contains("/") || id.contains("\\") { return "\(what) id '\(id)' may not contain / or \\: ids are names, not paths" }
        if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "\(what) id \(id.debugDescription) may not contain control characters"
        }
        if id.utf8.count > 255 { return "\(what) id is \(id.utf8.count) bytes long; at most 255 are allowed" }
        return nil
    }

    /// The first problem with this key's ids, or nil.
    public var problem: String? {
        Self.problem(with: flow, what: "flow") ?? Self.problem(with: step, what: "step")
    }
}

/// A step's current snapshot.
public struct StoredSnapshot: Sendable, Equatable {
    public var key: StepKey
    /// The value as JSON text; any JSON value but null (null means cleared).
    public var json: String
    /// Grows by one with every write of the step, resets and clears included; never goes back.
    public var version: Int
    public var updatedAt: Date
    public var sha256: String
    /// sha256 of the cfg of the run that stored it (canonical JSON); nil for manual writes.
    public var cfgFingerprint: String?

    public init(key: StepKey, json: String, version: Int, updatedAt: Date, sha256: String, cfgFingerprint: String?) {
        self.key = key
        self.json = json
        self.version = version
        self.updatedAt = updatedAt
        self.sha256 = sha256
        self.cfgFingerprint = cfgFingerprint
    }
}

/// A step's record: its version even when the value was cleared.
public struct StepState: Sendable, Equatable {
    public var key: StepKey
    public var version: Int
    /// nil when cleared (reset, or `emit('snapshot', null)`).
    public var json: String?
    public var sha256: String?
    public var cfgFingerprint: String?
    public var updatedAt: Date

    public var snapshot: StoredSnapshot? {
        json.map { StoredSnapshot(key: key, json: $0, version: version, updatedAt: updatedAt, sha256: sha256 ?? "", cfgFingerprint: cfgFingerprint) }
    }

    /// The stored value, checked to be JSON before anything uses it: a file changed behind jshost's back must
    /// stop the step with a message naming it, not run the component on garbage or print it as if it were fine.
    public func checkedJSON() throws(SnapshotStoreError) -> String? {
        guard let json else { return nil }
        if let failure = JSONSyntax.check(json) { throw .corruptValue(key: key, version: version, reason: failure.description) }
        return json
    }
}

/// One kept version of a step's snapshot.
public struct SnapshotVersion: Sendable, Equatable {
    public var key: StepKey
    public var version: Int
    /// nil when this version cleared the value.
    public var json: String?
    public var sha256: String?
    public var bytes: Int
    public var cfgFingerprint: String?
    public var createdAt: Date
    /// `run:<id>` for a run's commit, or the manual action (`set`, `reset`, `rollback`, `import`).
    public var source: String
}

/// Who made a manual change.
public struct Actor: Sendable, Equatable {
    public var user: String
    public var pid: Int32
    public init(user: String, pid: Int32) {
        self.user = user
        self.pid = pid
    }

    /// This process, and the user it runs as.
    public static var current: Actor {
        let environment = ProcessInfo.processInfo.environment
        let account = getpwuid(getuid()).flatMap { $0.pointee.pw_name }.map { String(cString: $0) }
        return Actor(user: environment["USER"] ?? environment["LOGNAME"] ?? account ?? String(getuid()), pid: getpid())
    }
}

/// A change made by a person (CLI, later the HTTP API), audited.
public struct ManualChange: Sendable {
    public enum Action: Sendable, Equatable {
        case set(json: String)
        case reset
        case rollback(toVersion: Int)
    }
    public var key: StepKey
    public var action: Action
    /// Compare-and-set: refuse unless the step is at this version (0 = nothing ever stored).
    public var expectedVersion: Int?
    public var actor: Actor
    public var reason: String?

    public init(key: StepKey, action: Action, expectedVersion: Int? = nil, actor: Actor = .current, reason: String? = nil) {
        self.key = key
        self.action = action
        self.expectedVersion = expectedVersion
        self.actor = actor
        self.reason = reason
    }
}

/// One line of the audit trail.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var key: StepKey
    /// set, reset, rollback or import.
    public var action: String
    public var user: String
    public var pid: Int32
    public var at: Date
    public var oldVersion: Int
    public var newVersion: Int
    public var oldHash: String?
    public var newHash: String?
    public var reason: String?
}

/// The process holding a step's lease: pid plus its start time, so a reused pid is not mistaken for the owner.
public struct LeaseOwner: Sendable, Equatable {
    public var pid: Int32
    public var startTime: String
    public var host: String

    public init(pid: Int32, startTime: String, host: String) {
        self.pid = pid
        self.startTime = startTime
        self.host = host
    }

    public static var current: LeaseOwner {
        LeaseOwner(pid: getpid(), startTime: ProcessIdentity.startTime(of: getpid()) ?? "", host: ProcessIdentity.hostName)
    }

    /// False only when the owner is on this host and that process is gone (or the pid now belongs to another
    /// process). An owner on another host cannot be checked, so it counts as alive.
    public var isAlive: Bool {
        guard host == ProcessIdentity.hostName else { return true }
        guard let start = ProcessIdentity.startTime(of: pid) else { return false }
        return startTime.isEmpty || start == startTime
    }
}

/// A lease on a step: who holds it and since when.
public struct LeaseInfo: Sendable, Equatable {
    public var key: StepKey
    public var owner: LeaseOwner
    public var since: Date
}

/// What a completed run commits, all in one transaction.
public struct RunCommit: Sendable {
    public enum SnapshotChange: Sendable, Equatable {
        /// The run emitted no snapshot: the stored one stays.
        case unchanged
        case replace(json: String)
        /// `emit('snapshot', null)`, or a reset asked for with the run.
        case clear
    }
    public var id: String
    public var key: StepKey
    public var startedAt: Date
    public var endedAt: Date
    /// completed, completed-with-errors, init-failed.
    public var outcome: String
    /// sha256 of the input message's JSON.
    public var inputHash: String
    /// The data messages emitted, in order, as JSON.
    public var outbox: [String]
    public var snapshot: SnapshotChange
    public var cfgFingerprint: String?
    public var errorCount: Int
    /// The run's lease owner; the commit fails if the lease is no longer its own.
    public var owner: LeaseOwner?
    /// For a batch of a stream: where in the input it got to, and the input line of each outbox message.
    public var input: InputPosition?
    public var outboxLines: [Int]
    /// A stream keeps its lease between batches; a single run gives it back with its commit.
    public var keepsLease: Bool

    public init(id: String = UUID().uuidString.lowercased(), key: StepKey, startedAt: Date, endedAt: Date, outcome: String,
                inputHash: String, outbox: [String], snapshot: SnapshotChange, cfgFingerprint: String?, errorCount: Int,
                owner: LeaseOwner?, input: InputPosition? = nil, outboxLines: [Int] = [], keepsLease: Bool = false) {
        self.id = id
        self.key = key
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.inputHash = inputHash
        self.outbox = outbox
        self.snapshot = snapshot
        self.cfgFingerprint = cfgFingerprint
        self.errorCount = errorCount
        self.owner = owner
        self.input = input
        self.outboxLines = outboxLines
        self.keepsLease = keepsLease
    }
}

/// How far a stream of input lines has been committed: the last line whose effects are in the store.
public struct InputPosition: Sendable, Equatable {
    /// Names the input (an absolute file path, or `stdin`).
    public var stream: String
    public var line: Int
    public init(stream: String, line: Int) {
        self.stream = stream
        self.line = line
    }
}

public struct CommitReceipt: Sendable, Equatable {
    public var runID: String
    /// The step's version after the commit (unchanged when the run emitted no snapshot).
    public var snapshotVersion: Int
    public var snapshotChanged: Bool
}

/// A committed run as recorded.
public struct RunRecord: Sendable, Equatable {
    public var id: String
    public var key: StepKey
    public var startedAt: Date
    public var endedAt: Date
    public var outcome: String
    public var inputHash: String
    /// The version this run wrote, or nil when it left the snapshot alone.
    public var snapshotVersion: Int?
    public var dataCount: Int
    public var errorCount: Int
}

/// One snapshot in export/import form.
public struct ExportedSnapshot: Sendable, Equatable {
    public var key: StepKey
    public var version: Int
    public var json: String
    public var sha256: String
    public init(key: StepKey, version: Int, json: String, sha256: String) {
        self.key = key
        self.version = version
        self.json = json
        self.sha256 = sha256
    }
}

public enum SnapshotStoreError: Error, Sendable, CustomStringConvertible {
    case invalidJSON(String)
    case cannotOpen(path: String, reason: String)
    /// A live run holds the step's lease.
    case stepBusy(LeaseInfo)
    /// Compare-and-set failed.
    case versionConflict(key: StepKey, expected: Int, actual: Int)
    case noSuchVersion(key: StepKey, version: Int)
    /// The run's lease was taken over (its owner was thought dead); the commit was refused.
    case leaseLost(StepKey)
    /// The file was written by a newer jshost, whose layout this one does not know.
    case newerSchema(path: String, found: Int, known: Int)
    /// A stored value that is not JSON (the file was changed by something other than jshost).
    case corruptValue(key: StepKey, version: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidJSON(let reason): return "snapshot is not valid JSON: \(reason)"
        case .cannotOpen(let path, let reason): return "cannot open the snapshot store at \(path): \(reason)"
        case .stepBusy(let lease):
            let since = ISO8601DateFormatter().string(from: lease.since)
            let host = lease.owner.host == ProcessIdentity.hostName ? "" : " on \(lease.owner.host)"
            return "step \(lease.key) is running in pid \(lease.owner.pid)\(host) since \(since)"
        case .versionConflict(let key, let expected, let actual):
            return "step \(key) is at version \(actual), not \(expected); nothing was changed (read it again and retry)"
        case .noSuchVersion(let key, let version):
            return "step \(key) has no kept version \(version) (see `jshost snapshot history`)"
        case .leaseLost(let key):
            return "the lease on step \(key) was taken over by another process; this run's results were not committed"
        case .newerSchema(let path, let found, let known):
            return "the snapshot store at \(path) has schema version \(found), written by a newer jshost; this jshost knows versions up to \(known) and changes nothing: use that newer jshost, or another --state-dir"
        case .corruptValue(let key, let version, let reason):
            return "the stored snapshot of step \(key) (version \(version)) is damaged: not JSON (\(reason)); nothing was run or changed: `jshost snapshot history` lists kept versions to roll back to, or `jshost snapshot reset` clears it"
        }
    }
}

/// Hashes and identities used by stores.
public enum Digests {
    public static func sha256(_ text: String) -> String {
        let digest = SHA256.hash(data: Data(text.utf8))
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// sha256 of a JSON value's canonical form (`JSONSyntax.canonical`): the same however the value is written,
    /// which is what an export line's hash covers. Nil when the text is not JSON.
    public static func canonicalSHA256(ofJSON json: String) -> String? {
        (try? JSONSyntax.canonical(json)).map(sha256)
    }

    /// sha256 of a JSON value in canonical form (sorted keys), so key order does not change the fingerprint.
    public static func fingerprint(ofJSON json: String) -> String {
        guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return sha256(json) }
        return sha256(String(decoding: data, as: UTF8.self))
    }
}

/// Process start times and the host name, for lease ownership.
public enum ProcessIdentity {
    public static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); nil when there is no such process.
    public static func startTime(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else {
            // Without /proc (not Linux) fall back to asking the kernel whether the pid exists.
            return kill(pid, 0) == 0 || errno == EPERM ? "" : nil
        }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // A zombie (state Z) has exited; only its exit status is left for the parent to collect.
        if fields.first == "Z" || fields.first == "X" { return nil }
        return fields.count > 19 ? String(fields[19]) : ""
    }
}

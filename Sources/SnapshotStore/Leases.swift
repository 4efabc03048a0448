import Foundation
import JSHostCore

/// Who holds a step's lease: a worker of a process on a host. The process is named by its pid and start time (a
/// reused pid is not mistaken for it), and the worker tells apart the runs one process hosts side by side.
public struct LeaseOwner: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var pid: Int32
    public var startTime: String
    /// Unique among this process's workers; `main` for a process that runs one step at a time.
    public var worker: String

    public init(host: String, pid: Int32, startTime: String, worker: String) {
        self.host = host
        self.pid = pid
        self.startTime = startTime
        self.worker = worker
    }

    /// This process, as the worker named `worker`.
    public static func thisProcess(worker: String = "main") -> LeaseOwner {
        LeaseOwner(host: ProcessIdentity.hostName, pid: getpid(), startTime: ProcessIdentity.thisProcessStartTime, worker: worker)
    }

    /// False only when the owner's process is on this host and gone (or its pid now names another process). For
    /// an owner on another host this cannot be known: its lease then lasts until its time to live runs out.
    public var processMayBeAlive: Bool {
        guard host == ProcessIdentity.hostName else { return true }
        guard let start = ProcessIdentity.startTime(of: pid) else { return false }
        return startTime.isEmpty || start == startTime
    }

    public var description: String {
        "pid \(pid)\(host == ProcessIdentity.hostName ? "" : " on \(host)")\(worker == "main" ? "" : " (worker \(worker))")"
    }
}

/// A step's lease, as a token: who holds it, until when, and its fencing number. Every time the lease changes
/// hands the number grows, and a commit is accepted only with the number the step's lease has now, so a holder
/// that stalled past its time to live and was replaced can never commit over its successor.
public struct Lease: Sendable, Equatable {
    public var key: StepKey
    public var owner: LeaseOwner
    public var fence: Int64
    public var acquiredAt: Date
    /// Renewed by heartbeats; after it, another owner may take the lease.
    public var expiresAt: Date

    public init(key: StepKey, owner: LeaseOwner, fence: Int64, acquiredAt: Date, expiresAt: Date) {
        self.key = key
        self.owner = owner
        self.fence = fence
        self.acquiredAt = acquiredAt
        self.expiresAt = expiresAt
    }

    /// How long a lease lasts without a heartbeat, unless its taker asks for another time.
    public static let defaultTimeToLive: Duration = .seconds(30)

    /// Whether this is `other`'s token: the same owner and the same fencing number.
    package func isSameToken(as other: Lease) -> Bool {
        owner == other.owner && fence == other.fence
    }

    /// Whether the lease still keeps others out at `now`: not expired, and its owner not known to be dead.
    public func isHeld(at now: Date = Date()) -> Bool {
        expiresAt > now && owner.processMayBeAlive
    }
}

/// Process start times and the host name, for lease ownership.
public enum ProcessIdentity {
    public static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// This process's start time, read once.
    public static let thisProcessStartTime: String = startTime(of: getpid()) ?? ""

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

/// A step's lease as a store keeps it: its fencing number, which only grows, and its holder when it has one.
package struct StoredLease: Sendable {
    package var fence: Int64
    package var holder: Lease?

    package init(fence: Int64, holder: Lease?) {
        self.fence = fence
        self.holder = holder
    }
}

extension Lease {
    /// The lease `owner` takes of the step at `now`, given what is stored (nil: never leased): the rule every store
    /// keeps. Taken from nobody, from an owner whose lease expired or whose process is gone, or again from itself;
    /// taking it again keeps the token, any change of hands makes a new one. Throws `stepBusy` for another live holder.
    package static func taking(_ key: StepKey, by owner: LeaseOwner, from stored: StoredLease?, now: Date,
                               timeToLive: Duration) throws(SnapshotStoreError) -> Lease {
        if let holder = stored?.holder, holder.owner != owner, holder.isHeld(at: now) { throw .stepBusy(holder) }
        let mine = stored?.holder.flatMap { $0.owner == owner ? $0 : nil }
        return Lease(key: key, owner: owner, fence: mine?.fence ?? (stored?.fence ?? 0) + 1, acquiredAt: mine?.acquiredAt ?? now,
                     expiresAt: now.addingTimeInterval(timeToLive.inSeconds))
    }
}

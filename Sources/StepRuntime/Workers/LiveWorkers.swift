import Foundation

/// The worker processes alive in this process, so a service that must end at once (a second signal) can end
/// them first: a worker left behind could commit after its service is gone.
public enum LiveWorkers {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pids: Set<pid_t> = []

    static func add(_ pid: pid_t) { lock.withLock { _ = pids.insert(pid) } }
    static func remove(_ pid: pid_t) { lock.withLock { _ = pids.remove(pid) } }

    /// Kills every live worker with SIGKILL: what it was running is not committed, and stays queued.
    public static func killAll() {
        for pid in lock.withLock({ pids }) { kill(pid, SIGKILL) }
    }
}

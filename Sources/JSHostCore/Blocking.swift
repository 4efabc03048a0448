import Dispatch

/// Waits on this thread for async work. Only for threads of their own (the main thread of the command line, a
/// JavaScript engine's thread, a commit thread), which have nothing else to do meanwhile.
///
/// The work runs on an executor of its own, not on Swift concurrency's pool: a caller that waits here while
/// holding a pool thread (a test, a service handler calling into a runner) must not be the reason the work it
/// waits for never gets a thread.
public enum Blocking {
    public static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: BridgeExecutor.shared) {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

/// Runs the bridge's tasks on Dispatch's threads. The work is async (it waits by suspending), so a job never
/// holds a thread for long; the queue is concurrent so that tasks of different waiters do not queue behind each other.
final class BridgeExecutor: TaskExecutor {
    static let shared = BridgeExecutor()
    private let queue = DispatchQueue(label: "jshost.blocking-bridge", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// Written once by the task, read after the semaphore: the semaphore orders the two.
private final class ResultBox<T>: @unchecked Sendable {  // the semaphore orders the one write and the one read
    var result: Result<T, any Error>?
}

import ComponentRuntime
import Foundation
import SnapshotStore
import JSHostCore

/// One worker process and its supervision: it is started with the step, answers one message at a time, and is
/// watched while a message runs: past its deadline or over its memory limit it is killed, and whatever ends it
/// (a signal, process.exit) fails the message with the reason. A dead worker is not restarted here: the next
/// message makes a new one (StepWorkers).
final class WorkerProcess: @unchecked Sendable {  // the pending message under `lock`; the request pipe is written by one caller at a time
    let step: WorkerStep
    let pid: pid_t
    private let requests: FileHandle
    private let lock = NSLock()
    private var pending: (id: Int, deadline: ContinuousClock.Instant, context: MessageContext,
                          continuation: CheckedContinuation<WorkerProtocol.Reply, any Error>)?
    private var nextID = 1
    private var killedFor: WorkerFailure?
    private var ended = false
    private let watch = NSCondition()
    private let onEvent: @Sendable (StepKey, StepEvent) -> Void
    /// Writes to the worker happen here, never on the caller's thread (Swift concurrency's pool, for a service).
    private let writes = DispatchQueue(label: "jshost.worker-requests")

    /// How long after its timeout a message's worker is killed, when its engine did not stop it.
    static let grace: Duration = .seconds(2)
    /// How often memory is looked at while a message runs.
    static let memoryCheckInterval: TimeInterval = 0.02

    init(command: WorkerCommand, step: WorkerStep, worker: String,
         onEvent: @escaping @Sendable (StepKey, StepEvent) -> Void) throws(WorkerFailure) {
        self.step = step
        self.onEvent = onEvent
        var toWorker: [Int32] = [0, 0], fromWorker: [Int32] = [0, 0]
        guard Self.makePipe(&toWorker), Self.makePipe(&fromWorker) else {
            throw WorkerFailure(code: .cannotStart, key: step.key, message: "cannot make pipes for a worker: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toWorker[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromWorker[1], 1)
        let argv = ([command.executable] + command.arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, command.executable, &actions, nil, argv, environ)
        close(toWorker[0])
        close(fromWorker[1])
        guard spawned == 0 else {
            close(toWorker[1])
            close(fromWorker[0])
            throw WorkerFailure(code: .cannotStart, key: step.key,
                                message: "cannot start the worker \(command.executable): \(String(cString: strerror(spawned)))")
        }
        pid = child
        LiveWorkers.add(child)
        requests = FileHandle(fileDescriptor: toWorker[1], closeOnDealloc: true)
        let replies = FileHandle(fileDescriptor: fromWorker[0], closeOnDealloc: true)
        startThread("jshost.worker-replies") { [self] in readReplies(replies) }
        startThread("jshost.worker-watch") { [self] in supervise() }
        send(WorkerProtocol.Request(type: "start", step: step, worker: worker))
    }

    var isAlive: Bool { lock.withLock { !ended } }

    /// Runs one message; the caller runs one at a time per worker.
    func run(_ message: StepMessage, consumes: Int64?) async throws -> StepOutcome {
        let reply = try await request(context: message.context) { id in
            WorkerProtocol.Request(type: "run", id: id, message: message.json, context: message.context,
                                   consumes: consumes)
        }
        guard let outcome = reply.outcome else { throw failure(reply) }
        return outcome.stepOutcome
    }

    /// Runs messages in turn without committing (the caller commits): the runs, and the failure of the message
    /// after the last of them, if one failed.
    func evaluate(_ messages: [StepMessage]) async throws -> (runs: [EvaluatedRun], failure: WorkerFailure?) {
        let reply = try await request(context: messages.first?.context ?? .fresh()) { id in
            WorkerProtocol.Request(type: "evaluate", id: id,
                                   items: messages.map { WorkerProtocol.Item(message: $0.json, context: $0.context) })
        }
        guard reply.type == "evaluated" else { throw failure(reply) }
        return ((reply.runs ?? []).map(\.evaluatedRun), reply.failure.map { _ in failure(reply) })
    }

    /// Runs a flow hook (`startup`, `shutdown` with `dataJSON`) of the step's module; returns its result as JSON.
    func hook(_ name: String, dataJSON: String) async throws -> String {
        let reply = try await request(context: .fresh()) { id in
            WorkerProtocol.Request(type: "hook", id: id, message: dataJSON, hook: name)
        }
        guard reply.type == "result" else { throw failure(reply) }
        return reply.json ?? "{}"
    }

    private func failure(_ reply: WorkerProtocol.Reply) -> WorkerFailure {
        let failure = reply.failure ?? WorkerProtocol.Failure(code: "crashed", message: "the worker gave no reason", workerEnds: false)
        return WorkerFailure(code: WorkerFailure.Code(failure.code), key: step.key, message: failure.message)
    }

    /// Sends one request and waits for its answer (or the worker's end), watched by the deadline and memory limit.
    private func request(context: MessageContext, _ make: (Int) -> WorkerProtocol.Request) async throws -> WorkerProtocol.Reply {
        try await withCheckedThrowingContinuation { continuation in
            let id: Int? = lock.withLock {
                guard !ended else { return nil }
                let id = nextID
                nextID += 1
                let deadline = messageDeadline()
                pending = (id, deadline, context, continuation)
                return id
            }
            guard let id else {
                continuation.resume(throwing: WorkerFailure(code: .crashed, key: step.key, message: "the worker had ended"))
                return
            }
            watch.lock()
            watch.signal()
            watch.unlock()
            send(make(id))
        }
    }

    /// When the message starting now must be done by, its engine's timeout and a grace after it.
    private func messageDeadline() -> ContinuousClock.Instant {
        ContinuousClock.now.advanced(by: .milliseconds(Int64(step.timeoutSeconds * 1000)) + Self.grace)
    }

    /// Ends the worker: it finishes nothing more.
    func stop() {
        writes.async { [requests] in try? requests.close() }
        kill(pid, SIGKILL)
    }

    private func send(_ request: WorkerProtocol.Request) {
        let data = WorkerProtocol.encode(request)
        // A dead worker's pipe refuses the write; its end is reported by the reader.
        writes.async { [requests] in try? requests.write(contentsOf: data) }
    }

    private func readReplies(_ replies: FileHandle) {
        var lines = LineSplitter()
        let decoder = JSONDecoder()
        while true {
            let chunk = replies.availableData
            if chunk.isEmpty { break }
            for line in lines.add(chunk) {
                if let reply = try? decoder.decode(WorkerProtocol.Reply.self, from: Data(line)) { handle(reply) }
            }
        }
        finish(status: Self.reap(pid))
        LiveWorkers.remove(pid)
    }

    private func handle(_ reply: WorkerProtocol.Reply) {
        switch reply.type {
        case "event":
            let context: MessageContext? = lock.withLock { pending?.id == reply.id ? pending?.context : nil }
            if let context {
                onEvent(step.key, StepEvent(kind: reply.event ?? "", json: reply.json, context: reply.context ?? context))
            }
        case "progress":
            lock.withLock { if let current = pending, current.id == reply.id { pending?.deadline = messageDeadline() } }
        case "outcome", "failure", "result", "evaluated":
            let waiting: CheckedContinuation<WorkerProtocol.Reply, any Error>? = lock.withLock {
                guard let pending, pending.id == reply.id else { return nil }
                self.pending = nil
                return pending.continuation
            }
            waiting?.resume(returning: reply)
        default:
            break
        }
    }

    /// The worker is gone: the message it was running fails with why.
    private func finish(status: Int32) {
        let (waiting, reason): (CheckedContinuation<WorkerProtocol.Reply, any Error>?, WorkerFailure?) = lock.withLock {
            ended = true
            let waiting = pending?.continuation
            pending = nil
            return (waiting, killedFor)
        }
        watch.lock()
        watch.signal()
        watch.unlock()
        guard let waiting else { return }
        waiting.resume(throwing: reason ?? Self.describe(status: status, key: step.key))
    }

    static func describe(status: Int32, key: StepKey) -> WorkerFailure {
        let signal = status & 0x7f
        if signal != 0 {
            let name = signal == SIGABRT ? "SIGABRT (process.abort(), or a fault in native code)"
                : signal == SIGSEGV ? "SIGSEGV" : signal == SIGKILL ? "SIGKILL" : "signal \(signal)"
            return WorkerFailure(code: .crashed, key: key, message: "the worker was ended by \(name); nothing of the message was committed")
        }
        return WorkerFailure(code: .crashed, key: key,
                             message: "the worker exited with status \((status >> 8) & 0xff) in the middle of a message; nothing of it was committed")
    }

    /// While a message runs: kill the worker past its deadline or over its memory limit.
    private func supervise() {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let statm = open("/proc/\(pid)/statm", O_RDONLY | O_CLOEXEC)
        defer { if statm >= 0 { close(statm) } }
        var buffer = [UInt8](repeating: 0, count: 128)
        while true {
            let state: (ended: Bool, deadline: ContinuousClock.Instant?) = lock.withLock { (ended, pending?.deadline) }
            if state.ended { return }
            guard let deadline = state.deadline else {
                watch.lock()
                _ = watch.wait(until: Date().addingTimeInterval(1))
                watch.unlock()
                continue
            }
            if ContinuousClock.now >= deadline {
                terminate(for: WorkerFailure(code: .timedOut, key: step.key,
                                        message: "the message ran for more than \(step.timeoutSeconds) s and the worker did not stop it; it was killed, and nothing of the message was committed"))
                return
            }
            if statm >= 0 {
                let count = pread(statm, &buffer, buffer.count, 0)
                let fields = count > 0 ? buffer[0..<count].split(separator: UInt8(ascii: " ")) : []
                if fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)), pages * pageSize > step.memoryLimitBytes {
                    terminate(for: WorkerFailure(code: .outOfMemory, key: step.key,
                                            message: "the worker used \(pages * pageSize / (1 << 20)) MiB, over its limit of \(step.memoryLimitBytes / (1 << 20)) MiB, and was killed; nothing of the message was committed"))
                    return
                }
            }
            Thread.sleep(forTimeInterval: Self.memoryCheckInterval)
        }
    }

    private func terminate(for reason: WorkerFailure) {
        lock.withLock { killedFor = reason }
        _ = kill(pid, SIGKILL)
    }

    /// A pipe whose ends other children do not inherit (Glibc's module has no pipe2).
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status
    }

    private func startThread(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = 256 << 10
        thread.start()
    }
}

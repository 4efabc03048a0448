import ComponentRuntime
import Foundation
import SnapshotStore
import JSHostCore

/// One worker process and its supervision. It serves up to `capacity` steps, each in a slot of its own (a thread
/// and an engine in the worker), each answering one message at a time; the steps' messages run at once. It is
/// watched while messages run: past a message's deadline (its engine did not stop it) or over its memory limit
/// the process is killed, and whatever ends it (a signal, an exit) fails the messages it was running, each with
/// the reason it ended. A dead worker is not restarted here: the steps' next messages place them anew (StepWorkers).
final class WorkerProcess: @unchecked Sendable {  // slots and pending messages under `lock`; the request pipe is written on `writes`
    let pid: pid_t
    /// How many steps the process serves at most.
    let capacity: Int
    private let requests: FileHandle
    private let lock = NSLock()
    private struct Pending {
        var key: StepKey
        var deadline: ContinuousClock.Instant
        var timeoutSeconds: Double
        var context: MessageContext
        var continuation: CheckedContinuation<WorkerProtocol.Reply, any Error>
    }
    /// The messages (and hooks) running, by request id: one at most per slot.
    private var pending: [Int: Pending] = [:]
    /// The steps the process serves, by slot.
    private var slots: [Int: WorkerStep] = [:]
    /// Every slot's step, kept after the slot ends (slot numbers are not used again), to name it in a failure.
    private var slotKeys: [Int: StepKey] = [:]
    private var nextSlot = 0
    private var nextID = 1
    /// Why the process was killed: the request it was killed for (nil: every one running) and the failure.
    private var killedFor: (id: Int?, failure: WorkerFailure)?
    private var ended = false
    private let watch = NSCondition()
    private let onEvent: @Sendable (StepKey, StepEvent) -> Void
    private let worker: String
    /// Writes to the worker happen here, never on the caller's thread (Swift concurrency's pool, for a service).
    private let writes = DispatchQueue(label: "jshost.worker-requests")

    /// How long after its timeout a message's worker is killed, when its engine did not stop it.
    static let grace: Duration = .seconds(2)
    /// How often memory is looked at while a message runs.
    static let memoryCheckInterval: TimeInterval = 0.02

    init(command: WorkerCommand, capacity: Int, worker: String, for key: StepKey,
         onEvent: @escaping @Sendable (StepKey, StepEvent) -> Void) throws(WorkerFailure) {
        self.capacity = max(1, capacity)
        self.worker = worker
        self.onEvent = onEvent
        var toWorker: [Int32] = [0, 0], fromWorker: [Int32] = [0, 0]
        guard Self.makePipe(&toWorker), Self.makePipe(&fromWorker) else {
            throw WorkerFailure(code: .cannotStart, key: key, message: "cannot make pipes for a worker: \(String(cString: strerror(errno)))")
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
            throw WorkerFailure(code: .cannotStart, key: key,
                                message: "cannot start the worker \(command.executable): \(String(cString: strerror(spawned)))")
        }
        pid = child
        LiveWorkers.add(child)
        requests = FileHandle(fileDescriptor: toWorker[1], closeOnDealloc: true)
        let replies = FileHandle(fileDescriptor: fromWorker[0], closeOnDealloc: true)
        startThread("jshost.worker-replies") { [self] in readReplies(replies) }
        startThread("jshost.worker-watch") { [self] in supervise() }
    }

    var isAlive: Bool { lock.withLock { !ended } }

    /// Whether the process serves no step now.
    var isEmpty: Bool { lock.withLock { slots.isEmpty } }

    /// Whether the process can take another step.
    var hasRoom: Bool { lock.withLock { !ended && slots.count < capacity } }

    /// Starts serving `step` in a free slot; nil when the process has ended or is full.
    func add(_ step: WorkerStep) -> Int? {
        let slot: Int? = lock.withLock {
            guard !ended, slots.count < capacity else { return nil }
            let slot = nextSlot
            nextSlot += 1
            slots[slot] = step
            slotKeys[slot] = step.key
            return slot
        }
        guard let slot else { return nil }
        send(WorkerProtocol.Request(type: "start", slot: slot, shared: capacity > 1, step: step, worker: "\(worker)-\(slot)"))
        return slot
    }

    /// Whether `slot` serves `step` still (the process is alive, the step unchanged, its engine not let go).
    func serves(_ slot: Int, _ step: WorkerStep) -> Bool {
        lock.withLock { !ended && slots[slot] == step }
    }

    /// Ends a slot: its thread finishes what it was given, and its engine goes.
    func remove(slot: Int) {
        let removed = lock.withLock { slots.removeValue(forKey: slot) != nil }
        if removed { send(WorkerProtocol.Request(type: "drop", slot: slot)) }
    }

    /// Runs one message of the step in `slot`; the caller runs one at a time per slot.
    func run(_ message: StepMessage, slot: Int, consumes: Int64?) async throws -> StepOutcome {
        let reply = try await request(slot: slot, context: message.context) { id in
            WorkerProtocol.Request(type: "run", slot: slot, id: id, message: message.json, context: message.context,
                                   consumes: consumes)
        }
        guard let outcome = reply.outcome else { throw failure(reply, slot: slot) }
        return outcome.stepOutcome
    }

    /// Runs messages in turn without committing (the caller commits): the runs, and the failure of the message
    /// after the last of them, if one failed.
    func evaluate(_ messages: [StepMessage], slot: Int) async throws -> (runs: [EvaluatedRun], failure: WorkerFailure?) {
        let reply = try await request(slot: slot, context: messages.first?.context ?? .fresh()) { id in
            WorkerProtocol.Request(type: "evaluate", slot: slot, id: id,
                                   items: messages.map { WorkerProtocol.Item(message: $0.json, context: $0.context) })
        }
        guard reply.type == "evaluated" else { throw failure(reply, slot: slot) }
        return ((reply.runs ?? []).map(\.evaluatedRun), reply.failure.map { _ in failure(reply, slot: slot) })
    }

    /// Runs a flow hook (`startup`, `shutdown` with `dataJSON`) of the step's module; returns its result as JSON.
    func hook(_ name: String, slot: Int, dataJSON: String) async throws -> String {
        let reply = try await request(slot: slot, context: .fresh()) { id in
            WorkerProtocol.Request(type: "hook", slot: slot, id: id, message: dataJSON, hook: name)
        }
        guard reply.type == "result" else { throw failure(reply, slot: slot) }
        return reply.json ?? "{}"
    }

    /// A failure reply as the caller sees it; one that let the step's engine go ends its slot.
    private func failure(_ reply: WorkerProtocol.Reply, slot: Int) -> WorkerFailure {
        let failure = reply.failure ?? WorkerProtocol.Failure(code: "crashed", message: "the worker gave no reason", workerEnds: false)
        let key = lock.withLock { slotKeys[slot] } ?? StepKey(flow: "?", step: "?")
        if failure.workerEnds { remove(slot: slot) }
        return WorkerFailure(code: WorkerFailure.Code(failure.code), key: key, message: failure.message)
    }

    /// Sends one request and waits for its answer (or the worker's end), watched by the deadline and memory limit.
    private func request(slot: Int, context: MessageContext, _ make: (Int) -> WorkerProtocol.Request) async throws -> WorkerProtocol.Reply {
        try await withCheckedThrowingContinuation { continuation in
            let started: Result<Int, WorkerFailure> = lock.withLock {
                guard let step = slots[slot] else {
                    return .failure(WorkerFailure(code: .crashed, key: slotKeys[slot] ?? StepKey(flow: "?", step: "?"),
                                                  message: "the worker no longer serves the step; its next message places it again"))
                }
                guard !ended else { return .failure(WorkerFailure(code: .crashed, key: step.key, message: "the worker had ended")) }
                let id = nextID
                nextID += 1
                pending[id] = Pending(key: step.key, deadline: Self.deadline(step.timeoutSeconds),
                                      timeoutSeconds: step.timeoutSeconds, context: context, continuation: continuation)
                return .success(id)
            }
            guard case .success(let id) = started else {
                if case .failure(let failure) = started { continuation.resume(throwing: failure) }
                return
            }
            watch.lock()
            watch.signal()
            watch.unlock()
            send(make(id))
        }
    }

    /// When a message starting now must be done by: its engine's timeout and a grace after it.
    private static func deadline(_ timeoutSeconds: Double) -> ContinuousClock.Instant {
        ContinuousClock.now.advanced(by: .milliseconds(Int64(timeoutSeconds * 1000)) + grace)
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
        var reader = PipeReader(replies)
        while let chunk = reader.next() {
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
            let running: (key: StepKey, context: MessageContext)? = lock.withLock { pending[reply.id].map { ($0.key, $0.context) } }
            if let running {
                onEvent(running.key, StepEvent(kind: reply.event ?? "", json: reply.json, context: reply.context ?? running.context))
            }
        case "progress":
            lock.withLock {
                if let timeout = pending[reply.id]?.timeoutSeconds { pending[reply.id]?.deadline = Self.deadline(timeout) }
            }
        case "outcome", "failure", "result", "evaluated":
            let waiting = lock.withLock { pending.removeValue(forKey: reply.id)?.continuation }
            waiting?.resume(returning: reply)
        default:
            break
        }
    }

    /// The worker is gone: each message it was running fails with why.
    private func finish(status: Int32) {
        let (running, reason): ([Int: Pending], (id: Int?, failure: WorkerFailure)?) = lock.withLock {
            ended = true
            let running = pending
            pending = [:]
            return (running, killedFor)
        }
        watch.lock()
        watch.signal()
        watch.unlock()
        for (id, message) in running {
            let failure: WorkerFailure
            if let reason, reason.id == nil || reason.id == id {
                failure = WorkerFailure(code: reason.failure.code, key: message.key, message: reason.failure.message)
            } else if let reason {
                failure = WorkerFailure(code: .neighbourEnded, key: message.key,
                                        message: "the worker process it shared with step \(reason.failure.key) was killed (\(reason.failure.message)); nothing of the message was committed")
            } else {
                failure = Self.describe(status: status, key: message.key)
            }
            message.continuation.resume(throwing: failure)
        }
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

    /// While messages run: kill the worker when one is past its deadline, or when the process is over its memory
    /// limit (`memoryLimit`).
    private func supervise() {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let statm = open("/proc/\(pid)/statm", O_RDONLY | O_CLOEXEC)
        defer { if statm >= 0 { close(statm) } }
        var buffer = [UInt8](repeating: 0, count: 128)
        while true {
            let state: (ended: Bool, running: [Int: Pending], limit: Int) = lock.withLock { (ended, pending, memoryLimit) }
            if state.ended { return }
            guard !state.running.isEmpty else {
                watch.lock()
                _ = watch.wait(until: Date().addingTimeInterval(1))
                watch.unlock()
                continue
            }
            let now = ContinuousClock.now
            if let (id, late) = state.running.first(where: { now >= $0.value.deadline }) {
                terminate(for: id, WorkerFailure(code: .timedOut, key: late.key,
                                                 message: "the message ran for more than \(late.timeoutSeconds) s and the worker did not stop it; it was killed, and nothing of the message was committed"))
                return
            }
            if statm >= 0 {
                let count = pread(statm, &buffer, buffer.count, 0)
                let fields = count > 0 ? buffer[0..<count].split(separator: UInt8(ascii: " ")) : []
                if fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)), state.limit > 0,
                   pages * pageSize > state.limit {
                    let key = state.running.values.first?.key ?? StepKey(flow: "?", step: "?")
                    terminate(for: nil, WorkerFailure(code: .outOfMemory, key: key,
                                                      message: "the worker used \(pages * pageSize / (1 << 20)) MiB, over its limit of \(state.limit / (1 << 20)) MiB, and was killed; nothing of the message was committed"))
                    return
                }
            }
            Thread.sleep(forTimeInterval: Self.memoryCheckInterval)
        }
    }

    /// Alone, the step's limit is the process's. Shared, each engine stops its own step at its heap limit, looked
    /// at every few milliseconds, so it can go over by what it allocates meanwhile, and the process holds more
    /// than the heaps: the process is killed only past the sum of its steps' limits and one more step's worth,
    /// a backstop for memory no engine counts (native buffers). Called under `lock`.
    private var memoryLimit: Int {
        let limits = slots.values.map(\.memoryLimitBytes)
        return capacity == 1 ? limits.first ?? 0 : limits.reduce(0, +) + (limits.max() ?? 0)
    }

    private func terminate(for id: Int?, _ reason: WorkerFailure) {
        lock.withLock { killedFor = (id, reason) }
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

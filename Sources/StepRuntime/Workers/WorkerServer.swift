import ComponentRuntime
import Foundation
import SnapshotStore
import JSHostCore
import Synchronization

/// The worker process's side: reads requests from `input` and hands each to the slot it names (`WorkerSlot`: one
/// step, its own thread and engine), which runs its step's messages, commits them (or, for `evaluate`, leaves the
/// commit to the supervisor), runs flow hooks, and writes events and outcomes to `output`. Each step's component
/// stays loaded between messages. Returns when the supervisor closes `input`, after the slots finished what they
/// were given.
public enum WorkerServer {
    /// `logs` writes the components' and jshost's log lines (the process's stderr unless told otherwise); `stores`
    /// opens the store the supervisor names, as the composition root chose it.
    public static func serve(input: FileHandle, output: FileHandle,
                             logs: (@Sendable (String) -> Void)? = nil, stores: StoreOpener) -> Int32 {
        let writer = ReplyWriter(output)
        let write = logs ?? StandardStreams.writeStderr
        let stores = SharedStores(stores).opener
        var slots: [Int: WorkerSlot] = [:]
        var splitter = LineSplitter()
        let decoder = JSONDecoder()
        var reader = PipeReader(input)
        while let chunk = reader.next() {
            for line in splitter.add(chunk) {
                guard let request = try? decoder.decode(WorkerProtocol.Request.self, from: Data(line)) else { continue }
                let number = request.slot ?? 0
                switch request.type {
                case "start":
                    // A slot started again (its step changed) ends the old one first.
                    slots[number]?.close()
                    slots[number] = WorkerSlot(writer: writer, budget: LogBudget(write: write), stores: stores)
                    slots[number]?.submit(request)
                case "drop":
                    slots.removeValue(forKey: number)?.close()
                default:
                    guard let slot = slots[number] else {
                        writer.write(WorkerProtocol.Reply(type: "failure", id: request.id ?? 0, failure: WorkerProtocol.Failure(
                            code: "component-failed", message: "the worker has no step in slot \(number)", workerEnds: true)))
                        continue
                    }
                    slot.submit(request)
                }
            }
        }
        for slot in slots.values { slot.close() }
        for slot in slots.values { slot.waitUntilDone() }
        return 0
    }

    /// A run's failure in the supervisor's terms, worded without any command line's advice.
    static func failure(_ error: StepRunError, step: WorkerStep) -> WorkerProtocol.Failure {
        if let store = error.underlying as? SnapshotStoreError {
            let code = store.code == .stepBusy ? "step-busy" : store.code == .alreadyConsumed ? "already-consumed" : "store-failed"
            return WorkerProtocol.Failure(code: code, message: store.description, workerEnds: false)
        }
        if let violation = error.underlying as? SnapshotLimitViolation {
            return WorkerProtocol.Failure(code: "store-failed", message: "\(violation)", workerEnds: false)
        }
        guard let component = error.underlying as? ComponentError else {
            return WorkerProtocol.Failure(code: "component-failed", message: "\(error.underlying)", workerEnds: false)
        }
        // These let the step's engine go; the supervisor places the step again with its next message.
        func endingEngine(_ code: String) -> WorkerProtocol.Failure {
            WorkerProtocol.Failure(code: code, message: component.message + "; its engine was let go, and the step's next message starts a fresh one",
                                   workerEnds: true)
        }
        switch component.code {
        case .timedOut:
            // What a stopped script left half done (a module's state, timers) is not run on: the engine goes too.
            return endingEngine("timed-out")
        case .exited where component.aborted:
            return endingEngine("crashed")
        case .exited:
            return endingEngine("exited")
        case .outOfMemory:
            return endingEngine("out-of-memory")
        default:
            return WorkerProtocol.Failure(code: "component-failed", message: component.message, workerEnds: false)
        }
    }
}

/// Writes replies whole, one at a time, from whichever thread has one.
final class ReplyWriter: Sendable {
    /// Held while a reply is written, so replies from two threads never interleave.
    private let output: Mutex<FileHandle>
    init(_ output: FileHandle) { self.output = Mutex(output) }
    func write(_ reply: WorkerProtocol.Reply) {
        let data = WorkerProtocol.encode(reply)
        output.withLock { try? $0.write(contentsOf: data) }
    }
}

/// The stores a worker's steps commit to, each opened once: the steps sharing a process share its connections.
final class SharedStores: Sendable {
    private let underlying: StoreOpener
    private let opened = Mutex<[String: any ServiceStore]>([:])

    init(_ underlying: StoreOpener) { self.underlying = underlying }

    var opener: StoreOpener {
        StoreOpener { [self] location, limit, historyDepth in
            try opened.withLock { stores in
                let key = "\(location)\n\(limit.bytes)\n\(historyDepth)"
                if let store = stores[key] { return store }
                let store = try underlying.open(location, limit, historyDepth)
                stores[key] = store
                return store
            }
        }
    }
}

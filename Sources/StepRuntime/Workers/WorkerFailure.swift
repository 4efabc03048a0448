import Foundation
import SnapshotStore
import JSHostCore

/// Why a supervised worker did not return an outcome for a message. A value that can grow: callers look at
/// `code` for the kinds they handle and show `message` for the rest. Nothing of a failed message is committed.
public struct WorkerFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The message ran past its timeout and was stopped (by the engine, or by killing the worker).
        public static let timedOut = Code("timed-out")
        /// The worker process died: a signal (process.abort(), a fault in native code) or an unexpected exit.
        public static let crashed = Code("crashed")
        /// The step went over its memory limit: its engine was stopped and let go, or its worker killed.
        public static let outOfMemory = Code("out-of-memory")
        /// The component called process.exit(); its engine was let go, as a sailor container would be restarted.
        public static let exited = Code("exited")
        /// Another step in the same worker process got it killed (a message past its deadline, the process over
        /// its memory): not this message's doing, and it runs again.
        public static let neighbourEnded = Code("neighbour-ended")
        /// The component failed to load or threw outside any emit.
        public static let componentFailed = Code("component-failed")
        /// Another owner held the step's lease for longer than the run would wait.
        public static let stepBusy = Code("step-busy")
        /// The queued message the run took was consumed by another run first: nothing was committed.
        public static let alreadyConsumed = Code("already-consumed")
        /// The store refused or failed (the lease was lost, the file cannot be written…).
        public static let storeFailed = Code("store-failed")
        /// The store could not be reached, or lost the step's lease meanwhile: not the message's doing.
        public static let storeUnavailable = Code("store-unavailable")
        /// The worker process could not be started.
        public static let cannotStart = Code("cannot-start")
    }

    public var code: Code
    public var key: StepKey
    public var message: String

    public init(code: Code, key: StepKey, message: String) {
        self.code = code
        self.key = key
        self.message = message
    }

    public var description: String { "step \(key): \(message)" }
}

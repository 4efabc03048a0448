import Foundation
import JSHostCore

/// Why a run did not complete, and at which stage: the stage tells a caller what was kept (nothing, for every
/// stage of a single run; for a stream, what was committed before). `underlying` is the store's, the component's
/// or the stream's own error, for callers to word and map to exit codes or statuses.
public struct StepRunError: Error, Sendable, CustomStringConvertible {
    public struct Stage: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Taking the step's lease (`underlying` is `stepBusy` when another owner holds it).
        public static let lease = Stage("lease")
        /// Reading the stored snapshot.
        public static let read = Stage("read")
        /// Reading how far a stream was committed.
        public static let readPosition = Stage("read-position")
        /// Loading or running the component (`underlying` is a ComponentError, or a StreamFailure for a stream).
        public static let component = Stage("component")
        /// Committing the results.
        public static let commit = Stage("commit")
    }

    public var stage: Stage
    public var key: StepKey
    public var underlying: any Error

    public init(stage: Stage, key: StepKey, underlying: any Error) {
        self.stage = stage
        self.key = key
        self.underlying = underlying
    }

    public var description: String { "step \(key), \(stage): \(underlying)" }
}

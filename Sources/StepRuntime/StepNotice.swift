import Foundation
import JSHostCore

/// Something a run decided that its caller should tell people about; the caller words it.
public enum StepNotice: Sendable, Equatable {
    /// cfg differs from the one the stored snapshot (version, bytes) was made with; `reset` says whether the run
    /// starts from `{}` instead.
    case cfgChanged(key: StepKey, version: Int, bytes: Int, reset: Bool)
    /// A stream continues after the last line committed for it.
    case resuming(key: StepKey, stream: String, afterLine: Int)
    /// A stream was already committed through a line and is processed again from the start.
    case reprocessing(key: StepKey, stream: String, committedThrough: Int)
    /// A data message matched no condition of the step's edges and the step has no default edge: it goes nowhere.
    case unrouted(key: StepKey)
}

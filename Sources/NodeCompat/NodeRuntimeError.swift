import JSEngine

/// Why a Node-compatible run stopped abnormally.
public enum NodeRuntimeError: Error, Sendable, CustomStringConvertible {
    /// An exception nobody caught (a timer callback threw, with no 'uncaughtException' listener).
    case uncaughtException(JSException)
    /// The deadline passed while script code was running or the loop was still busy.
    case timedOut
    /// Script code called `process.exit(code)`.
    case exited(code: Int32)
    /// Script code called `process.abort()` where that does not end the process (`NodeOptions.abortEndsProcess`).
    case aborted
    /// The engine's heap grew past its limit (`bytes`) while script code ran, which was stopped.
    case outOfMemory(bytes: Int)

    public var description: String {
        switch self {
        case .uncaughtException(let info): return "uncaught exception: \(info)"
        case .timedOut: return "timed out"
        case .exited(let code): return "process.exit(\(code)) was called"
        case .aborted: return "process.abort() was called"
        case .outOfMemory(let bytes): return "the JavaScript heap grew past its limit of \(bytes >> 20) MiB"
        }
    }
}

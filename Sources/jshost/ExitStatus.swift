import ComponentRuntime
import ArgumentParser

/// jshost's documented exit codes.
enum ExitStatus {
    /// Completed with no error event.
    static let success: Int32 = 0
    /// Completed with error events (or: credentials not verified, model function failed, no such snapshot).
    static let completedWithErrors: Int32 = 1
    /// Usage or load error: bad arguments, bad component.json, unknown function, syntax error.
    static let usageOrLoad: Int32 = 2
    /// Timed out or terminated by a signal; nothing was committed.
    static let timedOutOrTerminated: Int32 = 3
    /// The step is busy (another run holds its lease) or a compare-and-set found another version.
    static let busyOrConflict: Int32 = 4
    /// The state store could not be opened or written.
    static let storeFailure: Int32 = 5
    /// The component ended the process itself (process.exit); nothing of that run was committed.
    static let componentExited: Int32 = 6
    /// The process went over --max-memory, or the address space it may reserve is too small; nothing was committed.
    static let outOfMemory: Int32 = 7

    /// The exit code for a component's failure.
    static func code(for error: ComponentError) -> Int32 {
        switch error.code {
        case .timedOut: return timedOutOrTerminated
        case .crashed, .functionFailed: return completedWithErrors
        case .exited: return componentExited
        case .outOfMemory: return outOfMemory
        default: return usageOrLoad // usage, load, module-load, and kinds added later until they get their own
        }
    }

    static let helpText = """
        Exit codes:
          0  completed with no error event
          1  completed with error events (verify: not verified; model: the function failed; snapshot get: none stored)
          2  usage or load error (bad arguments, bad component.json, unknown function, syntax error with file:line)
          3  timed out or terminated; nothing was committed
          4  the step is running in another process, or --if-version did not match; nothing was changed
          5  the state store could not be opened or written, or was written by a newer jshost
          6  the component called process.exit(); nothing of that run was committed
          7  out of memory (--max-memory, or too little address space); nothing was committed
        """
}

/// A one-line user-facing failure with its exit code.
struct Failure: Error, CustomStringConvertible {
    var message: String
    var code: Int32
    var description: String { message }
}

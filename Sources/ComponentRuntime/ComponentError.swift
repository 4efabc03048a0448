import JSEngine

/// Why a component could not be run to completion. A value that can grow: callers look at `code` for the kinds
/// they handle (the command line maps each to an exit code, a service to a status) and show `description`,
/// which says what happened and holds no caller's advice, for the rest.
public struct ComponentError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Used wrongly: an unknown function, a missing folder, a message that is not JSON.
        public static let usage = Code("usage")
        /// component.json could not be read, or the runtime could not start.
        public static let load = Code("load")
        /// A trigger's or action's module threw while loading (syntax error, missing dependency…); `cause` holds
        /// the exception, whose location tools can show.
        public static let moduleLoad = Code("module-load")
        /// The run went over its time limit (`seconds`) and was stopped.
        public static let timedOut = Code("timed-out")
        /// An exception (`cause`) escaped the component outside any emit (e.g. thrown in a timer).
        public static let crashed = Code("crashed")
        /// The component called process.exit(`exitCode`): its own outcome, whatever the code.
        public static let exited = Code("exited")
        /// The run's engine grew past its heap limit and was stopped; the engine is not used again.
        public static let outOfMemory = Code("out-of-memory")
        /// A model function threw, rejected or called back with an error; `replyJSON` is sailor's
        /// `{"status":"error","data":{"message":…}}` reply.
        public static let functionFailed = Code("function-failed")
    }

    public var code: Code
    public var message: String
    public var cause: JSException?
    public var seconds: Double?
    public var exitCode: Int32?
    public var replyJSON: String?
    /// The exit was process.abort()'s.
    public var aborted = false
    /// For a function that was not named where several could be run: their names.
    public var choices: [String]?

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public static func usage(_ message: String) -> Self { Self(code: .usage, message: message) }
    public static func load(_ message: String) -> Self { Self(code: .load, message: message) }

    public static func moduleLoad(message: String, cause: JSException) -> Self {
        var error = Self(code: .moduleLoad, message: message)
        error.cause = cause
        return error
    }

    public static func timedOut(seconds: Double) -> Self {
        var error = Self(code: .timedOut, message: "run timed out after \(format(seconds)) s and was stopped; nothing was committed")
        error.seconds = seconds
        return error
    }

    public static func crashed(_ exception: JSException) -> Self {
        var error = Self(code: .crashed, message: "component crashed with an uncaught \(exception); nothing was committed")
        error.cause = exception
        return error
    }

    public static func exited(code: Int32) -> Self {
        var error = Self(code: .exited, message: "component called process.exit(\(code)), which ends its run unfinished; nothing was committed (sailor's container would exit too, and the message be delivered again)")
        error.exitCode = code
        return error
    }

    /// process.abort() where it does not end the process: an exit with Node's abort status, said as an abort.
    public static func aborted() -> Self {
        var error = Self(code: .exited, message: "component called process.abort(), which ends its run unfinished; nothing was committed")
        error.exitCode = 134
        error.aborted = true
        return error
    }

    public static func outOfMemory(bytes: Int) -> Self {
        Self(code: .outOfMemory, message: "the run's JavaScript heap grew past its limit of \(bytes >> 20) MiB and the run was stopped; nothing was committed")
    }

    public static func functionFailed(replyJSON: String) -> Self {
        var error = Self(code: .functionFailed, message: "the function failed: \(replyJSON)")
        error.replyJSON = replyJSON
        return error
    }

    public var description: String { message }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

import JSEngine

/// Why jshost could not run a component to completion. Each case maps to one documented exit code.
public enum ComponentError: Error, Sendable, CustomStringConvertible {
    /// The command was used wrongly (unknown function, missing folder, bad JSON argument). Exit 2.
    case usage(String)
    /// component.json could not be read, or the runtime could not start. Exit 2.
    case load(String)
    /// A trigger's or action's module threw while loading (syntax error, missing dependency…), with sailor's
    /// message and the exception, whose location tools can show. Exit 2.
    case moduleLoad(message: String, cause: JSException)
    /// The run went over its time limit and was stopped. Exit 3.
    case timedOut(seconds: Double)
    /// An exception escaped the component outside any emit (e.g. thrown in a timer). Exit 1.
    case crashed(JSException)
    /// The component called process.exit(code): its own outcome, whatever the code. Exit 6.
    case exited(code: Int32)
    /// A model function threw, rejected or called back with an error; carries sailor's
    /// `{"status":"error","data":{"message":…}}` reply. Exit 1.
    case functionFailed(replyJSON: String)

    public var description: String {
        switch self {
        case .usage(let message), .load(let message), .moduleLoad(let message, _): return message
        case .timedOut(let seconds):
            return "run timed out after \(Self.format(seconds)) s and was stopped; nothing was committed (raise --timeout if the component needs longer)"
        case .crashed(let exception):
            return "component crashed with an uncaught \(exception); nothing was committed"
        case .exited(let code): return "component called process.exit(\(code)), which ends its run unfinished; nothing was committed (sailor's container would exit too, and the message be delivered again)"
        case .functionFailed(let reply): return "the function failed: \(reply)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

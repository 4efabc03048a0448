/// A JavaScript exception turned into a Swift value. Carries no JS references, so it may leave the engine's thread.
public struct JSException: Error, Sendable, CustomStringConvertible, Equatable {
    public var name: String
    public var message: String
    public var sourceURL: String?
    public var line: Int?
    public var column: Int?
    public var stack: String?
    /// Node-style error code (`MODULE_NOT_FOUND`, `ENOENT`…) when the error has one.
    public var code: String?
    /// The thrown value as JSON when it was not an Error object (`throw 42`, `throw {code: 1}`).
    public var thrownJSON: String?

    public init(name: String, message: String, sourceURL: String? = nil, line: Int? = nil,
                column: Int? = nil, stack: String? = nil, code: String? = nil, thrownJSON: String? = nil) {
        self.name = name
        self.message = message
        self.sourceURL = sourceURL
        self.line = line
        self.column = column
        self.stack = stack
        self.code = code
        self.thrownJSON = thrownJSON
    }

    /// `file:line` (or `file:line:column`) when known.
    public var location: String? {
        guard let sourceURL else { return nil }
        guard let line else { return sourceURL }
        if let column { return "\(sourceURL):\(line):\(column)" }
        return "\(sourceURL):\(line)"
    }

    public var description: String {
        let head = message.isEmpty ? name : "\(name): \(message)"
        if let location { return "\(head) (at \(location))" }
        return head
    }
}

/// Why an engine call did not return a value.
public enum JSEngineError: Error, Sendable, CustomStringConvertible {
    /// Script code threw.
    case exception(JSException)
    /// The execution deadline passed; the script was stopped by JavaScriptCore's watchdog.
    case executionTimedOut
    /// The engine's heap grew past `JSEngine.heapLimitBytes` (`bytes`) while script code ran, which was stopped.
    case heapLimitExceeded(bytes: Int)
    /// A value had the wrong type for what the host asked of it.
    case typeMismatch(String)

    public var description: String {
        switch self {
        case .exception(let exception): return exception.description
        case .executionTimedOut: return "JavaScript execution timed out"
        case .heapLimitExceeded(let bytes): return "the JavaScript heap grew past its limit of \(bytes >> 20) MiB"
        case .typeMismatch(let what): return what
        }
    }
}

/// Thrown by a host function to make JavaScript see a specific value as the exception
/// (used to rethrow a JS exception unchanged through Swift).
public struct JSThrow: Error, @unchecked Sendable {  // made and consumed inside one host callback, on the engine's thread
    let value: JSValue
    public init(_ value: JSValue) { self.value = value }
}

/// Thrown by a host function to raise a JS error of a given constructor (`TypeError`, `Error`…) with extra properties.
public struct JSHostError: Error, Sendable {
    public var constructor: String
    public var message: String
    public var code: String?
    public init(_ message: String, constructor: String = "Error", code: String? = nil) {
        self.constructor = constructor
        self.message = message
        self.code = code
    }
}

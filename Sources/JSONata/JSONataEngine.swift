import JSHostCore
import Foundation
import JSEngine

/// jshost's JSONata (1.8 semantics), evaluated in a JavaScriptCore VM of its own: a component's globals never
/// reach an expression, nor an expression's a component. JSONata is a JavaScript-shaped language (its numbers,
/// strings and regular expressions are JavaScript's, moment.js is JavaScript), so it is written in JavaScript and
/// runs where the step already has a JavaScript engine; ARCHITECTURE.md gives the measurements behind the choice.
///
/// Confined to the thread that made it, as every JSEngine is.
public final class JSONataEngine {
    private let engine: JSEngine
    private let check: ProtectedJSValue
    private let evaluateFunction: ProtectedJSValue
    let routeFunction: ProtectedJSValue
    let checkRoutesFunction: ProtectedJSValue
    /// The edges last routed over, and their JSON: a step's edges are the same for each of its messages.
    var routedEdges: [FlowEdge] = []
    var routedEdgesJSON = "[]"
    public var limits: JSONataLimits

    /// The scripts, in the order they build `__jsonata` (each file adds its part).
    static let scripts: [(name: String, source: String)] = [
        ("jsonata-lexer.js", EmbeddedScripts.jsonataLexer),
        ("jsonata-parser.js", EmbeddedScripts.jsonataParser),
        ("jsonata-signature.js", EmbeddedScripts.jsonataSignature),
        ("jsonata-evaluator.js", EmbeddedScripts.jsonataEvaluator),
        ("jsonata-functions.js", EmbeddedScripts.jsonataFunctions),
        ("jsonata-datetime.js", EmbeddedScripts.jsonataDatetime),
        ("jsonata-number-format.js", EmbeddedScripts.jsonataNumberFormat),
        ("jsonata-api.js", EmbeddedScripts.jsonataApi),
        ("jsonata-host.js", EmbeddedScripts.jsonataHost),
        ("jsonata-edges.js", EmbeddedScripts.jsonataEdges),
    ]

    public init(limits: JSONataLimits = JSONataLimits(), moment: MomentLibrary = .installed) throws(JSONataSetupError) {
        self.limits = limits
        engine = JSEngine(name: "jsonata")
        do {
            for script in Self.scripts {
                try engine.evaluate(script.source, sourceURL: "jshost:jsonata/\(script.name)")
            }
            let namespace = try engine.evaluate("globalThis.__jsonata", sourceURL: "jshost:jsonata")
            // moment.js, or why it cannot be had (a string, which `$moment` raises as U1005).
            namespace["loadMoment"] = engine.function("loadMoment") { engine, _, _ in
                guard let source = moment.source() else { return engine.string(moment.missing) }
                _ = try engine.evaluateInHostCall(source, sourceURL: moment.path)
                return try engine.evaluateInHostCall("globalThis.moment", sourceURL: "jshost:jsonata")
            }
            let host = try engine.evaluate("globalThis.__jsonata.host", sourceURL: "jshost:jsonata")
            check = host["check"].protect()
            evaluateFunction = host["evaluate"].protect()
            let edges = try engine.evaluate("globalThis.__jsonata.edges", sourceURL: "jshost:jsonata")
            routeFunction = edges["route"].protect()
            checkRoutesFunction = edges["check"].protect()
        } catch {
            throw JSONataSetupError(message: "jshost's JSONata did not load: \(error)")
        }
    }

    /// The expression's syntax error, or nil when it compiles.
    public func syntaxError(in expression: String) -> JSONataError? {
        let reply: JSValue
        do {
            reply = try check.value.call([engine.string(expression)])
        } catch {
            return JSONataError(code: "U1000", message: "\(error)")
        }
        guard !reply.isNull, let json = try? JSONDecoder().decode(Reply.self, from: Data(reply.toString().utf8)) else { return nil }
        return json.error
    }

    /// Evaluates `expression` against `inputJSON` (nil: no input, JSONata's undefined): the result as JSON text, or
    /// nil when it is undefined.
    public func evaluate(_ expression: String, inputJSON: String?, bindingsJSON: String? = nil,
                         context: JSONataContext = JSONataContext()) throws(JSONataError) -> String? {
        // JavaScriptCore's watchdog (in `call`) backs the evaluator's own checks: a single built-in call that runs
        // long (a huge $pad) is stopped too.
        let text = try call(evaluateFunction, [
            .string(expression), .optionalString(inputJSON), .optionalString(bindingsJSON), .string(context.json),
            .number(Double(limits.maxDepth)), .number(timeoutMilliseconds), .number(Double(limits.maxResultBytes)),
        ])
        if text == #"{"undefined":true}"# { return nil }
        if text.hasPrefix(#"{"value":"#) { return String(text.dropFirst(9).dropLast()) }
        guard let decoded = try? JSONDecoder().decode(Reply.self, from: Data(text.utf8)), let error = decoded.error else {
            throw JSONataError(code: "U1000", message: "unexpected reply from the evaluator: \(text.prefix(200))")
        }
        throw error
    }

    /// Calls one of the scripts' entry points with strings and numbers, under the time limit; its reply as text.
    /// `calls` evaluations in one: each has the time limit (checked by the evaluator); the engine's own deadline,
    /// the backstop for a single built-in call that runs long, covers them all.
    func call(_ function: ProtectedJSValue, _ arguments: [CallArgument], calls: Int = 1) throws(JSONataError) -> String {
        engine.deadline = ContinuousClock.now + limits.timeout * max(calls, 1) + .milliseconds(250)
        defer { engine.deadline = nil }
        // Each argument kept as it is made (see JSEngine's FreshValues; seen once under load without it: an expression
        // evaluated as another's text).
        let engine = self.engine
        let makers: [() -> JSValue] = arguments.map { argument in
            switch argument {
            case .string(let text): return { engine.string(text) }
            case .optionalString(let text): return { text.map { engine.string($0) } ?? engine.undefined }
            case .number(let number): return { engine.number(number) }
            }
        }
        do {
            return try engine.withValues(making: makers) { values throws(JSEngineError) in try function.value.call(values).toString() }
        } catch .executionTimedOut {
            throw JSONataError(code: "U1002", message: "Expression evaluation timeout: Check for infinite loop")
        } catch {
            throw JSONataError(code: "U1000", message: "\(error)")
        }
    }

    enum CallArgument {
        case string(String)
        case optionalString(String?)
        case number(Double)
    }

    var timeoutMilliseconds: Double { limits.timeout.inSeconds * 1000 }

    private struct Reply: Decodable {
        var error: JSONataError?
    }
}

/// jshost's JSONata could not be set up (its scripts did not load): a defect of jshost, not of an expression.
public struct JSONataSetupError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

enum EmbeddedScripts {}

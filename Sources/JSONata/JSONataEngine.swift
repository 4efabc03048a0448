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
    ]

    public init(limits: JSONataLimits = JSONataLimits(), moment: MomentLibrary = .installed) throws(JSONataSetupError) {
        self.limits = limits
        engine = JSEngine(name: "jsonata")
        do {
            for script in Self.scripts {
                try engine.evaluate(script.source, sourceURL: "jshost:jsonata/\(script.name)")
            }
            let namespace = try engine.evaluate("globalThis.__jsonata", sourceURL: "jshost:jsonata")
            namespace["loadMoment"] = engine.function("loadMoment") { engine, _, _ in
                _ = try engine.evaluateInHostCall(try moment.source(), sourceURL: moment.path)
                return try engine.evaluateInHostCall("globalThis.moment", sourceURL: "jshost:jsonata")
            }
            let host = try engine.evaluate("globalThis.__jsonata.host", sourceURL: "jshost:jsonata")
            check = host["check"].protect()
            evaluateFunction = host["evaluate"].protect()
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
        // JavaScriptCore's watchdog backs the evaluator's own checks: a single built-in call that runs long
        // (a huge $pad) is stopped too.
        engine.deadline = ContinuousClock.now + limits.timeout + .milliseconds(250)
        defer { engine.deadline = nil }
        let reply: JSValue
        do {
            reply = try evaluateFunction.value.call([
                engine.string(expression),
                inputJSON.map { engine.string($0) } ?? engine.undefined,
                bindingsJSON.map { engine.string($0) } ?? engine.undefined,
                engine.string(context.json),
                engine.number(limits.maxDepth),
                engine.number(Double(limits.timeout.components.seconds) * 1000 + Double(limits.timeout.components.attoseconds) / 1e15),
                engine.number(limits.maxResultBytes),
            ])
        } catch .executionTimedOut {
            throw JSONataError(code: "U1002", message: "Expression evaluation timeout: Check for infinite loop")
        } catch {
            throw JSONataError(code: "U1000", message: "\(error)")
        }
        let text = reply.toString()
        if text == #"{"undefined":true}"# { return nil }
        if text.hasPrefix(#"{"value":"#) { return String(text.dropFirst(9).dropLast()) }
        guard let decoded = try? JSONDecoder().decode(Reply.self, from: Data(text.utf8)), let error = decoded.error else {
            throw JSONataError(code: "U1000", message: "unexpected reply from the evaluator: \(text.prefix(200))")
        }
        throw error
    }

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

import Foundation
import JSHostCore

/// A JSON value given inline (`'{"a":1}'`) or as `@file`.
enum JSONArgument {
    /// Returns the JSON text, checked to parse. `what` names the option in error messages.
    static func read(_ argument: String, what: String) throws -> String {
        var text = argument
        if argument.hasPrefix("@") {
            let path = String(argument.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Failure(message: "\(what): cannot read file \(path); give JSON inline or @path to a readable file",
                              code: ExitStatus.usageOrLoad)
            }
            text = String(decoding: data, as: UTF8.self)
        }
        if let failure = JSONSyntax.check(text) {
            throw Failure(message: "\(what) is not valid JSON (\(failure)): \(text.prefix(80))", code: ExitStatus.usageOrLoad)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// As `read`, for options that must be a JSON object (what `this.getFlowVariables()` returns is one).
    static func readObject(_ argument: String, what: String) throws -> String {
        let text = try read(argument, what: what)
        guard text.hasPrefix("{") else {
            throw Failure(message: "\(what) must be a JSON object such as {\"name\":\"value\"}; got \(text.prefix(40))",
                          code: ExitStatus.usageOrLoad)
        }
        return text
    }
}

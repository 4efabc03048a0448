import ArgumentParser
import Foundation
import JSONata
import JSHostCore

/// `jshost jsonata`: evaluates one JSONata expression as JSONata's exerciser does, with jshost's JSONata (the one
/// flows' mappers and router conditions run).
struct JSONataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonata",
        abstract: "Evaluate a JSONata expression (as flows' mappers and conditions do) and print the result as JSON.",
        discussion: """
            The input is JSON from --input (a file, or - for standard input); without it the expression has no input.
            elastic.io's extensions work: $getPassthrough() answers --passthrough, $getFlowVariables() answers
            --variables, $moment(…) is moment.js. A result of undefined prints nothing (exit 0). A syntax error
            is shown with a caret under its token (exit 2); an evaluation error with its JSONata code (exit 1).
            """
    )

    @Argument(help: "The expression, e.g. 'Account.Order.Product.(Price * Quantity) ~> $sum()'.")
    var expression: String

    @Option(name: .long, help: "The input JSON: a file, or - for standard input.")
    var input: String?

    @Option(name: .long, help: "Variables for the expression, a JSON object inline or @file: {\"rate\": 0.2} binds $rate.")
    var bindings: String?

    @Option(name: .long, help: "What $getPassthrough() returns: a JSON object inline or @file.")
    var passthrough: String?

    @Option(name: .long, help: "What $getFlowVariables() returns: a JSON object inline or @file.")
    var variables: String?

    @Option(name: .long, help: "Stop an evaluation that runs longer than this many seconds.")
    var timeout: Double = 1

    @Option(name: .customLong("max-depth"), help: "Stop an evaluation nested deeper than this (runaway recursion).")
    var maxDepth: Int = JSONataLimits().maxDepth

    func run() throws {
        let inputJSON = try readInput()
        let bindingsJSON = try bindings.map { try JSONArgument.readObject($0, what: "--bindings") }
        let context = JSONataContext(passthroughJSON: try passthrough.map { try JSONArgument.readObject($0, what: "--passthrough") },
                                     flowVariablesJSON: try variables.map { try JSONArgument.readObject($0, what: "--variables") })
        guard timeout > 0, maxDepth > 0 else {
            throw Failure(message: "--timeout and --max-depth must be greater than 0", code: ExitStatus.usageOrLoad)
        }
        let engine: JSONataEngine
        do {
            engine = try JSONataEngine(limits: JSONataLimits(timeout: .milliseconds(Int64(timeout * 1000)), maxDepth: maxDepth))
        } catch {
            throw Failure(message: error.message, code: ExitStatus.usageOrLoad)
        }
        do {
            if let result = try engine.evaluate(expression, inputJSON: inputJSON, bindingsJSON: bindingsJSON, context: context) {
                StandardStreams.writeStdout(result + "\n")
            }
        } catch {
            StandardStreams.writeStderr("jshost: \(error.description)\n\(error.pointer(in: expression))\n")
            throw ExitCode(error.isSyntaxError ? ExitStatus.usageOrLoad : ExitStatus.completedWithErrors)
        }
    }

    private func readInput() throws -> String? {
        guard let input else { return nil }
        let data: Data?
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: input)
        }
        guard let data else {
            throw Failure(message: "--input: cannot read \(input); give a JSON file, or - for standard input", code: ExitStatus.usageOrLoad)
        }
        return try JSONArgument.read(String(decoding: data, as: UTF8.self), what: "--input \(input)")
    }
}

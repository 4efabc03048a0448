import ArgumentParser
import JSONata

/// How far a JSONata condition or mapper may go on one message before it is stopped (its step gets the error).
struct ExpressionOptions: ParsableArguments {
    @Option(name: .customLong("expression-timeout"), help: ArgumentHelp("Seconds one message's conditions and mappers may take.", valueName: "seconds"))
    var timeout: Double = 1

    @Option(name: .customLong("expression-max-depth"), help: ArgumentHelp("How deep an expression's evaluation may nest (runaway recursion).", valueName: "n"))
    var maxDepth: Int = JSONataLimits().maxDepth

    func validate() throws {
        guard timeout > 0, maxDepth > 0 else {
            throw ValidationError("--expression-timeout and --expression-max-depth must be greater than 0")
        }
    }

    var limits: JSONataLimits {
        JSONataLimits(timeout: .milliseconds(Int64(timeout * 1000)), maxDepth: maxDepth)
    }
}

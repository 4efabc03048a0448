import ArgumentParser
import ComponentRuntime
import ComponentTooling
import Foundation
import JSHostCore

extension ComponentError {
    /// The failure this error means for the command line: its message, with the option that helps, and exit code.
    var failure: Failure { Failure(message: commandLineMessage, code: ExitStatus.code(for: self)) }

    var commandLineMessage: String {
        if code == .timedOut { return message + " (raise --timeout if the component needs longer)" }
        if choices != nil { return message + " with --function" }
        return message
    }

    /// For people: where a load error or crash happened, with the source line and a caret.
    var codeFrame: String? {
        guard code == .moduleLoad || code == .crashed, let cause else { return nil }
        return CodeFrame.location(of: cause).flatMap { CodeFrame.render($0) }
    }
}

/// Runs `body`, turning component errors into one-line failures with their exit codes.
func withComponentErrors<T>(_ body: () throws(ComponentError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw error.failure
    }
}

/// The flow and step a snapshot belongs to: `--step`, or derived from a component folder and function
/// the way `jshost run` names it (`<folder>.<function>`).
struct StepSelection: ParsableArguments {
    @Option(help: "Flow id.")
    var flow: String = "local"

    @Option(help: "Step id (default: <component folder name>.<function>).")
    var step: String?

    func validate() throws {
        if let problem = StepKey.problem(with: flow, what: "--flow") { throw ValidationError(problem) }
        if let step, let problem = StepKey.problem(with: step, what: "--step") { throw ValidationError(problem) }
    }
}

/// A step named by `--step`, or by a component folder (and `--function`), for the snapshot commands.
struct StepTarget: ParsableArguments {
    @Argument(help: "A component folder, to name the step `jshost run` uses for it.")
    var component: String?

    @Option(help: "The component's trigger or action, when it has several.")
    var function: String?

    @OptionGroup var selection: StepSelection

    func key() throws -> StepKey { try selection.key(component: component, function: function) }
}

extension StepSelection {
    func key(component: String?, function: String?) throws -> StepKey {
        if let step { return StepKey(flow: flow, step: step) }
        guard let component else {
            throw Failure(message: "say which step: --step ID, or a component folder (and --function when it has several)",
                          code: ExitStatus.usageOrLoad)
        }
        let descriptor = try withComponentErrors { () throws(ComponentError) in try ComponentDescriptor(directory: component) }
        let chosen = try withComponentErrors { () throws(ComponentError) in try descriptor.function(named: function) }
        return StepKey(flow: flow, step: "\(descriptor.name).\(chosen.name)")
    }
}

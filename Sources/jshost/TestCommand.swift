import ArgumentParser
import ComponentRuntime
import ComponentTooling
import Foundation
import Presentation
import JSHostCore

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a component's test cases and compare their events with golden files.",
        discussion: """
            Cases come from elasticio-cli's test/fixture.json (unchanged; {{VAR}} filled from .env, then the
            environment) and from jshost case files test/cases/*.json. Each case runs in a fresh context with the
            clock fixed (2024-01-01T00:00:00Z unless the case sets "now") and writes nothing to the state store.
            Its events, with uuids, stacks and the component's path normalised, are compared with
            test/golden/<case>.json. Exit 0 when every case passes, 1 otherwise.
            """
    )

    @Argument(help: "The component folder.")
    var component: String = "."

    @Flag(help: "Write the golden files from this run instead of comparing.")
    var update = false

    @Option(help: "Only cases whose name contains this text.")
    var filter: String?

    @Option(help: ArgumentHelp("Also write the results as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    @Option(parsing: .unconditional, help: "Seconds each run may take.")
    var timeout: Double = 20

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try RunCommand.validateTimeout(timeout)
    }

    func run() throws {
        let descriptor = try withComponentErrors { () throws(ComponentError) in try ComponentDescriptor(directory: component) }
        var suite = ComponentTestSuite(component: descriptor)
        suite.runner.environment = ProcessInfo.processInfo.environment
        suite.runner.snapshotLimit.advice = StateOptions.limitAdvice
        suite.update = update
        suite.filter = filter
        suite.runner.timeout = .milliseconds(Int64(timeout * 1000))
        let cases: [TestCase]
        do {
            cases = try suite.cases()
        } catch {
            throw Failure(message: "\(error)", code: ExitStatus.usageOrLoad)
        }
        guard !cases.isEmpty else {
            let filtered = filter.map { " matching \"\($0)\"" } ?? ""
            throw Failure(message: "no test cases\(filtered) in \(descriptor.directory): add test/fixture.json or test/cases/*.json (jshost init shows both)",
                          code: ExitStatus.completedWithErrors)
        }
        let paint = output.stdoutPaint
        let form = output.form
        let outcomes = try suite.run(cases) { outcome in
            if output.json {
                StandardStreams.writeStdout(Self.jsonLine(outcome, update: update))
            } else if form == .people && !update {
                let time = paint.dim(String(format: " (%.0f ms)", outcome.seconds * 1000))
                if outcome.passed {
                    StandardStreams.writeStdout(paint.green("✔") + " \(outcome.name)" + time + "\n")
                } else {
                    StandardStreams.writeStdout(paint.red("✘") + " \(paint.bold(outcome.name)): \(outcome.summary)" + time + "\n" + indented(outcome.details))
                    if !outcome.logs.isEmpty { StandardStreams.writeStdout("  logs:\n" + indented(outcome.logs, by: 4)) }
                }
            } else if update {
                StandardStreams.writeStdout(outcome.updated ? "✎ \(outcome.name): wrote test/golden/\(outcome.name).json\n"
                                                            : "= \(outcome.name): golden file unchanged\n")
                if !outcome.details.isEmpty { StandardStreams.writeStdout(indented(outcome.details)) }
            } else if outcome.passed {
                StandardStreams.writeStdout("✔ \(outcome.name)\n")
            } else {
                StandardStreams.writeStdout("✘ \(outcome.name): \(outcome.summary)\n" + indented(outcome.details))
                if !outcome.logs.isEmpty { StandardStreams.writeStdout("  logs:\n" + indented(outcome.logs, by: 4)) }
            }
        }
        if let junit {
            do {
                try suite.junit(outcomes).write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                throw Failure(message: "cannot write the JUnit report to \(junit): \(error.localizedDescription)", code: ExitStatus.usageOrLoad)
            }
        }
        let failed = outcomes.filter { !$0.passed }.count
        if output.json {
            // The JSON lines are the whole output.
        } else if form == .people && !update {
            var table = Table([.init("CASE"), .init("RESULT"), .init("TIME", alignment: .right), .init("WHY", flexible: true)])
            for outcome in outcomes {
                table.add([.init(outcome.name), .init(outcome.passed ? "passed" : "failed") { outcome.passed ? paint.green($0) : paint.red($0) },
                           .init(String(format: "%.0f ms", outcome.seconds * 1000)), .init(outcome.passed ? "" : outcome.summary)])
            }
            StandardStreams.writeStdout("\n" + table.render(width: Terminal.width, paint: paint))
            let line = "\(outcomes.count - failed) passed, \(failed) failed"
            StandardStreams.writeStdout((failed == 0 ? paint.green(line) : paint.red(line)) + "\n")
        } else if !update {
            StandardStreams.writeStdout("\(outcomes.count - failed) passed, \(failed) failed\n")
        }
        if failed > 0 && !update { throw ExitCode(ExitStatus.completedWithErrors) }
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new component: component.json, a file per trigger and action, a README, fixtures and golden files.",
        discussion: "With neither --trigger nor --action it creates one polling trigger, poll. `jshost test` passes on the result."
    )

    @Argument(help: "The new component's folder (must not exist, or be empty).")
    var directory: String

    @Option(name: .customLong("trigger"), help: "A trigger to create (repeatable).")
    var triggers: [String] = []

    @Option(name: .customLong("action"), help: "An action to create (repeatable).")
    var actions: [String] = []

    func run() throws {
        let scaffold = Scaffold(directory: directory, triggers: triggers, actions: actions)
        do {
            let written = try scaffold.create()
            StandardStreams.writeStdout(written.map { "created \(directory)/\($0)\n" }.joined())
            StandardStreams.writeStdout("next: jshost test \(directory)\n")
        } catch let failure as Scaffold.Failure {
            throw Failure(message: failure.description, code: ExitStatus.usageOrLoad)
        } catch {
            throw Failure(message: "could not create \(directory): \(error)", code: ExitStatus.usageOrLoad)
        }
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check component.json as elasticio-cli's cmp:validate does, listing every problem.",
        discussion: """
            Checks: trigger and action ids match ^[A-Za-z]+[\\w_]*$ and are unique; each main file exists and exports
            process; metadata schema files resolve and hold valid JSON Schema; every select-model function a field
            names is exported; getMetaModel is exported when dynamicMetadata is set. Exit 0 when there is no problem,
            1 otherwise.
            """
    )

    @Argument(help: "The component folder.")
    var component: String = "."

    @OptionGroup var sandbox: SandboxOptions

    @OptionGroup var resources: ResourceOptions

    func run() throws {
        try resources.startGuard { "the check did not finish" }
        let directory = URL(fileURLWithPath: component).standardizedFileURL.path
        let problems = try sandbox.withSandbox(componentDirectory: directory) { permissions, _ in
            ComponentValidator(directory: directory, permissions: permissions, environment: ProcessInfo.processInfo.environment).problems()
        }
        guard !problems.isEmpty else {
            StandardStreams.writeStdout("\(component): component.json is valid\n")
            return
        }
        StandardStreams.writeStdout(problems.map { "✘ \($0)\n" }.joined())
        StandardStreams.writeStdout("\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(component)\n")
        throw ExitCode(ExitStatus.completedWithErrors)
    }
}

extension TestCommand {
    /// One case's result as a JSON line (`--json`): name, passed, summary, seconds, and whether its golden file was written.
    static func jsonLine(_ outcome: CaseOutcome, update: Bool) -> String {
        var line = "{\"case\":\(JSONString.quote(outcome.name)),\"passed\":\(outcome.passed),\"summary\":\(JSONString.quote(outcome.summary)),"
        line += "\"seconds\":\(String(format: "%.3f", outcome.seconds))"
        if update { line += ",\"goldenWritten\":\(outcome.updated)" }
        return line + "}\n"
    }
}

import ArgumentParser
import Foundation
import Presentation

/// How a command prints: people's form at a terminal, JSON lines into a pipe or a file (byte for byte what they
/// always were), either forced with `--pretty` or `--json`.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON lines, as into a pipe, even at a terminal.")
    var json = false

    @Flag(help: "Print for people (aligned, indented, relative times), even into a pipe or a file.")
    var pretty = false

    @Flag(name: .customLong("no-color"), help: "No colours (NO_COLOR=1 does the same).")
    var noColor = false

    @Flag(name: [.short, .long], help: "Show the ids each log line carries (thread, message, flow, step) too.")
    var verbose = false

    func validate() throws {
        if json && pretty { throw ValidationError("--json and --pretty ask for opposite forms; give one") }
    }

    /// The form of what goes to stdout.
    var form: OutputForm { .choose(json: json, pretty: pretty, isTerminal: Terminal.stdoutIsTerminal) }

    var stdoutPaint: Paint { .forStream(isTerminal: Terminal.stdoutIsTerminal, noColor: noColor) }
    var stderrPaint: Paint { .forStream(isTerminal: Terminal.stderrIsTerminal, noColor: noColor) }

    /// The form of the log lines on stderr (LOG_FORMAT, else whether stderr is a terminal).
    var logForm: OutputForm { LogOutput.form }

    /// Writes log lines to stderr in their form: as they come, or rendered for people.
    func logWriter(through progress: ProgressLine? = nil) -> @Sendable (String) -> Void {
        LogOutput.writer(noColor: noColor, verbose: verbose, through: progress)
    }

    /// jshost's own report line on stderr (the commit report, a stream's summary): `jshost: …` for machines, a
    /// marked line for people.
    func report(_ text: String, ok: Bool = true) {
        LogOutput.report(text, ok ? .done : .notice, noColor: noColor)
    }
}

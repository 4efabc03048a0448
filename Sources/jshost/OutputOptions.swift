import ArgumentParser
import Foundation
import NodeCompat
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

/// Log lines on stderr, for commands with no output options of their own (a service, its workers) too.
enum LogOutput {
    enum Mark { case done, notice, failure }

    /// One of jshost's own lines: `jshost: …` for machines (as it always was), marked ✔, ! or ✘ for people.
    static func report(_ text: String, _ mark: Mark = .done, noColor: Bool = false) {
        guard form == .people else { return StandardStreams.writeStderr("jshost: \(text)\n") }
        let paint = Paint.forStream(isTerminal: Terminal.stderrIsTerminal, noColor: noColor)
        switch mark {
        case .done: StandardStreams.writeStderr(paint.green("✔") + " " + text + "\n")
        case .notice: StandardStreams.writeStderr(paint.yellow("!") + " " + text + "\n")
        case .failure: StandardStreams.writeStderr(paint.red("✘ " + text) + "\n")
        }
    }

    /// LOG_FORMAT=json|pretty decides; else people's form when stderr is a terminal.
    static var form: OutputForm { .forLogs(environment: ProcessInfo.processInfo.environment, isTerminal: Terminal.stderrIsTerminal) }

    static func writer(noColor: Bool = false, verbose: Bool = false, through progress: ProgressLine? = nil) -> @Sendable (String) -> Void {
        let write: @Sendable (String) -> Void
        if form == .people {
            let renderer = LogLineRenderer(paint: .forStream(isTerminal: Terminal.stderrIsTerminal, noColor: noColor), verbose: verbose)
            write = { text in
                // A write may hold several lines (console output); each is rendered on its own.
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                if text.hasSuffix("\n") { lines.removeLast() }
                StandardStreams.writeStderr(lines.map { renderer.render(String($0) + "\n") }.joined())
            }
        } else {
            write = StandardStreams.writeStderr
        }
        guard let progress else { return write }
        return { text in progress.interrupt { write(text) } }
    }
}

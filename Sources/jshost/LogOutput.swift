import Foundation
import Presentation
import JSHostCore

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

import ArgumentParser
import ComponentRuntime
import ComponentTooling
import Foundation
import Logging
import NodeCompat
import SnapshotStore

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a component's trigger or action once, committing the snapshot it emits.",
        discussion: """
            Prints each emitted event on stdout as one JSON line, in emission order, e.g.
            {"event":"data","data":{…}}  {"event":"snapshot","data":…}  {"event":"end"}
            Logs and console output go to stderr. The step's stored snapshot is passed to process() and,
            when the run completes, the last snapshot it emitted is committed atomically. A run that times
            out, crashes or is killed commits nothing.

            \(ExitStatus.helpText)
            """
    )

    @Argument(help: "The component folder (it holds component.json).")
    var component: String

    @Option(help: "Trigger or action to run; may be left out when the component has only one.")
    var function: String?

    @Option(help: ArgumentHelp("The incoming message, JSON or @file.", valueName: "json|@file"))
    var msg: String?

    @Option(help: ArgumentHelp("The step configuration (cfg), JSON or @file.", valueName: "json|@file"))
    var cfg: String?

    @Option(help: ArgumentHelp("Use this snapshot instead of the stored one, JSON or @file.", valueName: "json|@file"))
    var snapshot: String?

    @Option(help: ArgumentHelp("What this.getFlowVariables() returns, a JSON object or @file.", valueName: "json|@file"))
    var variables: String?

    @OptionGroup var stepSelection: StepSelection

    @Option(help: ArgumentHelp("Freeze Date.now() and new Date() at this ISO-8601 instant.", valueName: "iso-8601"))
    var now: String?

    @Option(help: "Seconds the whole run may take.")
    var timeout: Double = 60

    @Flag(help: "Run without writing the snapshot to the store.")
    var noCommit = false

    @Flag(help: "Print events for people rather than as JSON lines.")
    var pretty = false

    @OptionGroup var state: StateOptions

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
        if let now, Self.parseInstant(now) == nil {
            throw ValidationError("--now \(now) is not an ISO-8601 instant such as 2024-01-31T12:00:00Z")
        }
    }

    static func parseInstant(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    func run() throws {
        let descriptor = try withComponentErrors { () throws(ComponentError) in try ComponentDescriptor(directory: component) }
        let chosen = try withComponentErrors { () throws(ComponentError) in try descriptor.function(named: function) }
        let key = StepKey(flow: stepSelection.flow, step: stepSelection.step ?? "\(descriptor.name).\(chosen.name)")
        let message = try msg.map { try JSONArgument.read($0, what: "--msg") }
            ?? #"{"attachments":{},"body":{},"headers":{},"metadata":{}}"#
        let configuration = try cfg.map { try JSONArgument.read($0, what: "--cfg") } ?? "{}"
        let flowVariables = try variables.map { try JSONArgument.read($0, what: "--variables") } ?? "{}"

        let store = try state.openStore()
        let startingSnapshot: String
        if let snapshot {
            startingSnapshot = try JSONArgument.read(snapshot, what: "--snapshot")
        } else {
            let stored = try readStored(store, key)
            // sailor starts from `stepData.snapshot || {}`: nothing stored (or a falsy value) means {}.
            startingSnapshot = stored.flatMap { Self.isFalsyJSON($0.json) ? nil : $0.json } ?? "{}"
        }

        var host = HostConfiguration()
        host.timeout = .milliseconds(Int64(timeout * 1000))
        host.frozenNow = now.flatMap(Self.parseInstant)
        host.snapshotLimit = state.limit
        host.flowID = key.flow
        host.stepID = key.step
        host.flowVariablesJSON = flowVariables
        host.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info"
        let human = pretty || isatty(STDERR_FILENO) == 1
        let printer = EventPrinter(pretty: pretty, codeFrames: human)
        let logger = Logger(label: "jshost") { _ in
            JSONLineLogHandler(name: "jshost", level: JSONLineLogHandler.level(named: host.logLevel) ?? .info,
                               write: StandardStreams.writeStderr)
        }

        let outcome: RunOutcome
        do {
            let componentHost = try ComponentHost(component: descriptor, configuration: host, onEvent: printer.print)
            outcome = try componentHost.process(function: chosen, messageJSON: message, cfgJSON: configuration,
                                                snapshotJSON: startingSnapshot)
        } catch {
            var failure = error.failure
            if human, let frame = error.codeFrame { failure.message += "\n" + frame }
            throw failure
        }

        if outcome.initFailed {
            logger.error("init failed for step \(key); nothing was committed")
        } else if let snapshotJSON = outcome.snapshotJSON {
            if noCommit {
                logger.info("--no-commit: the snapshot of step \(key) was left as it was")
            } else {
                do {
                    let stored = try store.put(key, json: snapshotJSON)
                    logger.info("committed snapshot of step \(key), version \(stored.version)")
                } catch {
                    throw Failure(message: "could not commit the snapshot of step \(key): \(error); the stored value is unchanged",
                                  code: ExitStatus.storeFailure)
                }
            }
        }
        if outcome.errorCount > 0 { throw ExitCode(ExitStatus.completedWithErrors) }
    }

    private func readStored(_ store: SnapshotStore, _ key: StepKey) throws -> StoredSnapshot? {
        do {
            return try store.get(key)
        } catch {
            throw Failure(message: "could not read the snapshot of step \(key): \(error)", code: ExitStatus.storeFailure)
        }
    }

    static func isFalsyJSON(_ json: String) -> Bool {
        ["null", "false", "0", "\"\"", "-0", "0.0"].contains(json.trimmingCharacters(in: .whitespaces))
    }
}

/// Writes events to stdout as they happen: JSON lines, or a readable form with --pretty.
/// For people (--pretty, or stderr on a terminal) an error event also gets a code frame; JSON stays structured.
struct EventPrinter: Sendable {
    var pretty: Bool
    var codeFrames: Bool

    func print(_ event: ComponentEvent) {
        let frame = codeFrames && event.name == "error" ? Self.codeFrame(forErrorJSON: event.json) : nil
        if pretty {
            let body = event.json.map { "\n" + JSONArgument.pretty($0).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") } ?? ""
            StandardStreams.writeStdout("▸ \(event.name)\(body)\n" + (frame.map { Self.indented($0) } ?? ""))
        } else {
            StandardStreams.writeStdout(event.jsonLine + "\n")
            if let frame { StandardStreams.writeStderr(frame) }
        }
    }

    static func codeFrame(forErrorJSON json: String?) -> String? {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let stack = object["stack"] as? String, let location = CodeFrame.firstFileLocation(inStack: stack)
        else { return nil }
        let title = "\(object["name"] as? String ?? "Error"): \(object["message"] as? String ?? "")\n"
        return CodeFrame.render(location).map { title + $0 }
    }

    static func indented(_ text: String) -> String {
        text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
    }
}

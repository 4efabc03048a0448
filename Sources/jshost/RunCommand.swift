import ArgumentParser
import ComponentRuntime
import ComponentTooling
import Foundation
import Logging
import Presentation
import SnapshotStore
import StepRuntime
import JSHostCore
import Synchronization

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a component's trigger or action once, committing the snapshot it emits.",
        discussion: """
            Prints each emitted event on stdout as one JSON line, in emission order, e.g.
            {"event":"data","data":{…}}  {"event":"snapshot","data":…}  {"event":"end"}
            Logs and console output go to stderr. The step's stored snapshot is passed to process() and,
            when the run completes, everything is committed in one transaction: the run record, its data
            messages (the outbox) and the new snapshot version. The last stderr line reports the commit. A run
            that times out, crashes or is killed commits nothing. One run per step at a time: a second fails
            with exit code 4 unless --wait is given.

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

    @Option(parsing: .unconditional, help: "Seconds the whole run may take.")
    var timeout: Double = 60

    @Flag(help: "Run without writing anything to the store.")
    var noCommit = false

    @Flag(help: "Run, print the events and the would-be snapshot with its diff against the stored one; commit nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("When the step is running elsewhere, wait for it (for at most S seconds) instead of failing.",
                               valueName: "S"))
    var wait: String?

    @Flag(help: "When cfg differs from the one the stored snapshot was made with, start from {} (the default keeps it and warns).")
    var resetOnConfigChange = false

    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Stream mode: one message per JSON line of FILE (or - for stdin), in order, in this process.",
                               valueName: "file|-"))
    var input: String?

    @Flag(help: "Stream mode: continue after the last input line committed for this step.")
    var resume = false

    @Option(help: ArgumentHelp("Stream mode: commit every N messages or T (e.g. 1000, 200ms, 1000,200ms).", valueName: "N,T"))
    var commitEvery: String?

    @OptionGroup var state: StateOptions

    @OptionGroup var access: PermissionOptions

    @OptionGroup var resources: ResourceOptions

    func validate() throws {
        try Self.validateTimeout(timeout)
        if let now, UTCTimestamp.parse(now) == nil {
            throw ValidationError("--now \(now) is not an ISO-8601 instant such as 2024-01-31T12:00:00Z")
        }
        if let wait, wait != Self.waitForever, !(Double(wait).map { $0 >= 0 } ?? false) {
            throw ValidationError("--wait takes a number of seconds, as in --wait=30, or nothing to wait as long as it takes")
        }
        if dryRun && noCommit { throw ValidationError("--dry-run already commits nothing; leave out --no-commit") }
        if input == nil && (resume || commitEvery != nil) {
            throw ValidationError("--resume and --commit-every belong to stream mode: add --input FILE")
        }
        if input != nil && (msg != nil || dryRun) {
            throw ValidationError("--input reads the messages from a file; leave out --msg and --dry-run")
        }
        if let commitEvery, CommitPolicy.parse(commitEvery) == nil {
            throw ValidationError("--commit-every \(commitEvery) is not N, T or N,T (e.g. 1000, 200ms, 1000,200ms)")
        }
    }

    /// A timeout a Duration can hold: positive, finite, at most a year (`--timeout inf` or 1e300 would overflow).
    static func validateTimeout(_ seconds: Double) throws {
        guard seconds > 0, seconds.isFinite, seconds <= 365 * 24 * 3600 else {
            throw ValidationError("--timeout must be a positive number of seconds, at most 31536000 (a year); got \(seconds)")
        }
    }

    /// What a bare `--wait` becomes (see Main.normalizedArguments).
    static let waitForever = "forever"

    func run() throws {
        let descriptor = try withComponentErrors { () throws(ComponentError) in try ComponentDescriptor(directory: component) }
        let chosen = try withComponentErrors { () throws(ComponentError) in try descriptor.function(named: function) }
        let key = StepKey(flow: stepSelection.flow, step: stepSelection.step ?? "\(descriptor.name).\(chosen.name)")
        if let problem = key.problem {
            throw Failure(message: "\(problem); name the step with --step", code: ExitStatus.usageOrLoad)
        }
        let message = try msg.map { try JSONArgument.read($0, what: "--msg") }
            ?? #"{"attachments":{},"body":{},"headers":{},"metadata":{}}"#
        let configuration = try cfg.map { try JSONArgument.read($0, what: "--cfg") } ?? "{}"
        let flowVariables = try variables.map { try JSONArgument.readObject($0, what: "--variables") } ?? "{}"
        let override = try snapshot.map { try JSONArgument.read($0, what: "--snapshot") }
        let people = output.form == .people
        // A stream at a terminal shows its progress on stderr, with the logs stepping around it.
        let progress = input != nil && Terminal.stderrIsTerminal && output.logForm == .people
            ? ProgressLine(write: StandardStreams.writeStderr) : nil
        let writeLog = output.logWriter(through: progress)
        let logger = Logger(label: "jshost") { _ in
            JSONLineLogHandler(name: "jshost", level: JSONLineLogHandler.level(named: Self.logLevel) ?? .info, write: writeLog)
        }

        let store = try state.openStore()
        Self.keepUntilExit(store)
        let committing = !noCommit && !dryRun

        var host = HostConfiguration.commandLine(step: key, component: descriptor, timeout: timeout, state: state, access: access)
        // jshost run watches the time itself (RunWatchdog): the engine's checks cost a system call per VM entry.
        host.enginePolicesTimeout = false
        host.frozenNow = now.flatMap(UTCTimestamp.parse)
        host.flowVariablesJSON = flowVariables
        host.stderr = writeLog
        var definition = StepDefinition(key: key, component: descriptor, function: chosen, cfgJSON: configuration, host: host)
        definition.resetOnConfigChange = resetOnConfigChange

        let human = people || Terminal.stderrIsTerminal
        let printer = EventPrinter(people: people, codeFrames: human, paint: output.stdoutPaint, progress: progress)
        let runner = StepRunner(definition: definition, store: store, owner: .thisProcess(), onEvent: { printer.print($0.componentEvent) },
                                onNotice: { Self.log($0, logger) })
        // The process ends right after the run: the runner and its engine are never torn down (see keepUntilExit).
        Self.keepUntilExit(runner)
        let mode: CommitMode = committing ? .commit : .discard
        let leaseWait: LeaseWait = switch wait.flatMap({ $0 == Self.waitForever ? nil : Double($0) }) {
        case nil where wait == nil: .fail
        case nil: .forever
        case let seconds?: .upTo(.milliseconds(Int64(seconds * 1000)))
        }
        let streaming = input != nil
        try resources.startGuard {
            streaming ? "lines committed before it stay, and --resume continues after the last one" : "nothing was committed"
        }

        if let input {
            try runStream(input: input, runner: runner, mode: mode, leaseWait: leaseWait, override: override, printer: printer,
                          progress: progress)
            return
        }

        let seconds = timeout
        var watchdog: RunWatchdog?
        runner.willLoad = {
            watchdog = RunWatchdog(timeout: host.timeout) { _, _, _ in ComponentError.timedOut(seconds: seconds).commandLineMessage }
        }
        let outcome: StepOutcome
        do {
            outcome = try runner.run(StepMessage(json: message), mode: mode, wait: leaseWait, snapshotOverride: override)
            watchdog?.disarm()
        } catch {
            watchdog?.disarm()
            throw failure(for: error, human: human)
        }

        if dryRun {
            DryRunReport(key: key, stored: outcome.stored, change: outcome.snapshotChange, pretty: people, output: output).print()
        } else if noCommit {
            output.report("--no-commit: nothing was written for step \(key)", ok: false)
        } else if let receipt = outcome.receipt {
            let snapshotText = receipt.snapshotChanged
                ? (outcome.snapshotChange == .clear ? "snapshot cleared, version \(receipt.snapshotVersion)" : "snapshot version \(receipt.snapshotVersion)")
                : "snapshot unchanged at version \(receipt.snapshotVersion)"
            let data = outcome.dataMessages.count
            output.report("committed run \(receipt.runID) of step \(key): \(snapshotText) (\(data) data message\(data == 1 ? "" : "s"), \(outcome.errorCount) error\(outcome.errorCount == 1 ? "" : "s"))",
                          ok: outcome.errorCount == 0)
        }
        if outcome.errorCount > 0 { throw ExitCode(ExitStatus.completedWithErrors) }
    }

    /// The process ends right after the run, so some objects are deliberately never released: tearing down the
    /// JavaScript heap would only delay the exit, and closing the store would checkpoint its write-ahead log into
    /// the database file with two more fsyncs and delete it, only for the next run to create it again with a
    /// directory fsync (see "A run leaves the store open at exit" in ARCHITECTURE.md). Every commit is already
    /// durable in the log; SQLite checkpoints it as it grows and on any other tool's close.
    static func keepUntilExit(_ object: AnyObject) {
        _ = Unmanaged.passRetained(object)
    }

    static func keepUntilExit(_ store: any ServiceStore) { keepUntilExit(store as AnyObject) }

    static var logLevel: String { ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info" }

    /// A run's notices, worded for this command line.
    static func log(_ notice: StepNotice, _ logger: Logger) {
        switch notice {
        case .cfgChanged(let key, let version, let bytes, let reset):
            if reset {
                logger.warning("cfg of step \(key) changed since snapshot version \(version) was stored; --reset-on-config-change: starting from {}")
            } else {
                logger.warning("cfg of step \(key) changed since snapshot version \(version) was stored; keeping it (\(bytes) bytes). Pass --reset-on-config-change to start from {} instead")
            }
        case .resuming(let key, let stream, let line):
            logger.info("resuming \(stream) after line \(line), the last one committed for step \(key)")
        case .reprocessing(let key, let stream, let line):
            logger.warning("\(stream) was already committed through line \(line) for step \(key); processing it again from line 1 (pass --resume to continue after line \(line))")
        case .unrouted(let key):
            logger.notice("a data message of step \(key) matched no condition of its edges and the step has no default edge; it goes nowhere")
        }
    }

    /// What a failed run means for this command line: its message and exit code.
    private func failure(for error: StepRunError, human: Bool) -> Failure {
        let key = error.key
        switch error.stage {
        case .lease:
            if let busy = error.underlying as? SnapshotStoreError, busy.code == .stepBusy {
                guard let wait else {
                    return Failure(message: "\(busy); wait for it with --wait, or run another step", code: ExitStatus.busyOrConflict)
                }
                return Failure(message: "\(busy); still busy after waiting \(wait) s", code: ExitStatus.busyOrConflict)
            }
            return storeFailure("taking the lease of step \(key)", error.underlying)
        case .read:
            return storeFailure("reading step \(key)", error.underlying)
        case .readPosition:
            return storeFailure("reading the input position of step \(key)", error.underlying)
        case .component:
            if let stream = error.underlying as? StreamFailure {
                let reason = stream.error.failure
                return Failure(message: "line \(stream.line): \(reason.message); lines before it were committed through line \(stream.summary.committedLine)",
                               code: reason.code)
            }
            guard let component = error.underlying as? ComponentError else { return storeFailure("running step \(key)", error.underlying) }
            var failure = component.failure
            if human, let frame = component.codeFrame { failure.message += "\n" + frame }
            return failure
        default:
            return storeFailure(input == nil ? "committing run of step \(key)" : "committing the stream of step \(key)", error.underlying)
        }
    }

    /// Stream mode (--input): see StepRunner.runStream.
    private func runStream(input: String, runner: StepRunner, mode: CommitMode, leaseWait: LeaseWait, override: String?,
                           printer: EventPrinter, progress: ProgressLine?) throws {
        let key = runner.definition.key
        let streamID = input == "-" ? "stdin" : URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
        let reader: LineReader
        do { reader = try LineReader(path: input) } catch {
            let what = (error as? CocoaError)?.code == .fileReadInvalidFileName ? "\(input) is a folder" : "cannot read \(input)"
            throw Failure(message: "--input: \(what); give a readable file of JSON lines, or - for stdin",
                          code: ExitStatus.usageOrLoad)
        }
        let timeout = runner.definition.host.timeout
        let watchdog = WatchdogSlot()
        runner.didLoad = { host in
            watchdog.current = RunWatchdog(timeout: timeout, messageStarts: host.messageStarts) { line, committed, elapsed in
                "line \(line) timed out after \(elapsed.components.seconds) s and was stopped; lines were committed through line \(committed) (--resume continues after it; raise --timeout if messages need longer)"
            }
        }
        let tally = StreamTally()
        let people = printer.people
        let summary: StreamSummary
        do {
            summary = try runner.runStream(reader, streamID: streamID, resume: resume,
                                           policy: commitEvery.flatMap(CommitPolicy.parse) ?? .default, mode: mode,
                                           wait: leaseWait, snapshotOverride: override,
                                           output: { events in
                                               if people {
                                                   for index in 0..<events.count {
                                                       printer.print(ComponentEvent(name: events.kind(at: index), json: events.json(at: index)),
                                                                     line: index < events.lines.count ? events.lines[index] : nil)
                                                   }
                                               } else {
                                                   var bytes: [UInt8] = []
                                                   events.appendTaggedJSONLines(to: &bytes)
                                                   StandardStreams.writeStdout(bytes)
                                               }
                                               if let progress { progress.update(tally.add(events)) }
                                           },
                                           onCommit: { line in
                                               watchdog.current?.committed(through: line)
                                               if let progress { progress.update(tally.committed(through: line)) }
                                           })
        } catch {
            if let progress { progress.finish(tally.status) }
            throw failure(for: error, human: false)
        }
        let committed = mode == .discard ? "nothing committed (--no-commit)"
            : summary.commits == 0 ? "nothing new to commit (committed through line \(summary.committedLine))"
            : "\(summary.commits) commit\(summary.commits == 1 ? "" : "s"), committed through line \(summary.committedLine) (snapshot version \(summary.lastVersion))"
        let report = "stream of step \(key): \(summary.messages) message\(summary.messages == 1 ? "" : "s") (\(summary.malformed) malformed, \(summary.skipped) skipped), \(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(committed)"
        if let progress {
            progress.finish(tally.status)
        }
        output.report(report + (progress != nil ? ", \(tally.rate)" : ""), ok: summary.errors == 0)
        if summary.errors > 0 { throw ExitCode(ExitStatus.completedWithErrors) }
    }
}

/// The stream's watchdog, made once the component is loaded and told of commits from the commit thread.
private final class WatchdogSlot: Sendable {
    private let watchdog = Mutex<RunWatchdog?>(nil)
    var current: RunWatchdog? {
        get { watchdog.withLock { $0 } }
        set { watchdog.withLock { $0 = newValue } }
    }
}

/// What `--dry-run` prints after the events: the would-be snapshot and its diff against the stored one.
struct DryRunReport {
    var key: StepKey
    var stored: StepState?
    var change: RunCommit.SnapshotChange
    var pretty: Bool
    var output: OutputOptions

    func print() {
        let before = stored?.json
        let after: String?
        switch change {
        case .unchanged: after = before
        case .replace(let json): after = json
        case .clear: after = nil
        }
        if pretty {
            let diff = SnapshotDiff.readable(from: before, to: after, oldLabel: "stored (version \(stored?.version ?? 0))",
                                             newLabel: "after this run")
            StandardStreams.writeStdout("▸ dry run: the snapshot would \(diff.isEmpty ? "stay as it is" : "change")\n"
                                        + (diff.isEmpty ? "" : indented(diff)))
        } else {
            let line = "{\"dryRun\":{\"step\":\(JSONString.quote(key.description)),\"storedVersion\":\(stored?.version ?? 0),"
                + "\"stored\":\(before ?? "null"),\"snapshot\":\(after ?? "null"),\"changed\":\(before != after),"
                + "\"patch\":\(SnapshotDiff.jsonPatch(from: before, to: after))}}"
            StandardStreams.writeStdout(line + "\n")
        }
        output.report("dry run of step \(key): nothing was committed")
    }
}

/// Writes events to stdout as they happen: JSON lines for machines; for people each event headed by its kind in
/// colour, its JSON laid out as Node's `JSON.stringify(v, null, 2)` in the order the component made it, long
/// strings folded. For people (or stderr on a terminal) an error event also gets a code frame.
struct EventPrinter: Sendable {
    var people: Bool
    var codeFrames: Bool
    var paint: Paint = .plain
    /// A stream's progress line on the terminal, stepped around.
    var progress: ProgressLine?

    /// Strings longer than this are folded in people's form.
    static let foldStringsOver = 200

    /// Prints an event; in stream mode `line` is the input line it came from, and tags it.
    func print(_ event: ComponentEvent, line: Int? = nil) {
        let frame = codeFrames && event.name == "error" ? Self.codeFrame(forErrorJSON: event.json) : nil
        if people {
            let body = event.json.map {
                "\n" + JSONLayout.indented($0, foldStringsOver: Self.foldStringsOver, paint: paint)
                    .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
            } ?? ""
            let tag = line.map { paint.dim("line \($0) ") } ?? ""
            let text = "\(tag)\(heading(event.name))\(body)\n" + (frame.map { indented($0) } ?? "")
            if let progress { progress.interrupt { StandardStreams.writeStdout(text) } } else { StandardStreams.writeStdout(text) }
        } else if let line {
            StandardStreams.writeStdout("{\"line\":\(line)," + event.jsonLine.dropFirst() + "\n")
        } else {
            StandardStreams.writeStdout(event.jsonLine + "\n")
            if let frame { StandardStreams.writeStderr(frame) }
        }
    }

    /// `▸ data`, coloured by kind: what was sent on green, what went wrong red, what comes back later yellow.
    func heading(_ kind: String) -> String {
        let text = "▸ " + kind
        switch kind {
        case "data", "httpReply": return paint.bold(paint.green(text))
        case "error": return paint.bold(paint.red(text))
        case "snapshot", "updateSnapshot": return paint.bold(paint.cyan(text))
        case "rebound", "updateKeys": return paint.bold(paint.yellow(text))
        default: return paint.dim(text)
        }
    }

    static func codeFrame(forErrorJSON json: String?) -> String? {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let stack = object["stack"] as? String, let location = CodeFrame.firstFileLocation(inStack: stack)
        else { return nil }
        let title = "\(object["name"] as? String ?? "Error"): \(object["message"] as? String ?? "")\n"
        return CodeFrame.render(location).map { title + $0 }
    }
}

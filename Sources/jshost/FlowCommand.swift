import ArgumentParser
import ComponentRuntime
import Flows
import Foundation
import SnapshotStore
import StepRuntime
import JSHostCore

/// `jshost flow`: flows of steps, as elastic.io's v2 flow documents.
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Work with flows: folders of elastic.io v2 flow documents, one JSON file each.",
        subcommands: [Validate.self, Run.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check every flow in a folder, listing each problem with its file and JSON path.",
            discussion: """
                Checks: each file is a flow document ({"data":{"type":"flow","id":…,"attributes":{…}}}); flow and step
                ids are unique; each node's command names a component folder and one of its functions (a path
                relative to the flow file, such as ../components/iteration-counter:count, or elastic.io's
                team/repo:function@version found in --components); edges join known steps and carry no JSONata
                mapper or condition (not supported yet); the graph has no cycle and starts at a trigger; cron has five
                fields, or six with seconds first. Ids a URL must percent-encode are warned about (!), not refused.
                Exit 0 when there is no problem, 2 otherwise.
                """)

        @Argument(help: "The folder of flow files.")
        var folder: String = "flows"

        @Option(help: ArgumentHelp("Where team/repo:function commands find their component folders (<dir>/<repo>).", valueName: "dir"))
        var components: String?

        func run() throws {
            let validator = FlowValidator(folder: folder, componentsFolder: components)
            let result: (flows: [FlowDocument], problems: [FlowProblem])
            do {
                result = try validator.check()
            } catch {
                throw Failure(message: "cannot read the flow folder \(folder): give a folder of flow .json files", code: ExitStatus.usageOrLoad)
            }
            if result.flows.isEmpty && result.problems.isEmpty {
                throw Failure(message: "\(folder) holds no flow files (*.json)", code: ExitStatus.usageOrLoad)
            }
            let warnings = result.flows.flatMap(validator.warnings)
            StandardStreams.writeStdout(warnings.map { "! \($0)\n" }.joined())
            guard !result.problems.isEmpty else {
                let count = result.flows.count
                StandardStreams.writeStdout("\(folder): \(count) flow\(count == 1 ? "" : "s") valid\n")
                return
            }
            StandardStreams.writeStdout(result.problems.map { "✘ \($0)\n" }.joined())
            StandardStreams.writeStdout("\(result.problems.count) problem\(result.problems.count == 1 ? "" : "s") in \(folder)\n")
            throw ExitCode(ExitStatus.usageOrLoad)
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a flow once: its trigger with one message, then every message downstream, to the end.",
            discussion: """
                Each step's run is committed as `jshost run` commits one (flow = the flow's id, step = the node's id),
                and its events are printed as JSON lines tagged with the step: {"step":"step_1","event":"data",…}.
                A step's emitted message is the next step's msg as it is, with passthrough unless the flow turns it
                off for the step. Error events go to the flow's error-handler step, if it has one, as
                {"body":{"error":…,"errorInput":…}}. The flow is checked first, as `jshost flow validate` does.
                An edge's JSONata condition decides whether the message goes that way (elastic.io's router); its
                mapper makes the next step's body, printed as that step's "mapped" event. A condition or mapper
                that fails is that step's error event (with JSONata's code). Exit 0 when no step emitted an error,
                1 when one did.

                \(ExitStatus.helpText)
                """)

        @Argument(help: "The flow file.")
        var file: String

        @Option(help: ArgumentHelp("The trigger's message, JSON or @file.", valueName: "json|@file"))
        var msg: String?

        @Option(help: ArgumentHelp("Where team/repo:function commands find their component folders (<dir>/<repo>).", valueName: "dir"))
        var components: String?

        @Option(help: ArgumentHelp("Flow variables, a JSON object or @file: added to the flow's own (attributes.variables), replacing those of the same name.", valueName: "json|@file"))
        var variables: String?

        @Option(parsing: .unconditional, help: "Seconds each step's run may take.")
        var timeout: Double = 60

        @OptionGroup var expressions: ExpressionOptions

        @OptionGroup var state: StateOptions

        @OptionGroup var access: PermissionOptions

        func validate() throws {
            try RunCommand.validateTimeout(timeout)
        }

        func run() throws {
            let flow: FlowDocument
            switch FlowDocument.read(file: file) {
            case .success(let read): flow = read
            case .failure(let problem): throw Failure(message: "\(problem)", code: ExitStatus.usageOrLoad)
            }
            let problems = FlowValidator(folder: URL(fileURLWithPath: file).deletingLastPathComponent().path,
                                         componentsFolder: components).check(flow)
            guard problems.isEmpty else {
                StandardStreams.writeStdout(problems.map { "✘ \($0)\n" }.joined())
                throw Failure(message: "flow \(flow.id) has \(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was run",
                              code: ExitStatus.usageOrLoad)
            }
            let message = try msg.map { try JSONArgument.read($0, what: "--msg") } ?? #"{"attachments":{},"body":{},"headers":{},"metadata":{}}"#
            let flowVariables = try FlowVariables.merged(flow.variablesJSON, with: variables.map { try JSONArgument.readObject($0, what: "--variables") })
            let store = try state.openStore()
            RunCommand.keepUntilExit(store)
            var runners: [String: StepRunner] = [:]
            for node in flow.nodes {
                let command = try ComponentCommand.resolve(node.command, flowFile: flow.file, componentsFolder: components).get()
                let descriptor = try withComponentErrors { () throws(ComponentError) in try ComponentDescriptor(directory: command.componentDirectory) }
                let function = try withComponentErrors { () throws(ComponentError) in try descriptor.function(named: command.function) }
                let key = StepKey(flow: flow.id, step: node.id)
                if let problem = key.problem { throw Failure(message: "\(problem) in \(file)", code: ExitStatus.usageOrLoad) }
                var host = HostConfiguration.commandLine(step: key, component: descriptor, timeout: timeout, state: state, access: access)
                host.stderr = LogOutput.writer()
                host.flowVariablesJSON = flowVariables
                var account: StoredCredentials?
                if let id = node.credentialsID {
                    account = try withStoreErrors("reading credentials \(id)") { try await store.credentials(id) }
                    guard account != nil else {
                        throw Failure(message: "step \(node.id) of flow \(flow.id) uses credentials \(id), which are not kept here; add them with `jshost credentials set \(id) '{…}'`",
                                      code: ExitStatus.usageOrLoad)
                    }
                }
                let cfg = StepConfiguration.cfg(fieldsJSON: node.fieldsJSON, credentials: account)
                let definition = StepDefinition(key: key, component: descriptor, function: function, cfgJSON: cfg, host: host)
                let step = node.id
                let runner = StepRunner(definition: definition, store: store, owner: .thisProcess(worker: step), onEvent: { event in
                    StandardStreams.writeStdout("{\"step\":\(JSONString.quote(step))," + event.componentEvent.jsonLine.dropFirst() + "\n")
                })
                RunCommand.keepUntilExit(runner)
                runners[node.id] = runner
            }
            let summary: FlowRunner.Summary
            do {
                summary = try FlowRunner(flow: flow, runners: runners, queue: store, expressionLimits: expressions.limits).run(message: message)
            } catch {
                let reason = failureMessage(error.error)
                let place = error.step.map { "step \($0)" } ?? "reading its queued messages"
                throw Failure(message: "flow \(flow.id), \(place): \(reason.message); the \(error.summary.runs.count) run\(error.summary.runs.count == 1 ? "" : "s") before it were committed",
                              code: reason.code)
            }
            let errors = summary.errors
            let waiting = summary.waiting > 0
                ? "; \(summary.waiting) rebounded message\(summary.waiting == 1 ? "" : "s") wait\(summary.waiting == 1 ? "s" : "") for \(summary.waiting == 1 ? "its" : "their") back-off, for the next flow run or jshost serve"
                : ""
            let resumed = summary.resumed > 0 ? " (\(summary.resumed) of messages an earlier flow run left queued)" : ""
            LogOutput.report("flow \(flow.id): \(summary.runs.count) run\(summary.runs.count == 1 ? "" : "s") committed\(resumed), \(errors) error\(errors == 1 ? "" : "s")\(waiting)", errors == 0 ? .done : .notice)
            if errors > 0 { throw ExitCode(ExitStatus.completedWithErrors) }
        }

        private func failureMessage(_ error: StepRunError) -> Failure {
            if let component = error.underlying as? ComponentError { return component.failure }
            if let busy = error.underlying as? SnapshotStoreError, busy.code == .stepBusy {
                return Failure(message: "\(busy)", code: ExitStatus.busyOrConflict)
            }
            return storeFailure("step \(error.key)", error.underlying)
        }
    }
}

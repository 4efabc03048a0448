import ComponentRuntime
import Flows
import Foundation
import SnapshotStore
import StepRuntime
import JSHostCore

/// A flow as the service runs it: its document, each step as a worker runs it, and what fires it.
struct ServedFlow: Sendable {
    enum Trigger: Sendable {
        /// A polling trigger, on the flow's cron (or elastic.io's default).
        case schedule(CronSchedule)
        /// Any other trigger: requests to /hook/{flow}.
        case webhook
    }

    var document: FlowDocument
    var trigger: Trigger
    /// Worker steps by step id.
    var steps: [String: WorkerStep]
    /// The steps a trigger fires.
    var starts: [String]
    /// The first trigger step's credentials, which say how its webhook checks callers (WebhookAuth).
    var triggerCredentialsJSON: String?
    var id: String { document.id }

    var keys: [StepKey] { document.nodes.map { document.key($0.id) } }
}

/// A flow that cannot be served, with why (its file and JSON path when it is the file's fault).
struct FlowLoadProblem: Error, CustomStringConvertible {
    var description: String
}

/// Reads the flows folder into served flows: checked as `jshost flow validate` checks them, each step's cfg made
/// from its fields and credentials.
struct FlowCatalog {
    var configuration: ServiceConfiguration
    var credentials: any CredentialKeeping

    /// The flows that can be served, and the problems of those that cannot.
    func load() async throws -> (flows: [ServedFlow], problems: [String]) {
        let validator = FlowValidator(folder: configuration.flowsFolder, componentsFolder: configuration.componentsFolder)
        let checked = try validator.check()
        var problemsByFile: [String: [FlowProblem]] = [:]
        for problem in checked.problems { problemsByFile[problem.file, default: []].append(problem) }
        var flows: [ServedFlow] = []
        var problems = checked.problems.map(\.description)
        for document in checked.flows where problemsByFile[document.file] == nil {
            do {
                flows.append(try await served(document))
            } catch let problem as FlowLoadProblem {
                problems.append(problem.description)
            }
        }
        return (flows, problems)
    }

    func served(_ document: FlowDocument) async throws -> ServedFlow {
        var steps: [String: WorkerStep] = [:]
        var polling = false
        let starts = document.startSteps.map(\.id)
        for node in document.nodes {
            let command: ComponentCommand
            switch ComponentCommand.resolve(node.command, flowFile: document.file, componentsFolder: configuration.componentsFolder) {
            case .success(let resolved): command = resolved
            case .failure(let problem): throw FlowLoadProblem(description: "\(document.file): step \(node.id): \(problem)")
            }
            if starts.contains(node.id),
               let descriptor = try? ComponentDescriptor(directory: command.componentDirectory),
               let function = try? descriptor.function(named: command.function), function.isPolling {
                polling = true
            }
            steps[node.id] = try await workerStep(document, node, command)
        }
        let trigger: ServedFlow.Trigger
        if polling || document.cron != nil {
            do {
                trigger = .schedule(try CronSchedule(document.cron ?? ServiceConfiguration.defaultCron))
            } catch {
                throw FlowLoadProblem(description: "\(document.file): cron: \(error)")
            }
        } else {
            trigger = .webhook
        }
        var triggerCredentials: String?
        if let account = document.nodes.first(where: { starts.contains($0.id) })?.credentialsID {
            triggerCredentials = try await credentials.credentials(account)?.keysJSON
        }
        return ServedFlow(document: document, trigger: trigger, steps: steps, starts: starts,
                          triggerCredentialsJSON: triggerCredentials)
    }

    /// The step as its worker runs it, its cfg with its credentials as they are now.
    func workerStep(_ document: FlowDocument, _ node: FlowDocument.Node, _ command: ComponentCommand) async throws -> WorkerStep {
        let key = document.key(node.id)
        var account: StoredCredentials?
        if let id = node.credentialsID {
            account = try await credentials.credentials(id)
            guard account != nil else {
                throw FlowLoadProblem(description: "\(document.file): step \(node.id) uses credentials \(id), which are not kept here; add them with `jshost credentials set \(id) '{…}'`")
            }
        }
        var step = WorkerStep(key: key, componentDirectory: command.componentDirectory, function: command.function,
                              store: configuration.store)
        step.cfgJSON = StepConfiguration.cfg(fieldsJSON: node.fieldsJSON, credentials: account)
        step.timeoutSeconds = configuration.stepTimeoutSeconds
        step.memoryLimitBytes = configuration.workerMemoryLimitBytes
        step.snapshotLimitBytes = configuration.snapshotLimit.bytes
        step.historyDepth = configuration.historyDepth
        step.logLevel = configuration.logLevel
        var environment = configuration.environment
        let scratch = URL(fileURLWithPath: configuration.stateDirectory).appendingPathComponent("tmp")
            .appendingPathComponent(key.flow).appendingPathComponent(key.step).path
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        environment["TMPDIR"] = scratch
        step.environment = environment
        step.temporaryFolder = scratch
        step.forwarding = document.forwarding(for: node.id, rebound: configuration.rebound, expressionLimits: configuration.expressionLimits)
        step.flowVariablesJSON = document.variablesJSON
        // The service acts on these as they happen; the rest comes with each run's outcome.
        step.reportedEvents = ["httpReply", "updateKeys"]
        return step
    }
}

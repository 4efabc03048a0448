import ArgumentParser
import Flows
import Foundation
import NodeCompat

/// `jshost flow`: flows of steps, as elastic.io's v2 flow documents.
struct FlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "Work with flows: folders of elastic.io v2 flow documents, one JSON file each.",
        subcommands: [Validate.self])

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
                fields, or six with seconds first. Exit 0 when there is no problem, 2 otherwise.
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
}

import ArgumentParser
import Foundation
import StepRuntime

/// `jshost worker`: a supervised worker process, started by jshost itself (StepWorkers), never by people. It
/// serves one step: requests on stdin, replies on stdout; the component's own output goes to stderr.
struct WorkerProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Serve one step for a supervising jshost (internal).",
        shouldDisplay: false)

    func run() throws {
        Self.closeInheritedDescriptors()
        // Replies keep the real stdout; anything a component writes to stdout goes to stderr instead.
        let replies = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        // The service's stderr is the worker's: at a terminal its lines are rendered for people, as the service's are.
        let status = WorkerServer.serve(input: FileHandle.standardInput,
                                        output: FileHandle(fileDescriptor: replies, closeOnDealloc: false),
                                        logs: LogOutput.writer(), stores: StoreChoice.opener)
        throw ExitCode(status)
    }

    /// Nothing of the supervisor's but the three standard streams stays open here: not a service's listening
    /// socket (which would keep the port taken after the service ended), not its store's files.
    static func closeInheritedDescriptors() {
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap(Int32.init) ?? []
        for descriptor in open where descriptor > 2 { close(descriptor) }
    }
}

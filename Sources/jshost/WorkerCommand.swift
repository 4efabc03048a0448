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
        // Replies keep the real stdout; anything a component writes to stdout goes to stderr instead.
        let replies = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        let status = WorkerServer.serve(input: FileHandle.standardInput,
                                        output: FileHandle(fileDescriptor: replies, closeOnDealloc: false))
        throw ExitCode(status)
    }
}

import ArgumentParser
import Dispatch
import JSHostCore

@main
enum Main {
    static func main() {
        EngineTuning.apply()
        SignalHandling.install()
        let command: any ParsableCommand
        do {
            command = try JSHost.parseAsRoot(normalizedArguments(Array(CommandLine.arguments.dropFirst())))
        } catch {
            finish(error)
        }
        if let asynchronous = command as? any AsyncParsableCommand {
            // `serve`: its work is async from the start. The main thread parks in the main queue; the task ends the
            // process. A command line run stays synchronous, with no trip through Swift concurrency's pool.
            Task.detached {
                var command = asynchronous
                do { try await command.run() } catch { finish(error) }
                exit(0)
            }
            dispatchMain()
        }
        var synchronous = command
        do {
            try synchronous.run()
        } catch {
            finish(error)
        }
    }

    /// Reports a command's error as documented (its message, its exit code) and ends the process.
    static func finish(_ error: any Error) -> Never {
        if let failure = error as? Failure {
            LogOutput.report(failure.message, .failure)
            exit(failure.code)
        }
        if let code = error as? ExitCode { exit(code.rawValue) }
        let exitCode = JSHost.exitCode(for: error)
        let message = JSHost.fullMessage(for: error)
        if exitCode == .success {
            StandardStreams.writeStdout(message + "\n")
            exit(0)
        }
        // Argument errors are usage errors: exit 2, as documented.
        StandardStreams.writeStderr(message + "\n")
        exit(ExitStatus.usageOrLoad)
    }

    /// `--wait` may stand alone (wait as long as it takes) or carry seconds (`--wait=30`); the parser wants a value.
    static func normalizedArguments(_ arguments: [String]) -> [String] {
        arguments.map { $0 == "--wait" ? "--wait=\(RunCommand.waitForever)" : $0 }
    }

    static func exit(_ code: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(code)
        #else
        Foundation.exit(code)
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
import JSHostCore
#endif

import ArgumentParser
import JSHostCore

@main
enum Main {
    static func main() {
        EngineTuning.apply()
        SignalHandling.install()
        do {
            var command = try JSHost.parseAsRoot(normalizedArguments(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let failure as Failure {
            LogOutput.report(failure.message, .failure)
            exit(failure.code)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
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

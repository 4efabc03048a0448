import ArgumentParser
import Foundation
import SailorContainer

/// `jshost sailor`: in an elastic.io step container, in place of sailor-nodejs's `run.js` (and, with `service`,
/// its `runService.js`). Everything comes from the `ELASTICIO_*` environment, as sailor reads it.
struct SailorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sailor",
        abstract: "Run a step in an elastic.io container, as sailor-nodejs does (the ELASTICIO_* environment, RabbitMQ, the API).",
        discussion: """
            Reads ELASTICIO_FLOW_ID, ELASTICIO_STEP_ID, ELASTICIO_FUNCTION, ELASTICIO_AMQP_URI, ELASTICIO_API_URI and
            the rest of sailor's environment; runs the component found at ELASTICIO_COMPONENT_PATH (from the working
            folder). See docs/scale-out.md.
            Exit codes: 0 stopped by SIGTERM or SIGINT (or the shutdown hook ran); 1 start-up failed, the broker was
            lost or the component crashed (the platform starts the container again); 2 the environment cannot work.
            """,
        subcommands: [SailorServiceCommand.self]
    )

    func run() throws {
        let code = SailorContainer(environment: ProcessInfo.processInfo.environment,
                                   workingDirectory: FileManager.default.currentDirectoryPath).run()
        if code != 0 { throw ExitCode(code) }
    }
}

/// `jshost sailor service <method>`: verifyCredentials, getMetaModel or selectModel, posting the result.
struct SailorServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Run verifyCredentials, getMetaModel or selectModel as sailor's runService.js does, posting the result to ELASTICIO_POST_RESULT_URL.",
        discussion: "Exit codes: 0 the result (success or error) was posted; 1 it could not be posted."
    )

    @Argument(help: ArgumentHelp("verifyCredentials, getMetaModel or selectModel.", valueName: "method"))
    var method: String

    func run() throws {
        let code = SailorService.run(method: method, environment: ProcessInfo.processInfo.environment,
                                     workingDirectory: FileManager.default.currentDirectoryPath)
        if code != 0 { throw ExitCode(code) }
    }
}

import ArgumentParser
import ComponentRuntime
import Foundation
import NodeCompat
import JSHostCore

/// Options shared by the service-mode commands (verify, model).
struct ServiceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The configuration (credentials and fields), JSON or @file.", valueName: "json|@file"))
    var cfg: String?

    @Option(parsing: .unconditional, help: "Seconds the call may take.")
    var timeout: Double = 60

    @OptionGroup var sandbox: SandboxOptions

    @OptionGroup var resources: ResourceOptions

    func validate() throws {
        try RunCommand.validateTimeout(timeout)
    }

    func host(permissions: Permissions, scratch: String) -> HostConfiguration {
        .commandLine(timeout: timeout, permissions: permissions, scratch: scratch)
    }

    func configurationJSON() throws -> String {
        try cfg.map { try JSONArgument.read($0, what: "--cfg") } ?? "{}"
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run the component's verifyCredentials and print {\"verified\":…,\"reason\":…}.",
        discussion: """
            verifyCredentials(.js) must export the function itself (module.exports = function (cfg, cb) {…});
            a callback or a returned promise both work. Without the file the credentials count as verified.
            Exit 0 when verified, 1 when not.
            """
    )

    @Argument(help: "The component folder.")
    var component: String
    @OptionGroup var options: ServiceOptions

    func run() throws {
        try options.resources.startGuard { "nothing was changed" }
        let json = try options.configurationJSON()
        let descriptor = try withComponentErrors { () throws(ComponentError) in try ComponentDescriptor(directory: component) }
        let result = try options.sandbox.withSandbox(componentDirectory: descriptor.directory) { permissions, scratch in
            try withComponentErrors { () throws(ComponentError) in
                let host = try ComponentHost(component: descriptor, configuration: options.host(permissions: permissions, scratch: scratch),
                                             onEvent: { _ in })
                return try host.verifyCredentials(cfgJSON: json)
            }
        }
        StandardStreams.writeStdout(result + "\n")
        if result.contains("\"verified\":false") { throw ExitCode(ExitStatus.completedWithErrors) }
    }
}

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Call getMetaModel or a select-model function of a trigger or action and print its JSON result.",
        discussion: """
            Example: jshost model components/x lookup getMetaModel --cfg '{"apiKey":"…"}'
            On failure prints sailor's reply {"status":"error","data":{"message":…}} and exits 1.
            """
    )

    @Argument(help: "The component folder.")
    var component: String
    @Argument(help: "The trigger or action.")
    var function: String
    @Argument(help: "The method: getMetaModel, or a select-model function named in a field's `model`.")
    var method: String
    @OptionGroup var options: ServiceOptions

    func run() throws {
        try options.resources.startGuard { "nothing was changed" }
        let json = try options.configurationJSON()
        let descriptor = try withComponentErrors { () throws(ComponentError) in try ComponentDescriptor(directory: component) }
        try options.sandbox.withSandbox(componentDirectory: descriptor.directory) { permissions, scratch in
            do throws(ComponentError) {
                let chosen = try descriptor.function(named: function)
                let configuration = options.host(permissions: permissions, scratch: scratch)
                let host = try ComponentHost(component: descriptor, configuration: configuration, onEvent: { event in
                    StandardStreams.writeStderr("jshost: \(event.name) emitted during \(method): \(event.json ?? "")\n")
                })
                StandardStreams.writeStdout(try host.model(function: chosen, method: method, cfgJSON: json) + "\n")
            } catch where error.code == .functionFailed {
                StandardStreams.writeStdout((error.replyJSON ?? "{}") + "\n")
                throw ExitCode(ExitStatus.completedWithErrors)
            } catch {
                throw error.failure
            }
        }
    }
}

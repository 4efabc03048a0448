import ArgumentParser

struct JSHost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jshost",
        abstract: "Run elastic.io Node.js components on JavaScriptCore, keeping each step's snapshot between runs.",
        discussion: ExitStatus.helpText,
        version: "0.1.0",
        subcommands: [RunCommand.self, SnapshotCommand.self, VerifyCommand.self, ModelCommand.self,
                      TestCommand.self, InitCommand.self, ValidateCommand.self, FlowCommand.self, ServeCommand.self, CredentialsCommand.self, ApiKeyCommand.self, StoreCommand.self, SailorCommand.self, JSONataCommand.self, WorkerProcessCommand.self]
    )
}

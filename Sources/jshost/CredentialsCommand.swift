import SnapshotStore
import ArgumentParser
import ComponentRuntime
import Foundation
import JSHostCore

/// `jshost credentials`: the accounts flows' steps use (`credentials_id`), kept in the state store apart from the
/// flow files. Their values are never printed.
struct CredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Keep the accounts (credentials) flow steps use; values are never printed.",
        subcommands: [Set.self, List.self, Delete.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Store an account's keys (a JSON object), replacing any kept under that id.")
        @Argument(help: "The account id, as flow nodes name it in credentials_id.")
        var id: String
        @Argument(help: ArgumentHelp("The keys, a JSON object, or @file.", valueName: "json|@file"))
        var keys: String
        @OptionGroup var state: StateOptions

        func run() throws {
            if let problem = StepKey.problem(with: id, what: "credentials") { throw Failure(message: problem, code: ExitStatus.usageOrLoad) }
            let json = try JSONArgument.readObject(keys, what: "the keys")
            let store = try state.openStore()
            let id = id
            try withStoreErrors("storing credentials \(id)") { try await store.setCredentials(id, keysJSON: json) }
            LogOutput.report("credentials \(id) stored")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List accounts as JSON lines: id, key names, when they changed (never the values).")
        @OptionGroup var state: StateOptions

        func run() throws {
            let store = try state.openStore()
            for account in try withStoreErrors("listing credentials", { try await store.allCredentials() }) {
                let names = ((try? JSONSyntax.members(account.keysJSON)) ?? nil)?.map { JSONString.quote($0.name) } ?? []
                StandardStreams.writeStdout("{\"id\":\(JSONString.quote(account.id)),\"keys\":[\(names.joined(separator: ","))],\"updatedAt\":\"\(UTCTimestamp.string(from: account.updatedAt))\"}\n")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Remove an account.")
        @Argument(help: "The account id.")
        var id: String
        @OptionGroup var state: StateOptions

        func run() throws {
            let store = try state.openStore()
            let id = id
            guard try withStoreErrors("deleting credentials \(id)", { try await store.deleteCredentials(id) }) else {
                throw Failure(message: "no credentials \(id) are kept; `jshost credentials list` shows those that are", code: ExitStatus.completedWithErrors)
            }
            LogOutput.report("credentials \(id) deleted")
        }
    }
}

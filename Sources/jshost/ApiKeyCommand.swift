import ArgumentParser
import ComponentRuntime
import Foundation
import SnapshotStore
import JSHostCore

/// `jshost apikey`: keys for `jshost serve`'s HTTP API, kept hashed in the state store; a key is printed once.
struct ApiKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey",
        abstract: "Make, list and delete keys for the HTTP API of jshost serve.",
        subcommands: [Create.self, List.self, Delete.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Make a key and print it, once: only its hash is kept.",
            discussion: """
                Send it as basic auth (any user name, the key as password, as elastic.io's API takes one) or as
                `Authorization: Bearer <key>`. A read key reads; an edit key also changes snapshots. Changes are
                audited under the key's name. A name that has a key already is refused (exit 2), so a repeated
                command cannot change a key in use; --replace makes a new secret (and role) for it, and the old
                secret stops working at once: that is how a key is rotated.
                """)
        @Argument(help: "The key's name: the editor the audit trail records.")
        var name: String
        @Option(help: "What the key may do: read or edit.")
        var role: String = "read"
        @Flag(help: "Replace the key of that name, if there is one (rotate it).")
        var replace = false
        @OptionGroup var state: StateOptions

        func run() throws {
            if let problem = StepKey.problem(with: name, what: "the key name") { throw Failure(message: problem, code: ExitStatus.usageOrLoad) }
            guard let role = ApiKey.Role(rawValue: role) else {
                throw Failure(message: "--role is read or edit, not \(role)", code: ExitStatus.usageOrLoad)
            }
            let store = try state.openStore()
            let name = name
            let replace = replace
            let creation = try withStoreErrors("making API key \(name)") { try await store.createApiKey(name, role: role, replace: replace) }
            switch creation {
            case .exists(let existing):
                throw Failure(message: "API key \(name) exists already (\(existing.role.rawValue), made \(UTCTimestamp.string(from: existing.createdAt))); give another name, or --replace to rotate it", code: ExitStatus.usageOrLoad)
            case .made(let secret, let replaced):
                StandardStreams.writeStdout(secret + "\n")
                if let replaced {
                    LogOutput.report("API key \(name) (\(role.rawValue)) made in place of the \(replaced.role.rawValue) key of that name made \(UTCTimestamp.string(from: replaced.createdAt)), whose secret no longer works; the new one is shown only now")
                } else {
                    LogOutput.report("API key \(name) (\(role.rawValue)) made; it is shown only now")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List keys as JSON lines: name, role, when made (never the keys).")
        @OptionGroup var state: StateOptions

        func run() throws {
            let store = try state.openStore()
            for key in try withStoreErrors("listing API keys", { try await store.apiKeys() }) {
                StandardStreams.writeStdout("{\"name\":\(JSONString.quote(key.name)),\"role\":\"\(key.role.rawValue)\",\"createdAt\":\"\(UTCTimestamp.string(from: key.createdAt))\"}\n")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Remove a key; it stops working at once.")
        @Argument(help: "The key's name.")
        var name: String
        @OptionGroup var state: StateOptions

        func run() throws {
            let store = try state.openStore()
            let name = name
            guard try withStoreErrors("deleting API key \(name)", { try await store.deleteApiKey(name) }) else {
                throw Failure(message: "no API key \(name) is kept; `jshost apikey list` shows those that are", code: ExitStatus.completedWithErrors)
            }
            LogOutput.report("API key \(name) deleted")
        }
    }
}

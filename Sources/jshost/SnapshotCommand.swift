import ArgumentParser
import Foundation
import Logging
import NodeCompat
import SnapshotStore

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Inspect, set or reset the snapshots kept per flow step.",
        discussion: """
            A step is named with --flow (default local) and --step, or by a component folder and --function,
            which gives the step `jshost run` uses: <folder name>.<function>.
            """,
        subcommands: [List.self, Get.self, Set.self, Reset.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List stored snapshots as JSON lines: flow, step, version, updatedAt, snapshot.")

        @Option(help: "Only this flow.")
        var flow: String?

        @OptionGroup var state: StateOptions

        func run() throws {
            let store = try state.openStore()
            for stored in try store.list(flow: flow) {
                let updated = ISO8601DateFormatter().string(from: stored.updatedAt)
                StandardStreams.writeStdout(
                    "{\"flow\":\(Self.quote(stored.key.flow)),\"step\":\(Self.quote(stored.key.step)),\"version\":\(stored.version),\"updatedAt\":\"\(updated)\",\"snapshot\":\(stored.json)}\n")
            }
        }

        static func quote(_ text: String) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a step's snapshot (JSON). Exit 1 when none is stored.")

        @OptionGroup var target: StepTarget
        @Flag(help: "Pretty-print the JSON.")
        var pretty = false
        @OptionGroup var state: StateOptions

        func run() throws {
            let key = try target.key()
            guard let stored = try state.openStore().get(key) else {
                throw Failure(message: "no snapshot is stored for step \(key); a run that emits one stores it, or use `jshost snapshot set`",
                              code: ExitStatus.completedWithErrors)
            }
            StandardStreams.writeStdout((pretty ? JSONArgument.pretty(stored.json) : stored.json) + "\n")
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a snapshot for a step, replacing the current one.")

        @Argument(help: ArgumentHelp("The new snapshot, JSON or @file.", valueName: "json|@file"))
        var value: String
        @OptionGroup var target: StepTarget
        @OptionGroup var state: StateOptions

        func run() throws {
            let key = try target.key()
            let json = try JSONArgument.read(value, what: "the snapshot")
            if let violation = state.limit.violation(for: json) {
                throw Failure(message: "not stored: \(violation)", code: ExitStatus.usageOrLoad)
            }
            do {
                let stored = try state.openStore().put(key, json: json)
                StandardStreams.writeStderr("jshost: stored snapshot of step \(key), version \(stored.version)\n")
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(message: "could not store the snapshot of step \(key): \(error)", code: ExitStatus.storeFailure)
            }
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a step's snapshot; its next run starts from {}.")

        @OptionGroup var target: StepTarget
        @OptionGroup var state: StateOptions

        func run() throws {
            let key = try target.key()
            let removed = try state.openStore().delete(key)
            StandardStreams.writeStderr(removed
                ? "jshost: reset the snapshot of step \(key); its next run starts from {}\n"
                : "jshost: step \(key) had no snapshot; nothing to reset\n")
        }
    }
}

import ArgumentParser
import Foundation
import SnapshotStore

/// The retention policy, as `jshost serve` and `jshost store prune` take it: each option, else its environment
/// variable, else the documented default (docs/operations.md).
struct RetentionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run records (with their data messages) kept per step (default: $JSHOST_KEEP_RUNS, else 1000).", valueName: "n"))
    var keepRuns: Int?

    @Option(help: ArgumentHelp("How long run records are kept: 30s, 15m, 12h, 7d (default: $JSHOST_KEEP_RUNS_FOR, else 7d).", valueName: "duration"))
    var keepRunsFor: String?

    @Option(help: ArgumentHelp("How long a webhook answer nobody took is kept (default: $JSHOST_KEEP_ANSWERS_FOR, else 1h).", valueName: "duration"))
    var keepAnswersFor: String?

    @Option(help: ArgumentHelp("Consumed broker message ids kept per step (default: $JSHOST_KEEP_MESSAGE_IDS, else 100000).", valueName: "n"))
    var keepMessageIds: Int?

    @Option(help: ArgumentHelp("How long consumed broker message ids are kept (default: $JSHOST_KEEP_MESSAGE_IDS_FOR, else 7d).", valueName: "duration"))
    var keepMessageIdsFor: String?

    func validate() throws { _ = try policy() }

    func policy(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RetentionPolicy {
        var policy = RetentionPolicy()
        func count(_ given: Int?, _ variable: String, _ option: String) throws -> Int? {
            let value = try given ?? environment[variable].flatMap { text -> Int? in
                guard !text.isEmpty else { return nil }
                guard let number = Int(text) else { throw ValidationError("\(variable) must be a whole number, not \(text)") }
                return number
            }
            if let value, value < 1 { throw ValidationError("\(option) must be at least 1") }
            return value
        }
        func duration(_ given: String?, _ variable: String, _ option: String) throws -> TimeInterval? {
            guard let text = given ?? environment[variable].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
            guard let seconds = Self.seconds(text), seconds > 0 else {
                throw ValidationError("\(given != nil ? option : variable) must be a duration such as 30s, 15m, 12h or 7d, not \(text)")
            }
            return seconds
        }
        if let value = try count(keepRuns, "JSHOST_KEEP_RUNS", "--keep-runs") { policy.runsPerStep = value }
        if let value = try duration(keepRunsFor, "JSHOST_KEEP_RUNS_FOR", "--keep-runs-for") { policy.runAge = value }
        if let value = try duration(keepAnswersFor, "JSHOST_KEEP_ANSWERS_FOR", "--keep-answers-for") { policy.answerAge = value }
        if let value = try count(keepMessageIds, "JSHOST_KEEP_MESSAGE_IDS", "--keep-message-ids") { policy.messageIDsPerStep = value }
        if let value = try duration(keepMessageIdsFor, "JSHOST_KEEP_MESSAGE_IDS_FOR", "--keep-message-ids-for") { policy.messageIDAge = value }
        return policy
    }

    /// `90`, `30s`, `15m`, `12h`, `7d` in seconds; nil when it is none of these.
    static func seconds(_ text: String) -> TimeInterval? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let last = trimmed.last, let unit = units[last] { return Double(trimmed.dropLast()).map { $0 * unit } }
        return Double(trimmed)
    }
}

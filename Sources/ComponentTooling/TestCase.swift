import Foundation

/// One test case of a component: one or more chained runs of a function, or a service call.
public struct TestCase: Sendable {
    public enum Call: Sendable, Equatable {
        /// `process(msg, cfg, snapshot)`, once per run; each run starts from the snapshot the previous one left.
        case process(runs: [RunInput])
        case verifyCredentials(cfgJSON: String)
        /// getMetaModel or a select-model function.
        case model(method: String, cfgJSON: String)
    }

    public struct RunInput: Sendable, Equatable {
        public var messageJSON: String
        public var cfgJSON: String
    }

    public var name: String
    /// The trigger or action; nil for verifyCredentials, or to mean "the component's only one".
    public var function: String?
    public var call: Call
    /// The snapshot the first run starts from.
    public var snapshotJSON: String
    /// `Date.now()` for every run of the case.
    public var now: Date
    /// Added to the environment the component sees.
    public var environment: [String: String]

    /// The clock of a case that does not set `now`.
    public static let defaultNow = Date(timeIntervalSince1970: 1_704_067_200) // 2024-01-01T00:00:00Z

    /// The golden file's name: case names are safe as file names once slashes and spaces are replaced.
    public var goldenFileName: String {
        name.map { $0 == "/" || $0 == " " || $0 == ":" ? "-" : String($0) }.joined() + ".json"
    }
}

/// A case file or fixture that cannot be used, with where and why.
public struct TestCaseError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}

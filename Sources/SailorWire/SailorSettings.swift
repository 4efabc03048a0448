import Foundation

/// sailor's environment (`lib/settings.js`): every `ELASTICIO_*` variable a step container is started with, read
/// with sailor's defaults and rules (`'false'` or empty is false; numbers must be numbers).
public struct SailorSettings: Sendable {
    public var flowID: String
    public var execID: String
    public var stepID: String
    public var containerID: String
    public var workspaceID: String
    public var userID: String
    public var compID: String
    public var function: String
    public var apiURI: String
    public var apiUsername: String
    public var apiKey: String

    /// What a message run needs; absent only for a container started to run the shutdown hook.
    public struct Messaging: Sendable, Equatable {
        public var amqpURI: String
        public var listenMessagesOn: String
        public var publishMessagesTo: String
        public var dataRoutingKey: String
        public var errorRoutingKey: String
        public var reboundRoutingKey: String
        public var snapshotRoutingKey: String
        public var cryptoIV: String
        public var cryptoPassword: String
    }
    public var messaging: Messaging?

    public var reboundInitialExpiration = 15000
    public var reboundLimit = 20
    public var componentPath = ""
    public var prefetch = 1
    public var startupRequired = false
    public var hookShutdown = false
    public var apiRequestRetryAttempts = 3
    public var apiRequestRetryDelay = 100
    public var dataRateLimit = 10
    public var errorRateLimit = 2
    public var snapshotRateLimit = 2
    public var rateInterval = 100
    public var processAMQPDrain = true
    public var publishRetryDelay = 100
    /// nil: retry for ever (sailor's `Infinity`).
    public var publishRetryAttempts: Int?
    public var publishMaxRetryDelay = 300_000
    public var persistentMessages = false
    public var outgoingMessageSizeLimit = 10_485_760
    /// sailor spells it `NO_SELF_PASSTRHOUGH`.
    public var noSelfPassthrough = false
    public var protocolVersion = 1
    public var noErrorReplies = false
    public var reconnectAttempts = 3
    public var reconnectTimeout = 100
    public var waitMessagesTimeout = 50
    /// `error` for an error-handler step, whose messages are other steps' error messages.
    public var inputFormat = "default"
    /// Values added to every outgoing message's headers: `ADDITIONAL_VARS_FOR_HEADERS`, named in camelCase.
    public var additionalHeaders: [(name: String, value: String)] = []

    public static let prefix = "ELASTICIO_"
    static let always = ["FLOW_ID", "EXEC_ID", "STEP_ID", "CONTAINER_ID", "WORKSPACE_ID", "USER_ID", "COMP_ID", "FUNCTION",
                         "API_URI", "API_USERNAME", "API_KEY"]
    static let forMessages = ["AMQP_URI", "LISTEN_MESSAGES_ON", "PUBLISH_MESSAGES_TO", "DATA_ROUTING_KEY", "ERROR_ROUTING_KEY",
                              "REBOUND_ROUTING_KEY", "SNAPSHOT_ROUTING_KEY", "MESSAGE_CRYPTO_IV", "MESSAGE_CRYPTO_PASSWORD"]

    /// Reads the environment as sailor does; every problem is named in one error.
    public init(environment: [String: String]) throws(SailorSettingsError) {
        func value(_ name: String) -> String? { environment[Self.prefix + name] }
        let hookShutdown = Self.boolean(value("HOOK_SHUTDOWN"))
        let required = Self.always + (hookShutdown ? [] : Self.forMessages)
        let missing = required.filter { (value($0) ?? "").isEmpty }
        if !missing.isEmpty { throw .missing(missing.map { Self.prefix + $0 }) }
        var problems: [String] = []
        func number(_ name: String, _ fallback: Int) -> Int {
            guard let text = value(name), !text.isEmpty else { return fallback }
            guard let parsed = Int(text.trimmingCharacters(in: .whitespaces)) else {
                problems.append("\(Self.prefix)\(name) must be a number; got \(text)")
                return fallback
            }
            return parsed
        }
        flowID = value("FLOW_ID")!
        execID = value("EXEC_ID")!
        stepID = value("STEP_ID")!
        containerID = value("CONTAINER_ID")!
        workspaceID = value("WORKSPACE_ID")!
        userID = value("USER_ID")!
        compID = value("COMP_ID")!
        function = value("FUNCTION")!
        apiURI = value("API_URI")!
        apiUsername = value("API_USERNAME")!
        apiKey = value("API_KEY")!
        self.hookShutdown = hookShutdown
        if !hookShutdown {
            messaging = Messaging(amqpURI: value("AMQP_URI")!, listenMessagesOn: value("LISTEN_MESSAGES_ON")!,
                                  publishMessagesTo: value("PUBLISH_MESSAGES_TO")!, dataRoutingKey: value("DATA_ROUTING_KEY")!,
                                  errorRoutingKey: value("ERROR_ROUTING_KEY")!, reboundRoutingKey: value("REBOUND_ROUTING_KEY")!,
                                  snapshotRoutingKey: value("SNAPSHOT_ROUTING_KEY")!, cryptoIV: value("MESSAGE_CRYPTO_IV")!,
                                  cryptoPassword: value("MESSAGE_CRYPTO_PASSWORD")!)
        }
        reboundInitialExpiration = number("REBOUND_INITIAL_EXPIRATION", 15000)
        reboundLimit = number("REBOUND_LIMIT", 20)
        componentPath = value("COMPONENT_PATH") ?? ""
        prefetch = number("RABBITMQ_PREFETCH_SAILOR", 1)
        startupRequired = Self.boolean(value("STARTUP_REQUIRED"))
        apiRequestRetryAttempts = number("API_REQUEST_RETRY_ATTEMPTS", 3)
        apiRequestRetryDelay = number("API_REQUEST_RETRY_DELAY", 100)
        dataRateLimit = number("DATA_RATE_LIMIT", 10)
        errorRateLimit = number("ERROR_RATE_LIMIT", 2)
        snapshotRateLimit = number("SNAPSHOT_RATE_LIMIT", 2)
        rateInterval = number("RATE_INTERVAL", 100)
        processAMQPDrain = value("PROCESS_AMQP_DRAIN").map { Self.boolean($0) } ?? true
        publishRetryDelay = number("AMQP_PUBLISH_RETRY_DELAY", 100)
        if let attempts = value("AMQP_PUBLISH_RETRY_ATTEMPTS"), !attempts.isEmpty, attempts != "Infinity" {
            publishRetryAttempts = number("AMQP_PUBLISH_RETRY_ATTEMPTS", 0)
        }
        publishMaxRetryDelay = number("AMQP_PUBLISH_MAX_RETRY_DELAY", 300_000)
        persistentMessages = Self.boolean(value("AMQP_PERSISTENT_MESSAGES"))
        outgoingMessageSizeLimit = number("OUTGOING_MESSAGE_SIZE_LIMIT", 10_485_760)
        noSelfPassthrough = Self.boolean(value("NO_SELF_PASSTRHOUGH"))
        protocolVersion = number("PROTOCOL_VERSION", 1)
        noErrorReplies = Self.boolean(value("NO_ERROR_REPLIES"))
        reconnectAttempts = number("AMQP_RECONNECT_ATTEMPTS", 3)
        reconnectTimeout = number("AMQP_RECONNECT_TIMEOUT", 100)
        waitMessagesTimeout = number("WAIT_MESSAGES_TIMEOUT", 50)
        inputFormat = value("INPUT_FORMAT").flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        if let names = value("ADDITIONAL_VARS_FOR_HEADERS"), !names.isEmpty {
            for name in names.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let found = environment[name] else { continue }
                additionalHeaders.append((Self.headerName(forVariable: name), found))
            }
        }
        if !problems.isEmpty { throw .invalid(problems) }
    }

    /// sailor's booleans: `'false'` or empty (or absent) is false, anything else true.
    static func boolean(_ text: String?) -> Bool {
        guard let text, !text.isEmpty else { return false }
        return text != "false"
    }

    /// `ELASTICIO_TENANT_NAME` → `tenantName`, `SOME_VAR` → `someVar`: the prefix stripped, then camelCase.
    static func headerName(forVariable name: String) -> String {
        let stripped = name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
        let words = stripped.lowercased().split(separator: "_", omittingEmptySubsequences: true)
        return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }
}

/// What is wrong with a container's environment, in one line.
public enum SailorSettingsError: Error, Equatable, CustomStringConvertible {
    case missing([String])
    case invalid([String])

    public var description: String {
        switch self {
        case .missing(let names):
            return "the step's environment lacks \(names.joined(separator: ", ")); a sailor container is started with them (see docs/scale-out.md)"
        case .invalid(let problems):
            return problems.joined(separator: "; ")
        }
    }
}

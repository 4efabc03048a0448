import Testing
@testable import SailorWire

/// sailor's lib/settings.js rules, as mocha_spec/unit/settings.spec.js pins them down.
@Suite struct SailorSettingsTests {
    static let base: [String: String] = [
        "ELASTICIO_FLOW_ID": "5559edd38968ec0736000003", "ELASTICIO_EXEC_ID": "some-exec-id", "ELASTICIO_STEP_ID": "step_1",
        "ELASTICIO_CONTAINER_ID": "dc1c8c3f", "ELASTICIO_WORKSPACE_ID": "5559edd", "ELASTICIO_USER_ID": "5559edd38968ec0736000002",
        "ELASTICIO_COMP_ID": "5559edd38968ec0736000456", "ELASTICIO_FUNCTION": "list", "ELASTICIO_API_URI": "http://apihost.com",
        "ELASTICIO_API_USERNAME": "test@test.com", "ELASTICIO_API_KEY": "5559edd",
        "ELASTICIO_AMQP_URI": "amqp://test2/test2", "ELASTICIO_LISTEN_MESSAGES_ON": "5559edd38968ec0736000003:step_1:1432205514864:messages",
        "ELASTICIO_PUBLISH_MESSAGES_TO": "userexchange:5527f0ea43238e5d5f000001",
        "ELASTICIO_DATA_ROUTING_KEY": "5559edd38968ec0736000003:step_1:1432205514864:message",
        "ELASTICIO_ERROR_ROUTING_KEY": "5559edd38968ec0736000003:step_1:1432205514864:error",
        "ELASTICIO_REBOUND_ROUTING_KEY": "5559edd38968ec0736000003:step_1:1432205514864:rebound",
        "ELASTICIO_SNAPSHOT_ROUTING_KEY": "5559edd38968ec0736000003:step_1:1432205514864:snapshot",
        "ELASTICIO_MESSAGE_CRYPTO_IV": "iv=any16_symbols", "ELASTICIO_MESSAGE_CRYPTO_PASSWORD": "testCryptoPassword",
    ]

    @Test func theDefaultsAreSailors() throws {
        let settings = try SailorSettings(environment: Self.base)
        #expect(settings.flowID == "5559edd38968ec0736000003")
        #expect(settings.messaging?.listenMessagesOn == "5559edd38968ec0736000003:step_1:1432205514864:messages")
        #expect(settings.reboundInitialExpiration == 15000 && settings.reboundLimit == 20)
        #expect(settings.prefetch == 1 && settings.protocolVersion == 1)
        #expect(settings.dataRateLimit == 10 && settings.errorRateLimit == 2 && settings.snapshotRateLimit == 2 && settings.rateInterval == 100)
        #expect(settings.publishRetryAttempts == nil, "Infinity")
        #expect(settings.outgoingMessageSizeLimit == 10_485_760)
        #expect(settings.processAMQPDrain && !settings.persistentMessages && !settings.noSelfPassthrough && !settings.startupRequired)
    }

    @Test func everyMissingVariableIsNamedAtOnce() {
        var environment = Self.base
        environment["ELASTICIO_FLOW_ID"] = nil
        environment["ELASTICIO_AMQP_URI"] = ""
        #expect(throws: SailorSettingsError.missing(["ELASTICIO_FLOW_ID", "ELASTICIO_AMQP_URI"])) {
            try SailorSettings(environment: environment)
        }
    }

    @Test func aShutdownHookContainerNeedsNoBroker() throws {
        var environment = Self.base.filter { !SailorSettings.forMessages.map { SailorSettings.prefix + $0 }.contains($0.key) }
        environment["ELASTICIO_HOOK_SHUTDOWN"] = "1"
        let settings = try SailorSettings(environment: environment)
        #expect(settings.hookShutdown && settings.messaging == nil)
    }

    @Test func numbersAndBooleansReadAsSailorReadsThem() throws {
        var environment = Self.base
        environment["ELASTICIO_RABBITMQ_PREFETCH_SAILOR"] = "20"
        environment["ELASTICIO_PROTOCOL_VERSION"] = "2"
        environment["ELASTICIO_AMQP_PERSISTENT_MESSAGES"] = "true"
        environment["ELASTICIO_STARTUP_REQUIRED"] = "false"
        environment["ELASTICIO_PROCESS_AMQP_DRAIN"] = ""
        environment["ELASTICIO_AMQP_PUBLISH_RETRY_ATTEMPTS"] = "7"
        let settings = try SailorSettings(environment: environment)
        #expect(settings.prefetch == 20 && settings.protocolVersion == 2 && settings.persistentMessages)
        #expect(!settings.startupRequired && !settings.processAMQPDrain, "'false' and empty are false")
        #expect(settings.publishRetryAttempts == 7)
        environment["ELASTICIO_REBOUND_LIMIT"] = "twenty"
        #expect(throws: SailorSettingsError.invalid(["ELASTICIO_REBOUND_LIMIT must be a number; got twenty"])) {
            try SailorSettings(environment: environment)
        }
    }

    @Test func additionalVariablesBecomeCamelCaseHeaders() throws {
        var environment = Self.base
        environment["ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS"] = "ELASTICIO_TENANT_NAME, ENV_VAR_SECOND,MISSING"
        environment["ELASTICIO_TENANT_NAME"] = "acme"
        environment["ENV_VAR_SECOND"] = "2"
        let settings = try SailorSettings(environment: environment)
        #expect(settings.additionalHeaders.map(\.name) == ["tenantName", "envVarSecond"])
        #expect(settings.additionalHeaders.map(\.value) == ["acme", "2"])
    }
}

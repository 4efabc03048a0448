// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6), .enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "jshost",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "jshost", targets: ["jshost"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.0.0"),
    ],
    targets: [
        // JavaScriptCore's C API from the system (Debian: libjavascriptcoregtk-4.1-dev),
        // plus the exported private functions declared by hand in shim.h.
        .systemLibrary(
            name: "CJavaScriptCore",
            path: "Sources/CJavaScriptCore",
            pkgConfig: "javascriptcoregtk-4.1",
            providers: [.apt(["libjavascriptcoregtk-4.1-dev"])]
        ),
        // The system zlib (Debian: zlib1g-dev), for the zlib builtin.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The system Brotli decoder (Debian: libbrotli-dev), for request bodies sent with Content-Encoding: br.
        .systemLibrary(name: "CBrotli", path: "Sources/CBrotli", pkgConfig: "libbrotlidec", providers: [.apt(["libbrotli-dev"])]),
        // OpenSSL for the tls builtin (and so https), loaded on first use rather than linked; built against
        // Debian's libssl-dev headers.
        .target(name: "COpenSSL", path: "Sources/COpenSSL"),
        // The vocabulary every layer shares: JSON reading and writing, step keys, the snapshot limit, a message's
        // context, waiting for async work from a thread, the standard streams.
        .target(name: "JSHostCore", swiftSettings: strict),
        .target(name: "JSEngine", dependencies: ["JSHostCore", "CJavaScriptCore"], swiftSettings: strict),
        // Builtins' and the executor's JavaScript are .js files, embedded in the code at build time.
        .executableTarget(name: "embed-script", path: "Tools/embed-script", swiftSettings: strict),
        .plugin(name: "EmbedScripts", capability: .buildTool(), dependencies: ["embed-script"]),
        .target(
            name: "NodeCompat",
            dependencies: ["JSHostCore", "JSEngine", "CZlib", "CBrotli", "COpenSSL", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict,
            plugins: ["EmbedScripts"]
        ),
        // JSONata (1.8) for flows' mappers and router conditions: JavaScript files run in an engine of their own.
        .target(name: "JSONata", dependencies: ["JSHostCore", "JSEngine"], swiftSettings: strict, plugins: ["EmbedScripts"]),
        // The store's roles: the protocols every store implements, their records and errors, and what the drivers
        // share (the contract suite in Tests/SnapshotStoreTests checks every driver against them).
        .target(name: "SnapshotStore", dependencies: ["JSHostCore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        // The embedded default store: every role over one SQLite file, through GRDB.
        .target(
            name: "SQLiteStore",
            dependencies: ["JSHostCore", "SnapshotStore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // Every role in this process's memory, behind the same contract suite: for tests and embedding programs.
        .target(name: "MemoryStore", dependencies: ["JSHostCore", "SnapshotStore"], swiftSettings: strict),
        // The store for several hosts: the same roles over PostgreSQL, through postgres-nio.
        .target(
            name: "PostgresStore",
            dependencies: ["JSHostCore", "SnapshotStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "ComponentRuntime",
            dependencies: ["JSHostCore", "JSEngine", "NodeCompat", "SnapshotStore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict,
            plugins: ["EmbedScripts"]
        ),
        // Running a step: lease, starting snapshot, host, commit; one message or a stream. Every entry point's core.
        .target(
            name: "StepRuntime",
            dependencies: ["NodeCompat", "JSHostCore", "ComponentRuntime", "SnapshotStore", "PostgresStore", "JSONata"],
            swiftSettings: strict
        ),
        // Flows of steps: elastic.io's v2 flow documents, their validation, schedules.
        .target(name: "Flows", dependencies: ["JSHostCore", "StepRuntime", "ComponentRuntime", "SnapshotStore", "JSONata"], swiftSettings: strict),
        // `jshost serve`'s core: flows started and stopped, each step's dispatch through supervised workers, cron
        // triggers, webhook calls and their answers, the broker seam; no HTTP in it.
        .target(
            name: "FlowService",
            dependencies: ["JSHostCore", "Flows", "StepRuntime", "ComponentRuntime", "SnapshotStore", "JSONata",
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "Prometheus", package: "swift-prometheus"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // `jshost serve`'s HTTP edge (Hummingbird 2): the routes of the webhooks, the API, the page, health and
        // metrics, what every request meets first (HTTPEdge/), and every outcome of the core mapped to its status.
        .target(
            name: "ServiceHTTP",
            dependencies: ["JSHostCore", "FlowService", "Flows", "StepRuntime", "SnapshotStore", "CZlib", "CBrotli",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdCore", package: "hummingbird"),
                           .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                           .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict,
            plugins: ["EmbedScripts"]
        ),
        .target(
            name: "ComponentTooling",
            dependencies: ["JSHostCore", "ComponentRuntime", "NodeCompat", "JSEngine", "SnapshotStore"],
            swiftSettings: strict
        ),
        // sailor's wire format (lib/settings.js, lib/encryptor.js, lib/amqp.js): settings, encryption, headers, payloads.
        .target(name: "SailorWire", dependencies: ["JSHostCore", "COpenSSL", .product(name: "Crypto", package: "swift-crypto"),
                                                   .product(name: "_CryptoExtras", package: "swift-crypto")], swiftSettings: strict),
        // rabbitmq-c (Debian's librabbitmq-dev), loaded when the broker is first used, with C glue for every call.
        .target(name: "CRabbitMQ", path: "Sources/CRabbitMQ"),
        // The broker, through rabbitmq-c: connections, publishes with confirms, deliveries, acks.
        .target(name: "AMQPTransport", dependencies: ["CRabbitMQ", "SailorWire"], swiftSettings: strict),
        .target(name: "BrokerQueues", dependencies: ["JSHostCore", "FlowService", "AMQPTransport", "SailorWire", "SnapshotStore",
                                                     .product(name: "Logging", package: "swift-log"),
                                                     .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")], swiftSettings: strict),
        // `jshost sailor`: a drop-in for sailor-nodejs in an elastic.io step container (the API over HTTP, the
        // broker in sailor's wire format).
        .target(
            name: "SailorContainer",
            dependencies: ["JSEngine", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"), "JSHostCore", "ComponentRuntime", "SnapshotStore", "SailorWire", "AMQPTransport",
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // What people see at a terminal: log lines, events, tables, progress (Rainbow for colour).
        .target(name: "Presentation", dependencies: [.product(name: "Rainbow", package: "Rainbow")], swiftSettings: strict),
        .executableTarget(
            name: "jshost",
            dependencies: ["SQLiteStore", "PostgresStore", "AMQPTransport", "NodeCompat", "JSHostCore", 
                "ComponentRuntime", "ComponentTooling", "SnapshotStore", "StepRuntime", "Flows", "FlowService", "ServiceHTTP", "BrokerQueues", "JSEngine", "Presentation",
                "JSONata",
                "SailorContainer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Benchmarks (benchmarks/): built only when asked for, never by the tests.
        .executableTarget(name: "jshost-bench", dependencies: ["SQLiteStore", "JSHostCore", "SnapshotStore", "PostgresStore"], path: "benchmarks/jshost-bench",
                          swiftSettings: strict),
        .executableTarget(name: "jsonata-bench", dependencies: ["JSONata", "JSEngine"], path: "benchmarks/jsonata-bench", swiftSettings: strict),
        // Real servers the tests start for themselves (PostgreSQL), shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        // The stores' test factories and helpers, shared by the contract suite and each driver's own tests.
        .target(name: "StoreTestSupport", dependencies: ["SnapshotStore", "SQLiteStore", "PostgresStore", "MemoryStore", "JSHostCore", "TestSupport"],
                path: "Tests/StoreTestSupport", swiftSettings: strict),
        .testTarget(name: "SQLiteStoreTests", dependencies: ["StoreTestSupport", "SQLiteStore", "SnapshotStore", "JSHostCore", "TestSupport",
                                                        .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "PostgresStoreTests", dependencies: ["StoreTestSupport", "PostgresStore", "SnapshotStore", "JSHostCore", "TestSupport",
                                                          .product(name: "PostgresNIO", package: "postgres-nio")], swiftSettings: strict),
        .testTarget(name: "BrokerQueuesTests", dependencies: ["BrokerQueues", "AMQPTransport", "SailorWire", "SnapshotStore", "JSHostCore",
                                                         "MemoryStore", "TestSupport", .product(name: "Logging", package: "swift-log"),
                                                         .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                    swiftSettings: strict),
        .testTarget(name: "MemoryStoreTests", dependencies: ["MemoryStore", "SnapshotStore", "JSHostCore"], swiftSettings: strict),
        .testTarget(name: "JSHostCoreTests", dependencies: ["JSHostCore"], swiftSettings: strict),
        .testTarget(name: "JSEngineTests", dependencies: ["JSEngine"], swiftSettings: strict),
        .testTarget(name: "JSONataTests", dependencies: ["JSHostCore", "JSONata", "SnapshotStore"], exclude: ["SuiteDifferences.txt"], swiftSettings: strict),
        .testTarget(name: "NodeCompatTests", dependencies: ["NodeCompat", "JSEngine", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "SnapshotStoreTests", dependencies: ["StoreTestSupport", "SQLiteStore", .product(name: "PostgresNIO", package: "postgres-nio"), "JSHostCore", "SnapshotStore", "PostgresStore", "TestSupport",
                                                          .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "ComponentRuntimeTests", dependencies: ["TestSupport", "JSHostCore", "JSEngine", "ComponentRuntime", "NodeCompat", "SnapshotStore", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(name: "StepRuntimeTests", dependencies: ["TestSupport", "SQLiteStore", "NodeCompat", "JSHostCore", "StepRuntime", "ComponentRuntime", "SnapshotStore"], swiftSettings: strict),
        .testTarget(name: "FlowsTests", dependencies: ["TestSupport", "JSONata", "Flows", "StepRuntime", "ComponentRuntime", "SnapshotStore"], swiftSettings: strict),
        .testTarget(name: "FlowServiceTests", dependencies: ["FlowService", "SnapshotStore", "JSHostCore", "MemoryStore"], swiftSettings: strict),
        .testTarget(name: "ServiceHTTPTests", dependencies: ["ServiceHTTP", "FlowService", "MemoryStore", "SnapshotStore", "StepRuntime", "JSHostCore", "TestSupport",
                                                       .product(name: "HummingbirdTesting", package: "hummingbird"),
                                                       .product(name: "Hummingbird", package: "hummingbird"),
                                                       .product(name: "HTTPTypes", package: "swift-http-types"),
                                                       .product(name: "NIOCore", package: "swift-nio"),
                                                       .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(name: "PresentationTests", dependencies: ["Presentation"], swiftSettings: strict),
        .testTarget(name: "SailorWireTests", dependencies: ["SailorWire", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
                                                         .product(name: "_CryptoExtras", package: "swift-crypto")], swiftSettings: strict),
        .testTarget(name: "AMQPTransportTests", dependencies: ["AMQPTransport", "SailorWire", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "SailorContainerTests", dependencies: ["SailorContainer", "SailorWire"], swiftSettings: strict),
        .testTarget(name: "ComponentToolingTests", dependencies: ["TestSupport", "ComponentTooling", "ComponentRuntime"], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["SQLiteStore", "JSHostCore", "jshost", "SnapshotStore", "PostgresStore", "StepRuntime", "ComponentRuntime", "TestSupport",
                                                     "AMQPTransport", "SailorWire", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
    ]
)

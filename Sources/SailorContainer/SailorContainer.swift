import AMQPTransport
import ComponentRuntime
import Foundation
import Logging
import SailorWire
import Synchronization
import JSHostCore
import NIOHTTP1

/// `jshost sailor`: what sailor-nodejs's `run.js` does in an elastic.io step container. From the `ELASTICIO_*`
/// environment: connect to the broker (a read and a write connection), fetch the step from the API, run the
/// `startup` hook when asked and `init`, then take messages from the step's queue one at a time, run the
/// component on each, publish what it emits in sailor's wire format, and acknowledge each message once the broker
/// has confirmed everything it produced (rejected when it had errors). SIGTERM or SIGINT: the message in hand is
/// finished, then the container stops (exit 0). With `ELASTICIO_HOOK_SHUTDOWN`, only the `shutdown` hook runs.
public final class SailorContainer {
    public enum Exit {
        public static let stopped: Int32 = 0
        /// Start-up failed, the broker was lost, or the component crashed: the platform starts the container again.
        public static let failed: Int32 = 1
        /// The environment or the component cannot work at all.
        public static let unusable: Int32 = 2
    }

    private let environment: [String: String]
    private let workingDirectory: String
    private let write: @Sendable (String) -> Void
    private let logger: Logger

    public init(environment: [String: String], workingDirectory: String,
                write: @escaping @Sendable (String) -> Void = StandardStreams.writeStderr) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.write = write
        logger = ContainerHosting.logger(environment, write: write)
    }

    /// Runs until stopped; returns the exit code.
    public func run() -> Int32 {
        let settings: SailorSettings
        do { settings = try SailorSettings(environment: environment) } catch {
            logger.critical("jshost sailor: \(error)")
            return Exit.unusable
        }
        let api = PlatformAPI(base: settings.apiURI, user: settings.apiUsername, key: settings.apiKey,
                              retries: settings.apiRequestRetryAttempts, delay: .milliseconds(settings.apiRequestRetryDelay))
        if settings.hookShutdown { return runShutdownHook(settings: settings, api: api) }
        guard let messaging = settings.messaging else { return Exit.unusable }
        let cipher: MessageCipher
        let address: AMQPAddress
        do {
            cipher = try MessageCipher(password: messaging.cryptoPassword, iv: messaging.cryptoIV)
            address = try AMQPAddress(uri: messaging.amqpURI)
        } catch {
            logger.critical("jshost sailor: \(error)")
            return Exit.unusable
        }
        let publisher = Publisher(address: address, settings: settings, logger: logger)
        let consumer = Consumer(address: address, settings: settings, queue: messaging.listenMessagesOn, logger: logger)
        defer {
            consumer.close()
            publisher.close()
        }
        do {
            try publisher.connect()
            try consumer.connect()
        } catch {
            // As sailor: with no broker there is nowhere to report to.
            logger.critical("jshost sailor: cannot connect to the broker: \(error)")
            return Exit.failed
        }
        let started: Started
        do {
            started = try start(settings: settings, api: api)
        } catch {
            reportStartFailure(error, settings: settings, messaging: messaging, cipher: cipher, publisher: publisher)
            return Exit.failed
        }
        SailorSignals.install()
        logger.info("Fully initialized and waiting for messages")
        let loop = MessageLoop(settings: settings, messaging: messaging, cipher: cipher, publisher: publisher,
                               consumer: consumer, api: api, started: started, logger: logger)
        return loop.run()
    }

    /// What start-up made: the step as the API described it, the component's host, the function to run.
    struct Started {
        let stepData: StepData
        let host: ComponentHost
        let function: ComponentDescriptor.Function
        let router: EventRouter
    }

    /// A start-up failure, in sailor's error shape.
    struct StartFailure: Error, CustomStringConvertible {
        var name = "Error"
        var message: String
        var stack: String?
        var description: String { message }
    }

    private func start(settings: SailorSettings, api: PlatformAPI) throws(StartFailure) -> Started {
        let stepData = try fetchStep(settings: settings, api: api)
        let (host, function, router) = try makeHost(settings: settings, stepData: stepData)
        if settings.startupRequired {
            logger.debug("Starting up component")
            let result: String
            do { result = try host.hook("startup", function: function, cfgJSON: stepData.configJSON) } catch {
                throw Self.failure(error)
            }
            let state = result == "null" || result == "{}" || result == "[]" || result == "\"\"" ? "{}" : result
            do { try HooksData(api: api, flowID: settings.flowID).create(state) } catch {
                throw StartFailure(message: error.description)
            }
            logger.debug("Component started up")
        }
        do { try host.initialise(function: function, cfgJSON: stepData.configJSON) } catch {
            throw Self.failure(error)
        }
        return Started(stepData: stepData, host: host, function: function, router: router)
    }

    private func fetchStep(settings: SailorSettings, api: PlatformAPI) throws(StartFailure) -> StepData {
        let path = "/v1/tasks/\(settings.flowID)/steps/\(settings.stepID)"
        do {
            let response = try api.call(.GET, path)
            guard response.status == 200 else {
                throw PlatformError("GET \(path) answered \(response.status): \(response.text.prefix(200))", status: response.status)
            }
            return try StepData(json: response.text)
        } catch {
            throw StartFailure(message: "could not fetch the step from the API: \(error)")
        }
    }

    /// The component at `COMPONENT_PATH`, hosted as a container hosts it, for this flow and step.
    private func makeHost(settings: SailorSettings, stepData: StepData)
        throws(StartFailure) -> (ComponentHost, ComponentDescriptor.Function, EventRouter) {
        let directory = ContainerHosting.componentDirectory(settings.componentPath, workingDirectory: workingDirectory)
        let router = EventRouter()
        do {
            let descriptor = try ComponentDescriptor(directory: directory)
            let function = try descriptor.function(named: settings.function)
            var configuration = ContainerHosting.configuration(environment, workingDirectory: workingDirectory, write: write)
            configuration.flowID = settings.flowID
            configuration.stepID = settings.stepID
            configuration.flowVariablesJSON = stepData.variablesJSON
            let host = try ComponentHost(component: descriptor, configuration: configuration, onEvent: { router.handle($0) })
            host.carriedEvents = ["rebound", "updateKeys", "httpReply"]
            host.refuseEvent = { router.refusal(of: $0) }
            return (host, function, router)
        } catch {
            throw Self.failure(error)
        }
    }

    static func failure(_ error: ComponentError) -> StartFailure {
        if let reply = error.replyJSON, let members = try? JSONSyntaxMembers.read(reply) {
            return StartFailure(name: members["name"] ?? "Error", message: members["message"] ?? error.message, stack: members["stack"])
        }
        return StartFailure(message: error.message, stack: error.cause.map { "\($0)" })
    }

    /// sailor's `reportError`: the failure to the error routing key, with the container's headers, then exit.
    private func reportStartFailure(_ failure: StartFailure, settings: SailorSettings, messaging: SailorSettings.Messaging,
                                    cipher: MessageCipher, publisher: Publisher) {
        logger.critical("jshost sailor: start-up failed: \(failure.message)")
        let errorJSON = SailorPayloads.errorJSON(name: failure.name, message: failure.message, stack: failure.stack)
        var headers: [(name: String, value: HeaderValue)] = settings.additionalHeaders.map { ($0.name, .text($0.value)) }
        headers += [("execId", .text(settings.execID)), ("taskId", .text(settings.flowID)), ("workspaceId", .text(settings.workspaceID)),
                    ("containerId", .text(settings.containerID)), ("userId", .text(settings.userID)), ("stepId", .text(settings.stepID)),
                    ("compId", .text(settings.compID)), ("function", .text(settings.function)),
                    ("messageId", .text(MessageID.make()))]
        do {
            let sealed = String(decoding: try cipher.seal(errorJSON, protocolVersion: 1), as: UTF8.self)
            let body = "{\"error\":\(JSONString.quote(sealed))}"
            try publisher.publish(Publication(exchange: messaging.publishMessagesTo, routingKey: messaging.errorRoutingKey,
                                              body: Array(body.utf8), headers: headers))
            try publisher.settle()
        } catch {
            logger.error("could not report the start-up failure to the broker: \(error)")
        }
    }

    /// `ELASTICIO_HOOK_SHUTDOWN`: the flow stopped; run `shutdown(cfg, startupData)` and delete the data.
    private func runShutdownHook(settings: SailorSettings, api: PlatformAPI) -> Int32 {
        do throws(StartFailure) {
            let stepData = try fetchStep(settings: settings, api: api)
            let (host, function, _) = try makeHost(settings: settings, stepData: stepData)
            let hooks = HooksData(api: api, flowID: settings.flowID)
            let state: String
            do { state = try hooks.retrieve() } catch { throw StartFailure(message: error.description) }
            do { _ = try host.hook("shutdown", function: function, cfgJSON: stepData.configJSON, dataJSON: state) } catch {
                throw Self.failure(error)
            }
            do { try hooks.delete() } catch { throw StartFailure(message: error.description) }
            logger.debug("Shut down successfully")
            return Exit.stopped
        } catch {
            logger.critical("jshost sailor: the shutdown hook failed: \(error)")
            return Exit.failed
        }
    }
}

/// Sends the host's events to the run of the message in hand.
final class EventRouter {
    var run: MessageRun?

    func handle(_ event: ComponentEvent) { run?.handle(event) }

    func refusal(of event: ComponentEvent) -> String? { run?.refusal(of: event) }
}

/// SIGTERM and SIGINT ask the container to stop after the message in hand.
enum SailorSignals {
    static let stop = Atomic<Bool>(false)

    static func install() {
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { _ in SailorSignals.stop.store(true, ordering: .relaxed) }
        }
    }

    static var stopRequested: Bool { stop.load(ordering: .relaxed) }
}

/// The members of a small JSON object of strings (sailor's error shape), read through Foundation.
enum JSONSyntaxMembers {
    static func read(_ json: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        return object.compactMapValues { $0 as? String }
    }
}

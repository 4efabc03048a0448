import JSHostCore
import ComponentRuntime
import JSEngine
import AMQPTransport
import Foundation
import Logging
import SailorWire

/// The container's life after start-up: one message at a time from the consumer through the component, its
/// output confirmed by the broker, then the message acknowledged (or rejected, when its run had errors).
final class MessageLoop {
    private let settings: SailorSettings
    private let messaging: SailorSettings.Messaging
    private let cipher: MessageCipher
    private let publisher: Publisher
    private let consumer: Consumer
    private let api: PlatformAPI
    private let started: SailorContainer.Started
    private let logger: Logger
    private var recent = RecentOutcomes()
    /// The first message starts from the API's snapshot; later ones from what the container holds in memory.
    private var first = true

    init(settings: SailorSettings, messaging: SailorSettings.Messaging, cipher: MessageCipher, publisher: Publisher,
         consumer: Consumer, api: PlatformAPI, started: SailorContainer.Started, logger: Logger) {
        self.settings = settings
        self.messaging = messaging
        self.cipher = cipher
        self.publisher = publisher
        self.consumer = consumer
        self.api = api
        self.started = started
        self.logger = logger
    }

    func run() -> Int32 {
        while !SailorSignals.stopRequested {
            let next: (AMQPDelivery, Int)?
            do { next = try consumer.next(timeout: .milliseconds(250)) } catch {
                logger.critical("jshost sailor: lost the broker and could not connect again: \(error)")
                return SailorContainer.Exit.failed
            }
            guard let (delivery, generation) = next else {
                publisher.tend()
                continue
            }
            if let exit = handle(delivery, generation: generation) { return exit }
        }
        logger.info("stopped by a signal; the message in hand was finished")
        return SailorContainer.Exit.stopped
    }

    /// Runs one delivery; an exit code when the container must stop.
    private func handle(_ delivery: AMQPDelivery, generation: Int) -> Int32? {
        let incoming: IncomingMessage
        do { incoming = try IncomingMessage(delivery, settings: settings, cipher: cipher) } catch {
            logger.error("message \(delivery.deliveryTag) could not be read and is rejected: \(error)")
            _ = consumer.settle(delivery.deliveryTag, generation: generation, accept: false)
            return nil
        }
        if delivery.redelivered, let id = incoming.messageID, let accepted = recent.outcome(of: id) {
            logger.warning("message \(id) came again after its connection was lost; it was run already and is \(accepted ? "acknowledged" : "rejected") as before")
            _ = consumer.settle(delivery.deliveryTag, generation: generation, accept: accepted)
            return nil
        }
        let run = MessageRun(incoming: incoming, settings: settings, messaging: messaging, cipher: cipher, publisher: publisher,
                             stepData: started.stepData, api: api, logger: logger)
        started.router.run = run
        defer { started.router.run = nil }
        var exit: Int32?
        do {
            _ = try started.host.process(function: started.function, messageJSON: incoming.json,
                                         cfgJSON: started.stepData.configJSON,
                                         snapshotJSON: first ? started.stepData.snapshotJSON : nil, context: incoming.context)
            first = false
        } catch {
            // A run that reached the component has handed it the API's snapshot; one that failed to load has not.
            if error.code != .moduleLoad && error.code != .usage { first = false }
            switch error.code {
            case .exited:
                // The component ended the process: the message is left to the broker, as it is when sailor's process ends.
                logger.critical("jshost sailor: the component called process.exit(\(error.exitCode ?? 0)) while running message \(incoming.context.messageId)")
                return error.exitCode ?? SailorContainer.Exit.failed
            case .crashed, .timedOut:
                run.report(name: error.cause?.name ?? "Error", message: error.message, stack: error.cause.map { "\($0)" })
                logger.critical("jshost sailor: \(error.message)")
                exit = SailorContainer.Exit.failed
            default:
                run.report(name: "Error", message: error.message)
            }
        }
        do { try publisher.settle() } catch {
            logger.critical("jshost sailor: the broker did not confirm what message \(incoming.context.messageId) produced: \(error); it is left unacknowledged")
            return SailorContainer.Exit.failed
        }
        if let lost = run.lostBroker {
            logger.critical("jshost sailor: publishing failed for good: \(lost)")
            return SailorContainer.Exit.failed
        }
        let accepted = run.errors == 0
        if let id = incoming.messageID { recent.remember(id, accepted: accepted) }
        if !consumer.settle(delivery.deliveryTag, generation: generation, accept: accepted) {
            logger.warning("message \(incoming.context.messageId) finished after its connection was lost; the broker will deliver it again and it will be \(accepted ? "acknowledged" : "rejected") without running")
        }
        return exit
    }
}

import JSHostCore
import ComponentRuntime
import JSEngine
import AMQPTransport
import Foundation
import Logging
import SailorWire

/// The container's life after start-up: messages run one at a time, in order, from the consumer through the
/// component; each is acknowledged (or rejected, when its run had errors) once the broker confirmed everything it
/// published. With a prefetch above 1 this is pipelined: the next message already delivered runs while the
/// previous ones' confirms are on their way, and the messages whose confirms are all in are settled together.
final class MessageLoop {
    /// A message run (or settled without running) that waits for the confirms of what it published.
    private struct Finished {
        var tag: UInt64
        var generation: Int
        var accepted: Bool
        var messageID: String?
        /// Its last publication's number (`Publisher.published` when it ended).
        var publishedThrough: UInt64
        var name: String
    }

    private let settings: SailorSettings
    private let messaging: SailorSettings.Messaging
    private let cipher: MessageCipher
    private let publisher: Publisher
    private let consumer: Consumer
    private let api: PlatformAPI
    private let started: SailorContainer.Started
    private let logger: Logger
    private var recent = RecentOutcomes()
    /// In the order delivered; at most a prefetch of them, as the broker delivers no more before acknowledgements.
    private var finished: [Finished] = []
    private let window: Int
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
        window = max(settings.prefetch, 1)
    }

    func run() -> Int32 {
        while !SailorSignals.stopRequested {
            let next: (AMQPDelivery, Int)?
            do {
                // While finished messages wait for confirms, only a delivery already here is taken before them.
                next = try consumer.next(timeout: finished.isEmpty ? .milliseconds(250) : .zero)
            } catch {
                logger.critical("jshost sailor: lost the broker and could not connect again: \(error)")
                return SailorContainer.Exit.failed
            }
            guard let (delivery, generation) = next else {
                if finished.isEmpty {
                    publisher.tend()
                } else if !acknowledge(waiting: true) {
                    return SailorContainer.Exit.failed
                }
                continue
            }
            if let exit = handle(delivery, generation: generation) { return exit }
            if !acknowledge(waiting: finished.count >= window) { return SailorContainer.Exit.failed }
        }
        guard acknowledge(waiting: true) else { return SailorContainer.Exit.failed }
        logger.info("stopped by a signal; the message in hand was finished")
        return SailorContainer.Exit.stopped
    }

    /// Runs one delivery; an exit code when the container must stop.
    private func handle(_ delivery: AMQPDelivery, generation: Int) -> Int32? {
        let incoming: IncomingMessage
        do { incoming = try IncomingMessage(delivery, settings: settings, cipher: cipher) } catch {
            logger.error("message \(delivery.deliveryTag) could not be read and is rejected: \(error)")
            finish(delivery, generation: generation, accepted: false, messageID: nil, name: "\(delivery.deliveryTag)")
            return nil
        }
        if delivery.redelivered, let id = incoming.messageID {
            // The messages before it are settled first: it may be one of them, delivered again.
            guard acknowledge(waiting: true) else { return SailorContainer.Exit.failed }
            if let accepted = recent.outcome(of: id) {
                logger.warning("message \(id) came again after its connection was lost; it was run already and is \(accepted ? "acknowledged" : "rejected") as before")
                finish(delivery, generation: generation, accepted: accepted, messageID: id, name: id)
                return nil
            }
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
                // The component ended the process: the message is left to the broker, as it is when sailor's
                // process ends; the ones finished before it are settled.
                logger.critical("jshost sailor: the component called process.exit(\(error.exitCode ?? 0)) while running message \(incoming.context.messageId)")
                _ = acknowledge(waiting: true)
                return error.exitCode ?? SailorContainer.Exit.failed
            case .crashed, .timedOut:
                run.report(name: error.cause?.name ?? "Error", message: error.message, stack: error.cause.map { "\($0)" })
                logger.critical("jshost sailor: \(error.message)")
                exit = SailorContainer.Exit.failed
            default:
                run.report(name: "Error", message: error.message)
            }
        }
        if let lost = run.lostBroker {
            logger.critical("jshost sailor: publishing failed for good: \(lost)")
            return SailorContainer.Exit.failed
        }
        finish(delivery, generation: generation, accepted: run.errors == 0, messageID: incoming.messageID,
               name: incoming.context.messageId)
        if let exit {
            return acknowledge(waiting: true) ? exit : SailorContainer.Exit.failed
        }
        return nil
    }

    private func finish(_ delivery: AMQPDelivery, generation: Int, accepted: Bool, messageID: String?, name: String) {
        finished.append(Finished(tag: delivery.deliveryTag, generation: generation, accepted: accepted, messageID: messageID,
                                 publishedThrough: publisher.published, name: name))
    }

    /// Settles the finished messages whose publications the broker confirmed, in order: a run of accepted ones
    /// with one acknowledgement (`multiple`), a rejected one on its own. `waiting`: waits for all their confirms
    /// first, otherwise takes only the confirms that came. False when the broker did not confirm: nothing more is
    /// acknowledged, and the container must stop.
    private func acknowledge(waiting: Bool) -> Bool {
        guard let last = finished.last else { return true }
        do {
            if waiting { try publisher.settle(through: last.publishedThrough) } else { try publisher.collect() }
        } catch {
            logger.critical("jshost sailor: the broker did not confirm what message \(finished[0].name) produced: \(error); it is left unacknowledged")
            return false
        }
        let confirmed = publisher.settledThrough
        var accepting: Finished?
        while let head = finished.first, head.publishedThrough <= confirmed {
            finished.removeFirst()
            if let id = head.messageID { recent.remember(id, accepted: head.accepted) }
            if head.accepted && (accepting == nil || accepting?.generation == head.generation) {
                accepting = head
                continue
            }
            if let run = accepting { settle(run, multiple: true) }
            accepting = head.accepted ? head : nil
            if !head.accepted { settle(head, multiple: false) }
        }
        if let run = accepting { settle(run, multiple: true) }
        return true
    }

    private func settle(_ message: Finished, multiple: Bool) {
        if !consumer.settle(message.tag, generation: message.generation, accept: message.accepted, multiple: multiple) {
            logger.warning("message \(message.name) finished after its connection was lost; the broker will deliver it again and it will be \(message.accepted ? "acknowledged" : "rejected") without running")
        }
    }
}

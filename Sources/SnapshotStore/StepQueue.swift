import Foundation
import JSHostCore

/// What travels with a queued message besides its JSON: the part of its `MessageContext` that outlives the queue,
/// spelled as there: its thread (the chain of messages from one trigger run), the id of the message it came from,
/// and the transport's headers (sailor's `reboundIteration`, `reboundReason`…). Its own id is its queue row's,
/// given when it is taken (`QueuedMessage.messageID`).
public struct QueueContext: Sendable, Equatable, Codable {
    public var threadId: String?
    public var parentMessageId: String?
    public var headers: [String: String]

    public init(threadId: String? = nil, parentMessageId: String? = nil, headers: [String: String] = [:]) {
        self.threadId = threadId
        self.parentMessageId = parentMessageId
        self.headers = headers
    }

    /// As stores keep it (and hosts of several versions share it): the names it was first written with.
    enum CodingKeys: String, CodingKey {
        case threadId = "thread"
        case parentMessageId = "parentMessageID"
        case headers
    }
}

/// A message on its way to a step of a flow: queued by the commit of the run that emitted it.
public struct ForwardedMessage: Sendable, Equatable {
    public var to: StepKey
    public var json: String
    public var context: QueueContext
    /// How long after the commit it may be taken (a rebound's back-off); zero: at once.
    public var delay: Duration
    /// How many times it was put back (rebound).
    public var attempts: Int

    public init(to: StepKey, json: String, context: QueueContext = QueueContext(), delay: Duration = .zero, attempts: Int = 0) {
        self.to = to
        self.json = json
        self.context = context
        self.delay = delay
        self.attempts = attempts
    }
}

/// A message waiting in a step's queue.
public struct QueuedMessage: Sendable, Equatable {
    /// Its place in the queue, in the order messages were queued.
    public var id: Int64
    public var key: StepKey
    public var json: String
    public var context: QueueContext
    /// The run (or the trigger: `webhook:…`, `schedule:…`) that queued it.
    public var fromRun: String
    /// When it may be taken (later than its queuing for a rebound).
    public var availableAt: Date
    /// How many times it was put back (rebound).
    public var attempts: Int
    /// For a message a broker delivered that no store queued (another program published it): its `messageId`, which
    /// its run's commit consumes (`RunCommit.consumesMessageID`) in place of a queue row; `id` is then not the store's.
    public var deliveredMessageID: String?

    package init(id: Int64, key: StepKey, json: String, context: QueueContext, fromRun: String, availableAt: Date, attempts: Int,
                 deliveredMessageID: String? = nil) {
        self.deliveredMessageID = deliveredMessageID
        self.id = id
        self.key = key
        self.json = json
        self.context = context
        self.fromRun = fromRun
        self.availableAt = availableAt
        self.attempts = attempts
    }
}

extension QueuedMessage {
    /// The message's id while it is queued, the same each time a worker takes it (a retry after a crash is the same
    /// message, as a broker's redelivery is): the id another program gave it, else a UUID-shaped digest of its flow
    /// and queue row, which the row has from its queuing on. Log lines and the `parentMessageId` of what its run
    /// sends on carry it, and the broker's wire announces it as `messageId`.
    public var messageID: String {
        if let deliveredMessageID { return deliveredMessageID }
        // UUID-shaped: a 64-bit FNV-1a hash of the flow, then the row's number (unique in the store), in hex. A
        // digest would do as well, but this is asked for each message, several times, on the service's hot path.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.flow.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Self.uuidShaped(hash, UInt64(bitPattern: id))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func uuidShaped(_ high: UInt64, _ low: UInt64) -> String {
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (index, word) in [high, low].enumerated() {
            for nibble in 0..<16 {
                if (index == 0 && (nibble == 8 || nibble == 12)) || (index == 1 && (nibble == 0 || nibble == 4)) {
                    out.append(UInt8(ascii: "-"))
                }
                out.append(hexDigits[Int((word >> UInt64(60 - nibble * 4)) & 0xf)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension QueueContext {
    /// As a store keeps it: nil when there is nothing to keep, else JSON with sorted keys.
    package var storedText: String? {
        guard self != QueueContext() else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    package init(storedText text: String?) {
        self = text.flatMap { try? JSONDecoder().decode(QueueContext.self, from: Data($0.utf8)) } ?? QueueContext()
    }
}

/// The queues between a flow's steps. A run's data messages go to the next steps' queues in the same transaction
/// as the run's commit (`RunCommit.forward`), and the run that takes a queued message removes it in its own commit
/// (`RunCommit.consumes`), which is refused if the message is gone: each message goes into the store exactly once,
/// and a crash between the two leaves it queued, to be taken again.
public protocol StepQueueing: Sendable {
    /// The oldest message of the step's queue that may be taken at `now`; nil when there is none.
    func nextQueued(for key: StepKey, at now: Date) async throws -> QueuedMessage?
    /// Up to `limit` of the step's oldest messages that may be taken at `now`, in queuing order.
    func nextQueued(for key: StepKey, at now: Date, limit: Int) async throws -> [QueuedMessage]
    /// The oldest message of any of `keys`' queues that may be taken at `now`, in queuing order across them.
    func nextQueued(among keys: [StepKey], at now: Date) async throws -> QueuedMessage?
    /// When the step's next message may be taken: nil when its queue is empty (a date past when one is ready).
    func nextAvailable(for key: StepKey) async throws -> Date?
    /// How many messages wait for the step.
    func queueDepth(_ key: StepKey) async throws -> Int
    /// How many messages of a flow's thread wait in any of its steps' queues: zero when the thread is done.
    func queuedInThread(flow: String, thread: String) async throws -> Int
    /// Queues messages that no run emitted (a trigger's: a webhook's request, a schedule's tick), durably, at once;
    /// `source` names where they came from. Returns their queue ids.
    @discardableResult
    func enqueue(_ messages: [ForwardedMessage], source: String) async throws -> [Int64]
}

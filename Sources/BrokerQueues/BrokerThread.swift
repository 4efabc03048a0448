import AMQPTransport
import Foundation
import Logging

/// One broker connection on a thread of its own (rabbitmq-c's connections belong to the thread that made them),
/// opened again when it fails. Work is handed to the thread as jobs; between jobs, a consuming side's `poll` waits
/// a moment for a delivery. Each opening is a new generation: a delivery's tag is good only on its own.
final class BrokerThread: @unchecked Sendable {  // jobs and state guarded by `condition`, which the thread waits on
    typealias Job = (_ connection: AMQPConnection?, _ generation: Int) -> Bool
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var stopped = false
    private let open: () throws -> AMQPConnection
    private let poll: ((AMQPConnection, Int) throws -> Void)?
    private let lost: (Int) -> Void
    private let logger: Logger
    private let name: String
    private var finished = false

    /// `open` connects (and declares and consumes what the side needs); `poll`, for a consuming side, waits briefly
    /// for a delivery; `lost` is told a generation's connection failed.
    init(name: String, logger: Logger, open: @escaping () throws -> AMQPConnection,
         poll: ((AMQPConnection, Int) throws -> Void)? = nil, lost: @escaping (Int) -> Void = { _ in }) {
        self.name = name
        self.logger = logger
        self.open = open
        self.poll = poll
        self.lost = lost
        let thread = Thread { [self] in main() }
        thread.name = name
        thread.start()
    }

    /// Runs `body` on the thread with its connection (opened first if need be); what it returned or threw. A
    /// broker error drops the connection: the next job opens a new one.
    func perform<T: Sendable>(_ body: @escaping @Sendable (AMQPConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            submit { connection, _ in
                guard let connection else {
                    continuation.resume(throwing: AMQPError("no connection to the broker"))
                    return true
                }
                do {
                    continuation.resume(returning: try body(connection))
                    return true
                } catch {
                    continuation.resume(throwing: error)
                    return !(error is AMQPError)
                }
            }
        }
    }

    /// Queues a job; it returns false when the connection failed under it.
    func submit(_ job: @escaping Job) {
        condition.withLock {
            jobs.append(job)
            condition.signal()
        }
    }

    /// Ends the thread after the jobs queued so far; returns once it has closed its connection.
    func stop() async {
        condition.withLock {
            stopped = true
            condition.signal()
        }
        while !condition.withLock({ finished }) { try? await Task.sleep(for: .milliseconds(5)) }
    }

    /// How often an idle publishing side sends its heartbeat and checks the broker's: well inside the shortest
    /// heartbeat a URI may ask for.
    static let tendInterval: TimeInterval = 0.5

    private var connection: AMQPConnection?
    private var generation = 0
    private var lastComplaint = ContinuousClock.now - .seconds(60)

    private func connected() -> AMQPConnection? {
        if let connection { return connection }
        do {
            let made = try open()
            generation += 1
            connection = made
            if generation > 1 { logger.notice("\(name): connected to the broker again") }
            return made
        } catch {
            // A broker that is away is said once in a while, not at every try.
            if ContinuousClock.now - lastComplaint > .seconds(10) {
                logger.warning("\(name): cannot reach the broker (\(error)); trying again")
                lastComplaint = ContinuousClock.now
            }
            return nil
        }
    }

    private func drop() {
        connection?.close()
        connection = nil
        lost(generation)
    }

    private func main() {
        while true {
            let batch: [Job]? = condition.withLock {
                // A side that does not poll wakes now and then to tend its connection's heartbeats.
                if jobs.isEmpty && !stopped && poll == nil { _ = condition.wait(until: Date().addingTimeInterval(Self.tendInterval)) }
                if stopped && jobs.isEmpty { return nil }
                defer { jobs = [] }
                return jobs
            }
            guard let batch else { break }
            if batch.isEmpty, poll == nil, let current = connection {
                do {
                    try current.tend()
                } catch {
                    logger.warning("\(name): the broker connection failed (\(error)); connecting again")
                    drop()
                }
                continue
            }
            for job in batch {
                let current = connected()
                if !job(current, generation), current != nil { drop() }
            }
            guard let poll, !condition.withLock({ stopped }) else { continue }
            guard let current = connected() else {
                _ = condition.withLock { condition.wait(until: Date().addingTimeInterval(0.5)) }
                continue
            }
            do {
                try poll(current, generation)
            } catch {
                logger.warning("\(name): the broker connection failed (\(error)); connecting again")
                drop()
            }
        }
        connection?.close()
        connection = nil
        condition.withLock { finished = true }
    }
}

import Foundation
import JSHostCore
import SnapshotStore
import Logging
import StepRuntime

extension StepDispatcher {
    /// How often an idle step looks at its queue for messages no wakeup told it of: those another process queued.
    /// Shorter on a store several hosts share, where other hosts' webhooks and commits queue them.
    var idleWait: Duration { host.store.capabilities.sharedByHosts ? .seconds(1) : .seconds(5) }

    /// The step's dispatch loop: while the step is started, take up to a group of its ready messages, run them
    /// (`GroupRun`), and after a failure take one at a time (`PoisonMessages`); when there is nothing, keep the
    /// lease a moment (`leaseLinger`), then give it back and sleep until a wakeup or the next message is due
    /// (`ReboundWait`).
    func loop() async {
        var streak = FailureStreak()
        var lastWork = ContinuousClock.now
        while !hasEnded {
            guard isTaking else {
                await leases.release()
                await wakeup.wait(timeout: idleWait)
                continue
            }
            let queued: [QueuedMessage]
            do {
                queued = try await next(limit: streak.isolating ? 1 : host.configuration.maxGroup)
            } catch {
                host.logger.error("cannot read the queue of step \(key): \(error)", metadata: metadata())
                await wakeup.wait(timeout: .seconds(1))
                continue
            }
            guard !queued.isEmpty else {
                if leases.isHeld, ContinuousClock.now - lastWork < Self.leaseLinger {
                    await wakeup.wait(timeout: Self.leaseLinger)
                    continue
                }
                await leases.release()
                await waitForNextDue()
                continue
            }
            setBusy(true)
            let failed = await run(queued)
            host.broker.released(queued.map(\.id), of: key)
            setBusy(false)
            lastWork = ContinuousClock.now
            if let failed {
                await handle(failed, &streak)
            } else {
                streak = FailureStreak()
            }
        }
        await leases.release()
    }

    /// Up to `limit` of the step's ready messages, oldest first: the store's queue, or a broker's deliveries.
    func next(limit: Int) async throws -> [QueuedMessage] {
        try await host.broker.next(for: key, limit: limit)
    }
}

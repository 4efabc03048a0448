import Foundation
import SnapshotStore

extension StepDispatcher {
    /// An idle step sleeps until its next queued message is due (a rebound's back-off, see StepRuntime's
    /// `Rebounds`; `StoreQueues.nextDue`), a wakeup (a commit or a trigger queued one), or `idleWait`. On a broker
    /// a rebound waits in the broker, whose delivery wakes the step.
    func waitForNextDue() async {
        let next = await host.broker.nextDue(for: key)
        let due = next.map { Duration.milliseconds(Int64(max(0, $0.timeIntervalSinceNow) * 1000) + 1) } ?? idleWait
        await wakeup.wait(timeout: min(due, idleWait))
    }
}

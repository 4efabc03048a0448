import Foundation
import Logging
import ServiceLifecycle
import SnapshotStore

/// Keeps the store bounded while the service runs: prunes it by the retention policy now and then (and once at
/// start), and records each table's rows and bytes for /metrics.
package struct StorePruning: Service {
    let store: any ServiceStore
    let policy: RetentionPolicy
    let interval: Duration
    let metrics: ServiceMetrics
    let logger: Logger

    package init(store: any ServiceStore, policy: RetentionPolicy, interval: Duration, metrics: ServiceMetrics, logger: Logger) {
        self.store = store
        self.policy = policy
        self.interval = interval
        self.metrics = metrics
        self.logger = logger
    }

    package func run() async throws {
        if let advice = try await store.pruningAdvice() { logger.notice("\(advice)") }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await pruneOnce()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    func pruneOnce() async {
        let started = ContinuousClock.now
        do {
            let report = try await store.prune(policy, now: Date(), dryRun: false)
            if !report.isEmpty {
                logger.info("store pruned: \(report)", metadata: [
                    "took": "\(ContinuousClock.now - started)", "bytesReleased": "\(report.bytesReleased)"])
            }
            metrics.pruned(report)
            metrics.storeSizes(try await store.tableSizes())
        } catch {
            // The store may be away for a while (a shared store restarting): the next round tries again.
            logger.warning("pruning the store failed: \(error); it is tried again in \(interval)")
        }
    }
}

import CoreMetrics
import Foundation
import Metrics
import Prometheus
import SnapshotStore
import JSHostCore

/// The service's metrics per step (swift-metrics, kept in a Prometheus registry of its own and served as
/// Prometheus text at /metrics): executions, errors, rebounds, worker failures, run latency and queue depth.
package final class ServiceMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    private func dimensions(_ key: StepKey) -> [(String, String)] { [("flow", key.flow), ("step", key.step)] }

    /// A step's hot metrics, made once: making one looks it up in the registry.
    private struct StepMetrics {
        var executions: CoreMetrics.Counter
        var duration: Metrics.Timer
    }
    private let lock = NSLock()
    nonisolated(unsafe) private var steps: [StepKey: StepMetrics] = [:]

    private func metrics(_ key: StepKey) -> StepMetrics {
        lock.withLock {
            if let made = steps[key] { return made }
            let made = StepMetrics(
                executions: CoreMetrics.Counter(label: "jshost_executions_total", dimensions: dimensions(key), factory: factory),
                duration: Metrics.Timer(label: "jshost_run_duration_seconds", dimensions: dimensions(key),
                                        preferredDisplayUnit: .seconds, factory: factory))
            steps[key] = made
            return made
        }
    }

    package func executed(_ key: StepKey, duration: Duration, errors: Int, rebounded: Bool) {
        let step = metrics(key)
        step.executions.increment()
        if errors > 0 { Counter(label: "jshost_errors_total", dimensions: dimensions(key), factory: factory).increment(by: errors) }
        if rebounded { Counter(label: "jshost_rebounds_total", dimensions: dimensions(key), factory: factory).increment() }
        step.duration.recordNanoseconds(duration.nanoseconds)
    }

    /// Data messages no edge condition let through, with no default edge.
    package func unrouted(_ key: StepKey, _ count: Int) {
        Counter(label: "jshost_unrouted_messages_total", dimensions: dimensions(key), factory: factory).increment(by: count)
    }

    package func workerFailed(_ key: StepKey) {
        Counter(label: "jshost_worker_failures_total", dimensions: dimensions(key), factory: factory).increment()
    }

    package func skippedTick(flow: String) {
        Counter(label: "jshost_schedule_ticks_skipped_total", dimensions: [("flow", flow)], factory: factory).increment()
    }

    package func queueDepth(_ key: StepKey, _ depth: Int) {
        Gauge(label: "jshost_queue_depth", dimensions: dimensions(key), factory: factory).record(depth)
    }

    /// What a prune removed.
    package func pruned(_ report: PruneReport) {
        for (kind, count) in [("runs", report.runs), ("outbox", report.outboxRows), ("webhook_answers", report.webhookAnswers),
                              ("message_ids", report.messageIDs)] where count > 0 {
            Counter(label: "jshost_store_pruned_rows_total", dimensions: [("kind", kind)], factory: factory).increment(by: count)
        }
    }

    /// Each table's rows and bytes, as last measured.
    package func storeSizes(_ sizes: [TableSize]) {
        for size in sizes {
            if !size.table.hasPrefix("(") {
                CoreMetrics.Gauge(label: "jshost_store_rows", dimensions: [("table", size.table)], factory: factory).record(size.rows)
            }
            CoreMetrics.Gauge(label: "jshost_store_bytes", dimensions: [("table", size.table)], factory: factory).record(size.bytes)
        }
    }

    /// HTTP connections open now.
    package func openConnections(_ count: Int) {
        connectionsGauge.record(count)
    }

    /// An HTTP connection the server closed, and why (`OpenConnections.Closing`).
    package func connectionClosed(reason: String) {
        Counter(label: "jshost_http_connections_closed_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    private var connectionsGauge: CoreMetrics.Gauge { CoreMetrics.Gauge(label: "jshost_http_connections", factory: factory) }

    /// The registry as Prometheus's text format.
    package func text() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

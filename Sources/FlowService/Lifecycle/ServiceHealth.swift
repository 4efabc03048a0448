import Flows
import Foundation
import JSHostCore
import Logging
import SnapshotStore
import StepRuntime

extension FlowService {
    /// What /healthz reports.
    public func health() async -> (healthy: Bool, json: String) {
        let flowsJSON = flows.keys.sorted().map { id in
            #"{"id":\#(JSONString.quote(id)),"status":"\#(active.contains(id) ? "active" : "inactive")"}"#
        }.joined(separator: ",")
        let problems = loadProblems.map(JSONString.quote).joined(separator: ",")
        let status = stopping ? "stopping" : ready ? "ok" : "starting"
        return (ready && !stopping, #"{"status":"\#(status)","flows":[\#(flowsJSON)],"problems":[\#(problems)]}"#)
    }

    /// /metrics: the registry, with each step's queue depth as it is now.
    public func metricsText() async -> [UInt8] {
        for flow in flows.values {
            for key in flow.keys {
                if let depth = try? await parts.store.queueDepth(key) { parts.metrics.queueDepth(key, depth) }
            }
        }
        return parts.metrics.text()
    }
}

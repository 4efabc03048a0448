import Flows
import Foundation

/// A served flow as the API and the page show it: its document, whether it runs, what fires it and when next.
public struct FlowOverview: Sendable {
    public var document: FlowDocument
    public var isActive: Bool
    /// The schedule of a polling flow; nil for a webhook flow.
    public var cron: String?
    /// The next tick of a started polling flow.
    public var nextRunAt: Date?
    /// The steps the trigger fires.
    public var starts: [String]
    /// Steps running a message now.
    public var busySteps: Set<String>

    public var status: String { isActive ? "active" : "inactive" }
    public var trigger: String { cron == nil ? "webhook" : "schedule" }
}

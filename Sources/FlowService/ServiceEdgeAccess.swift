import SnapshotStore

/// What the HTTP edge (ServiceHTTP) reads of the service's parts besides its operations.
extension FlowService {
    package nonisolated var store: any ServiceStore { parts.store }
    package nonisolated var metrics: ServiceMetrics { parts.metrics }
    package nonisolated var feed: ChangeFeed { parts.feed }
    package nonisolated var recentErrors: RecentErrors { parts.recentErrors }
    /// The steps' broker, run by the service group beside the service.
    package nonisolated var broker: any StepBroker { parts.broker }
}

import ComponentRuntime
import Foundation
import SnapshotStore
import JSHostCore

/// A flow step: the component function it runs, its identity, its configuration, and how it is hosted.
public struct StepDefinition: Sendable {
    public var key: StepKey
    public var component: ComponentDescriptor
    public var function: ComponentDescriptor.Function
    /// The step's cfg, JSON text.
    public var cfgJSON: String
    /// Limits, clock, flow variables, permissions, environment: what the component sees.
    public var host: HostConfiguration
    /// When cfg changed since the stored snapshot was made: start from `{}` (true) or keep it (false, sailor's way).
    public var resetOnConfigChange = false
    /// How long the step's lease lasts between heartbeats.
    public var leaseTimeToLive: Duration = Lease.defaultTimeToLive

    public init(key: StepKey, component: ComponentDescriptor, function: ComponentDescriptor.Function, cfgJSON: String,
                host: HostConfiguration) {
        self.key = key
        self.component = component
        self.function = function
        self.cfgJSON = cfgJSON
        self.host = host
    }
}

/// What to do with a run's results.
public enum CommitMode: Sendable {
    /// Commit them (run record, outbox, snapshot) in one transaction, holding the step's lease.
    case commit
    /// Keep nothing, take no lease: a dry run, or a run that only shows what it would do.
    case discard
}

/// When the step's lease is held by another owner.
public enum LeaseWait: Sendable, Equatable {
    /// Fail at once with `stepBusy`.
    case fail
    /// Try again until it is free, for at most this long.
    case upTo(Duration)
    case forever
}

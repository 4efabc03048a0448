/// What a store can do beyond its roles, asked by the service instead of guessing from where the store is.
public struct StoreCapabilities: Sendable, Equatable {
    /// Several hosts read and write the store at once: other hosts queue messages for this host's steps (so an
    /// idle step looks more often) and end executions whose webhook caller waits here (so answers travel through
    /// the store).
    public var sharedByHosts: Bool

    public init(sharedByHosts: Bool) {
        self.sharedByHosts = sharedByHosts
    }
}

/// A store that reports its capabilities.
public protocol StoreDescribing: Sendable {
    var capabilities: StoreCapabilities { get }
}

/// How many versions of a step's snapshot a store keeps unless told otherwise.
public enum SnapshotHistory {
    public static let defaultDepth = 50
}

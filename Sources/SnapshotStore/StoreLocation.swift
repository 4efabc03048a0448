import JSHostCore

/// Where a store is, as people and processes name it, and how to open it there. The composition root (the command
/// line) makes it for the store it chose, and hands it down: the service passes `text` to its worker processes,
/// which open the same store with `open`.
public struct StoreLocation: Sendable, CustomStringConvertible {
    /// As given: what a worker is sent.
    public var text: String
    /// As messages show it: never a password.
    public var description: String
    /// Opens the store at a location's text (creating or upgrading its tables), on the calling thread, which may
    /// wait (`Blocking`) for a server's store.
    public var opener: StoreOpener

    public init(text: String, description: String, opener: StoreOpener) {
        self.text = text
        self.description = description
        self.opener = opener
    }

    public func open(limit: SnapshotLimit, historyDepth: Int) throws -> any ServiceStore {
        try opener.open(text, limit, historyDepth)
    }
}

/// Opens a store from a location's text: the composition root's choice of store, handed to what opens stores
/// (a worker process opens its supervisor's).
public struct StoreOpener: Sendable {
    public var open: @Sendable (_ location: String, _ limit: SnapshotLimit, _ historyDepth: Int) throws -> any ServiceStore

    public init(open: @escaping @Sendable (_ location: String, _ limit: SnapshotLimit, _ historyDepth: Int) throws -> any ServiceStore) {
        self.open = open
    }
}

/// A data message on its way over one edge: to which step, as that step receives it (mapped), or the failure of
/// the edge's condition or mapper, which becomes that step's error for the message.
public struct RoutedMessage: Codable, Sendable, Equatable {
    public var target: String
    public var json: String
    /// A condition's or mapper's failure as an error event's JSON; `json` is then the message as emitted.
    public var edgeError: String?
    /// The edge whose mapper made `json` (`graph.edges[2]`), when one did.
    public var mappedBy: String?

    public init(target: String, json: String, edgeError: String? = nil, mappedBy: String? = nil) {
        self.target = target
        self.json = json
        self.edgeError = edgeError
        self.mappedBy = mappedBy
    }
}

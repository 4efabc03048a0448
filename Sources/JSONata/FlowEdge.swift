import Foundation
import JSHostCore

/// An edge of a flow as the platform runs it: where it goes, the JSONata condition that lets a message through
/// (nil: unconditional, the default edge of a step whose other edges have conditions), and the data mapper that
/// makes the next step's body (nil: the body as emitted).
public struct FlowEdge: Codable, Sendable, Equatable {
    public var target: String
    public var condition: String?
    /// The mapper as JSON text: an object whose string leaves are expressions, or one expression string.
    public var mapperJSON: String?
    /// The edge in its flow document, `graph.edges[2]`, for messages.
    public var path: String

    public init(target: String, condition: String? = nil, mapperJSON: String? = nil, path: String) {
        self.target = target
        self.condition = condition
        self.mapperJSON = mapperJSON
        self.path = path
    }

    /// Whether the edge does more than pass the message on.
    public var hasExpressions: Bool { condition != nil || mapperJSON != nil }

    /// The edge as the scripts read it.
    var json: String {
        var members = [#""target":\#(JSONString.quote(target))"#, #""path":\#(JSONString.quote(path))"#]
        if let condition { members.append(#""condition":\#(JSONString.quote(condition))"#) }
        if let mapperJSON { members.append(#""mapper":\#(mapperJSON)"#) }
        return "{" + members.joined(separator: ",") + "}"
    }
}

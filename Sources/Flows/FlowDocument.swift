import Foundation
import JSHostCore

/// One flow, as elastic.io's API v2 writes it (`{"data":{"type":"flow","id":…,"attributes":{…}}}`): its steps (graph
/// nodes), how data goes between them (edges), when it runs (cron), and per-step settings (nodes_config).
public struct FlowDocument: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var id: String
        /// `<component folder, relative to the flow file>:<function>`, or elastic.io's `<team>/<repo>:<function>@<version>`.
        public var command: String
        public var name: String?
        /// The step's cfg, as JSON text.
        public var fieldsJSON: String
        public var credentialsID: String?
        /// An error-handler step (`"error": true`), reached by an edge to `error_all`.
        public var isErrorHandler: Bool
    }

    public struct Edge: Sendable, Equatable {
        public var id: String?
        public var source: String
        public var target: String
        /// The edge's JSONata condition (elastic.io's router): the message goes this way only when it holds.
        public var condition: String?
        /// The edge's data mapper as JSON text: an object of field → expression (nested), or one expression.
        public var mapperJSON: String?
    }

    public var id: String
    public var name: String
    /// ordinary or long_running.
    public var type: String
    /// active or inactive.
    public var status: String
    /// Five fields, or six with seconds first; nil when the flow has none.
    public var cron: String?
    public var nodes: [Node]
    public var edges: [Edge]
    /// Steps whose passthrough is disabled (`nodes_config.<step>.passthrough.disabled`).
    public var passthroughDisabled: Set<String>
    /// The flow's variables (`attributes.variables`, a JSON object): what `$getFlowVariables()` and components'
    /// `this.getFlowVariables()` return.
    public var variablesJSON: String = "{}"
    /// Where the document was read from: relative commands resolve from its folder.
    public var file: String

    public var isActive: Bool { status == "active" }
}

/// What is wrong with a flow, where: the file and a JSON path into it.
public struct FlowProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// A JSON path, `$.data.attributes.graph.nodes[1].command`.
    public var path: String
    public var message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file): \(path): \(message)" }
}

extension FlowDocument {
    static let attributesPath = "$.data.attributes"

    /// Reads a flow document; what cannot be read is a problem at its path, and nothing more is checked.
    public static func read(file: String) -> Result<FlowDocument, FlowProblem> {
        func problem(_ path: String, _ message: String) -> Result<FlowDocument, FlowProblem> {
            .failure(FlowProblem(file: file, path: path, message: message))
        }
        guard let data = FileManager.default.contents(atPath: file) else { return problem("$", "cannot be read") }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return problem("$", "is not a JSON object (a flow is {\"data\":{\"type\":\"flow\",\"id\":…,\"attributes\":{…}}})")
        }
        guard let body = root["data"] as? [String: Any] else { return problem("$.data", "is missing or not an object") }
        if let type = body["type"] as? String, type != "flow" { return problem("$.data.type", "is \"\(type)\", not \"flow\"") }
        guard let id = body["id"] as? String, !id.isEmpty else { return problem("$.data.id", "is missing or not a non-empty string") }
        guard let attributes = body["attributes"] as? [String: Any] else {
            return problem(attributesPath, "is missing or not an object")
        }
        guard let graph = attributes["graph"] as? [String: Any] else {
            return problem("\(attributesPath).graph", "is missing or not an object with nodes and edges")
        }
        guard let rawNodes = graph["nodes"] as? [Any] else {
            return problem("\(attributesPath).graph.nodes", "is missing or not an array")
        }
        var nodes: [Node] = []
        for (index, raw) in rawNodes.enumerated() {
            let path = "\(attributesPath).graph.nodes[\(index)]"
            guard let node = raw as? [String: Any] else { return problem(path, "is not an object") }
            guard let nodeID = node["id"] as? String, !nodeID.isEmpty else { return problem("\(path).id", "is missing or not a non-empty string") }
            guard let command = node["command"] as? String, !command.isEmpty else {
                return problem("\(path).command", "is missing; it names the component and function, e.g. \"../components/iteration-counter:count\"")
            }
            let fields = node["fields"] ?? [String: Any]()
            guard let fieldsData = try? JSONSerialization.data(withJSONObject: fields, options: [.fragmentsAllowed, .withoutEscapingSlashes]),
                  fields is [String: Any] else {
                return problem("\(path).fields", "is not an object (it is the step's cfg)")
            }
            nodes.append(Node(id: nodeID, command: command, name: node["name"] as? String,
                              fieldsJSON: String(decoding: fieldsData, as: UTF8.self),
                              credentialsID: node["credentials_id"] as? String, isErrorHandler: node["error"] as? Bool ?? false))
        }
        let writtenEdges = Self.writtenEdges(String(decoding: data, as: UTF8.self))
        var edges: [Edge] = []
        for (index, raw) in (graph["edges"] as? [Any] ?? []).enumerated() {
            let path = "\(attributesPath).graph.edges[\(index)]"
            guard let edge = raw as? [String: Any], let source = edge["source"] as? String, let target = edge["target"] as? String else {
                return problem(path, "is not an object with a source and a target")
            }
            let config = edge["config"] as? [String: Any]
            var mapperJSON: String?
            switch config?["mapper"] {
            case let text as String where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
                mapperJSON = Self.json(text)
            case let fields as [String: Any] where !fields.isEmpty:
                // As written, so the next step's body has its fields in the mapper's order.
                mapperJSON = writtenEdges.flatMap { $0.indices.contains(index) ? $0[index] : nil }.flatMap(Self.writtenMapper) ?? Self.json(fields)
            case nil, is NSNull, is String, is [String: Any]:
                break
            default:
                return problem("\(path).config.mapper", "is neither an object of field → JSONata expression nor one expression string")
            }
            var condition: String?
            switch config?["condition"] {
            case let text as String where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty: condition = text
            case nil, is NSNull, is String: break
            default: return problem("\(path).config.condition", "is not a JSONata expression string such as \"body.amount > 100\"")
            }
            edges.append(Edge(id: edge["id"] as? String, source: source, target: target, condition: condition, mapperJSON: mapperJSON))
        }
        var variablesJSON = "{}"
        if let variables = attributes["variables"], !(variables is NSNull) {
            guard variables is [String: Any] else { return problem("\(attributesPath).variables", "is not an object of flow variables") }
            variablesJSON = Self.written(String(decoding: data, as: UTF8.self), at: ["data", "attributes", "variables"]) ?? json(variables)
        }
        var disabled = Set<String>()
        for (step, value) in attributes["nodes_config"] as? [String: Any] ?? [:] {
            if ((value as? [String: Any])?["passthrough"] as? [String: Any])?["disabled"] as? Bool == true { disabled.insert(step) }
        }
        return .success(FlowDocument(
            id: id, name: attributes["name"] as? String ?? id, type: attributes["type"] as? String ?? "ordinary",
            status: attributes["status"] as? String ?? "active", cron: attributes["cron"] as? String, nodes: nodes, edges: edges,
            passthroughDisabled: disabled, variablesJSON: variablesJSON, file: file))
    }

    /// The value at `path` (member names) in a document, as written there: keys in the order they were written.
    static func written(_ text: String, at path: [String]) -> String? {
        path.reduce(Optional(text)) { json, name in
            json.flatMap { try? JSONSyntax.membersAsWritten($0) }?.last { $0.name == name }?.json
        }
    }

    /// The edges of the document as written (`data.attributes.graph.edges`).
    static func writtenEdges(_ text: String) -> [String]? {
        written(text, at: ["data", "attributes", "graph", "edges"]).flatMap { try? JSONSyntax.elementsAsWritten($0) }
    }

    /// An edge's `config.mapper` as written.
    static func writtenMapper(_ edge: String) -> String? {
        written(edge, at: ["config", "mapper"])
    }

    /// A parsed JSON value written back as text, where the text as written is not at hand (Foundation's key order).
    static func json(_ value: Any) -> String {
        let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

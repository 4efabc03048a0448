import Foundation

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
        /// A JSONata mapper or condition on the edge; jshost refuses both for now.
        public var hasMapper: Bool
        public var hasCondition: Bool
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
        var edges: [Edge] = []
        for (index, raw) in (graph["edges"] as? [Any] ?? []).enumerated() {
            let path = "\(attributesPath).graph.edges[\(index)]"
            guard let edge = raw as? [String: Any], let source = edge["source"] as? String, let target = edge["target"] as? String else {
                return problem(path, "is not an object with a source and a target")
            }
            let config = edge["config"] as? [String: Any]
            let mapper = config?["mapper"]
            let hasMapper = (mapper as? [String: Any]).map { !$0.isEmpty } ?? (mapper is String)
            let hasCondition = config?["condition"] is String
            edges.append(Edge(id: edge["id"] as? String, source: source, target: target, hasMapper: hasMapper, hasCondition: hasCondition))
        }
        var disabled = Set<String>()
        for (step, value) in attributes["nodes_config"] as? [String: Any] ?? [:] {
            if ((value as? [String: Any])?["passthrough"] as? [String: Any])?["disabled"] as? Bool == true { disabled.insert(step) }
        }
        return .success(FlowDocument(
            id: id, name: attributes["name"] as? String ?? id, type: attributes["type"] as? String ?? "ordinary",
            status: attributes["status"] as? String ?? "active", cron: attributes["cron"] as? String, nodes: nodes, edges: edges,
            passthroughDisabled: disabled, file: file))
    }
}

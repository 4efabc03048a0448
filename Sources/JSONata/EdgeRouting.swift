import Foundation
import JSHostCore

/// A condition or mapper that failed on a message (or does not compile): the edge's JSON path and field, the
/// expression, and JSONata's error.
public struct EdgeExpressionError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// `graph.edges[2].config.mapper.total`.
    public var path: String
    public var expression: String
    public var code: String
    public var message: String
    public var position: Int?
    public var token: String?

    public init(path: String, expression: String, code: String, message: String, position: Int? = nil, token: String? = nil) {
        self.path = path
        self.expression = expression
        self.code = code
        self.message = message
        self.position = position
        self.token = token
    }

    public var jsonata: JSONataError { JSONataError(code: code, message: message, position: position, token: token) }

    /// `graph.edges[2].config.mapper.total: T2001 at 7: The left side of the + operator must evaluate to a number`.
    public var description: String { "\(path): \(jsonata)" }

    /// As sailor's error events are written: `{"name","message",…}` with JSONata's fields beside, in that order.
    public var eventJSON: String {
        var members = [
            #""name":"JSONataError""#, #""message":\#(JSONString.quote("\(path): \(code): \(message)"))"#, #""code":\#(JSONString.quote(code))"#,
        ]
        if let position { members.append(#""position":\#(position)"#) }
        if let token { members.append(#""token":\#(JSONString.quote(token))"#) }
        members.append(#""expression":\#(JSONString.quote(expression))"#)
        members.append(#""path":\#(JSONString.quote(path))"#)
        return "{" + members.joined(separator: ",") + "}"
    }
}

/// Where one emitted message goes over its step's edges.
public struct EdgeRouting: Sendable, Equatable {
    public struct Delivery: Sendable, Equatable {
        /// The edge's index among the step's edges given to `route`.
        public var edge: Int
        /// The message the next step receives (its body mapped), or the condition's or mapper's failure.
        public var result: Result<String, EdgeExpressionError>
    }

    public var deliveries: [Delivery]
    /// No condition held and the step has no default edge: the message goes nowhere.
    public var unrouted: Bool
}

extension JSONataEngine {
    /// The syntax errors of the edges' conditions and mappers, each with its JSON path.
    public func check(edges: [FlowEdge]) throws(JSONataError) -> [EdgeExpressionError] {
        let text = try call(checkRoutesFunction, [.string("[" + edges.map(\.json).joined(separator: ",") + "]")])
        guard let problems = try? JSONDecoder().decode([EdgeExpressionError].self, from: Data(text.utf8)) else {
            throw JSONataError(code: "U1000", message: "unexpected reply from the checker: \(text.prefix(200))")
        }
        return problems
    }

    /// Routes `messageJSON` (the message as the next steps would receive it unmapped, passthrough included) over
    /// one step's `edges`: the router's rules, then each chosen edge's mapper.
    public func route(_ messageJSON: String, over edges: [FlowEdge], flowVariablesJSON: String?) throws(JSONataError) -> EdgeRouting {
        try route([messageJSON], over: edges, flowVariablesJSON: flowVariablesJSON)[0]
    }

    /// Routes each of `messages` as `route(_:over:flowVariablesJSON:)` does, up to `messagesPerCall` in one call
    /// into the engine; the time limit applies to each message.
    public func route(_ messages: [String], over edges: [FlowEdge], flowVariablesJSON: String?) throws(JSONataError) -> [EdgeRouting] {
        var routings: [EdgeRouting] = []
        for start in stride(from: 0, to: messages.count, by: Self.messagesPerCall) {
            routings += try routeInOneCall(Array(messages[start..<min(start + Self.messagesPerCall, messages.count)]), over: edges,
                                           flowVariablesJSON: flowVariablesJSON)
        }
        return routings
    }

    /// As many as a service's worker runs in a group: the engine's deadline for a call stays a minute at most with
    /// the default limit.
    static let messagesPerCall = 64

    private func routeInOneCall(_ messages: [String], over edges: [FlowEdge], flowVariablesJSON: String?) throws(JSONataError) -> [EdgeRouting] {
        guard !messages.isEmpty else { return [] }
        if edges != routedEdges {
            routedEdges = edges
            routedEdgesJSON = "[" + edges.map(\.json).joined(separator: ",") + "]"
        }
        let text = try call(routeFunction, [
            .string(routedEdgesJSON), .string("[" + messages.joined(separator: ",") + "]"), .optionalString(flowVariablesJSON),
            .number(Double(limits.maxDepth)), .number(timeoutMilliseconds), .number(Double(limits.maxResultBytes)),
        ], calls: messages.count)
        var routings = Array(repeating: EdgeRouting(deliveries: [], unrouted: false), count: messages.count)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 3)
            guard parts.count >= 2, let message = Int(parts[1]), routings.indices.contains(message) else {
                throw JSONataError(code: "U1000", message: "unexpected reply from the router: \(line.prefix(200))")
            }
            if parts[0] == "U" {
                routings[message].unrouted = true
                continue
            }
            guard parts.count == 4, let edge = Int(parts[2]) else {
                throw JSONataError(code: "U1000", message: "unexpected reply from the router: \(line.prefix(200))")
            }
            if parts[0] == "M" {
                routings[message].deliveries.append(.init(edge: edge, result: .success(String(parts[3]))))
            } else {
                guard let error = try? JSONDecoder().decode(EdgeExpressionError.self, from: Data(parts[3].utf8)) else {
                    throw JSONataError(code: "U1000", message: "unexpected reply from the router: \(line.prefix(200))")
                }
                routings[message].deliveries.append(.init(edge: edge, result: .failure(error)))
            }
        }
        return routings
    }
}

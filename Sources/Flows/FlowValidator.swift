import ComponentRuntime
import Foundation
import JSONata

/// Checks a folder of flows and lists every problem with its file and JSON path: files that are not flows,
/// duplicate ids, commands naming an unknown component or function, edges to unknown steps, JSONata conditions and
/// mappers that do not compile, two default edges of one router step, a graph with a cycle or that does not start at
/// a trigger, a bad cron.
public struct FlowValidator {
    public var folder: String
    /// Where elastic.io-style commands (`team/repo:function`) find their components.
    public var componentsFolder: String?

    public init(folder: String, componentsFolder: String? = nil) {
        self.folder = folder
        self.componentsFolder = componentsFolder
    }

    /// The flow files of the folder (`*.json`), sorted.
    public func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
            .map { URL(fileURLWithPath: folder).appendingPathComponent($0).path }
    }

    /// Every flow that reads, and every problem found.
    public func check() throws -> (flows: [FlowDocument], problems: [FlowProblem]) {
        var flows: [FlowDocument] = [], problems: [FlowProblem] = []
        var seenIDs: [String: String] = [:]
        let expressions = ExpressionCompiler()
        for file in try files() {
            switch FlowDocument.read(file: file) {
            case .failure(let problem):
                problems.append(problem)
            case .success(let flow):
                if let first = seenIDs[flow.id] {
                    problems.append(FlowProblem(file: file, path: "$.data.id", message: "flow id \"\(flow.id)\" is also the id of \(first)"))
                } else {
                    seenIDs[flow.id] = file
                }
                problems += check(flow, expressions: expressions)
                flows.append(flow)
            }
        }
        return (flows, problems)
    }

    /// What works but may surprise: a flow or step id with characters a URL must percent-encode (a space, a
    /// non-ASCII letter): `jshost serve` decodes them in its paths, but every caller has to encode them.
    public func warnings(_ flow: FlowDocument) -> [FlowProblem] {
        var warnings: [FlowProblem] = []
        func needsEncoding(_ id: String) -> Bool {
            !id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-._~".unicodeScalars.contains($0)) }
        }
        func encoded(_ id: String) -> String {
            id.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? id
        }
        if needsEncoding(flow.id) {
            warnings.append(FlowProblem(file: flow.file, path: "$.data.id", message: "flow id \"\(flow.id)\" must be percent-encoded in URLs (/hook/\(encoded(flow.id))); letters, digits, - . _ ~ need no encoding"))
        }
        for (index, node) in flow.nodes.enumerated() where needsEncoding(node.id) {
            warnings.append(FlowProblem(file: flow.file, path: "\(FlowDocument.attributesPath).graph.nodes[\(index)].id", message: "step id \"\(node.id)\" must be percent-encoded in URLs (\(encoded(node.id))); letters, digits, - . _ ~ need no encoding"))
        }
        return warnings
    }

    /// The problems of one flow.
    public func check(_ flow: FlowDocument) -> [FlowProblem] {
        check(flow, expressions: ExpressionCompiler())
    }

    func check(_ flow: FlowDocument, expressions: ExpressionCompiler) -> [FlowProblem] {
        var problems: [FlowProblem] = []
        func problem(_ path: String, _ message: String) {
            problems.append(FlowProblem(file: flow.file, path: "\(FlowDocument.attributesPath).\(path)", message: message))
        }
        if let cron = flow.cron {
            do { _ = try CronSchedule(cron) } catch { problem("cron", error.description) }
        }
        if flow.nodes.isEmpty { problem("graph.nodes", "the flow has no steps") }
        var kinds: [String: ComponentDescriptor.Function.Kind] = [:]
        var nodeIndex: [String: Int] = [:]
        for (index, node) in flow.nodes.enumerated() {
            if nodeIndex[node.id] != nil {
                problem("graph.nodes[\(index)].id", "step id \"\(node.id)\" is used twice")
                continue
            }
            nodeIndex[node.id] = index
            switch ComponentCommand.resolve(node.command, flowFile: flow.file, componentsFolder: componentsFolder) {
            case .failure(let failure):
                problem("graph.nodes[\(index)].command", failure.description)
            case .success(let command):
                do {
                    let descriptor = try ComponentDescriptor(directory: command.componentDirectory)
                    kinds[node.id] = try descriptor.function(named: command.function).kind
                } catch {
                    problem("graph.nodes[\(index)].command", "\(node.command): \(error.message)")
                }
            }
        }
        var next: [String: [String]] = [:]
        var incoming: Set<String> = []
        for (index, edge) in flow.edges.enumerated() {
            let errorEdge = edge.target == "error_all"
            if nodeIndex[edge.source] == nil { problem("graph.edges[\(index)].source", "no step has the id \"\(edge.source)\"") }
            if !errorEdge && nodeIndex[edge.target] == nil { problem("graph.edges[\(index)].target", "no step has the id \"\(edge.target)\"") }
            guard !errorEdge else { continue }
            next[edge.source, default: []].append(edge.target)
            incoming.insert(edge.target)
        }
        let starts = flow.nodes.filter { !incoming.contains($0.id) && !$0.isErrorHandler }
        if !flow.nodes.isEmpty && starts.isEmpty { problem("graph", "no step starts the flow: every step has an edge into it") }
        for start in starts {
            if let kind = kinds[start.id], kind != .trigger, let index = nodeIndex[start.id] {
                problem("graph.nodes[\(index)].command", "step \"\(start.id)\" starts the flow but \(start.command) is an action; a flow starts at a trigger")
            }
        }
        if let cycle = Self.cycle(in: flow.nodes.map(\.id), next: next) {
            problem("graph.edges", "the steps form a cycle: \(cycle.joined(separator: " → "))")
        }
        problems += expressionProblems(flow, expressions)
        return problems
    }

    /// Each condition and mapper expression that does not compile (with JSONata's code, the position and a caret
    /// under the token), and a step with conditional edges and more than one default edge.
    func expressionProblems(_ flow: FlowDocument, _ expressions: ExpressionCompiler) -> [FlowProblem] {
        var problems: [FlowProblem] = []
        for node in flow.nodes {
            let outgoing = flow.edges.enumerated().filter { $0.element.source == node.id && $0.element.target != "error_all" }
            guard outgoing.contains(where: { $0.element.condition != nil }) else { continue }
            let defaults = outgoing.filter { $0.element.condition == nil }
            if defaults.count > 1 {
                problems.append(FlowProblem(file: flow.file, path: "\(FlowDocument.attributesPath).graph.edges[\(defaults[1].offset)]",
                                            message: "step \"\(node.id)\" has conditional edges and more than one edge without a condition (edges \(defaults.map { String($0.offset) }.joined(separator: ", "))); a step routes to at most one default edge: give the others a condition"))
            }
        }
        let edges = flow.edges.indices.compactMap { index in flow.forwardingEdge(at: index) }.filter(\.hasExpressions)
        guard !edges.isEmpty else { return problems }
        let failures: [EdgeExpressionError]
        do {
            failures = try expressions.syntaxErrors(of: edges)
        } catch {
            return problems + [FlowProblem(file: flow.file, path: "\(FlowDocument.attributesPath).graph.edges",
                                           message: "its conditions and mappers could not be checked: \(error)")]
        }
        for failure in failures {
            let message = "\(failure.jsonata)\n" + failure.jsonata.pointer(in: failure.expression).split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + $0 }.joined(separator: "\n")
            problems.append(FlowProblem(file: flow.file, path: "\(FlowDocument.attributesPath).\(failure.path)", message: message))
        }
        return problems
    }

    /// A cycle among the edges, as the steps along it, or nil.
    static func cycle(in ids: [String], next: [String: [String]]) -> [String]? {
        var state: [String: Int] = [:] // 1: on the current path, 2: done
        var path: [String] = []
        func visit(_ id: String) -> [String]? {
            if state[id] == 2 { return nil }
            if state[id] == 1 { return Array(path[(path.firstIndex(of: id) ?? 0)...]) + [id] }
            state[id] = 1
            path.append(id)
            for target in next[id] ?? [] { if let found = visit(target) { return found } }
            path.removeLast()
            state[id] = 2
            return nil
        }
        for id in ids { if let found = visit(id) { return found } }
        return nil
    }
}

/// Compiles flows' expressions in one JSONata engine, made when the first flow with expressions needs it: a
/// folder of flows is checked with one engine, not one each.
final class ExpressionCompiler {
    private var engine: JSONataEngine?

    func syntaxErrors(of edges: [FlowEdge]) throws -> [EdgeExpressionError] {
        if engine == nil { engine = try JSONataEngine() }
        return try engine!.check(edges: edges)
    }
}

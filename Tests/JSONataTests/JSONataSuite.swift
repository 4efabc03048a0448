import Foundation
import SnapshotStore
import JSHostCore

/// JSONata's own language-neutral test suite (jsonata-js v1.8.8's data), read in place from ../shared.
struct JSONataSuite {
    struct Case: Sendable {
        /// `group/caseNNN.json`, with `#i` when the file holds several.
        var name: String
        var expression: String
        /// The input as JSON text; nil: undefined.
        var inputJSON: String?
        var bindingsJSON: String?
        var timeLimitMilliseconds: Int?
        var depth: Int?
        var expected: Expected
        /// The result is an array whose order the suite does not fix.
        var unordered: Bool
    }

    enum Expected: Sendable {
        case value(JSONValue)
        case undefined
        case error(code: String)
    }

    static let root: URL = {
        let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return project.deletingLastPathComponent().appendingPathComponent("shared/jsonata-test-suite")
    }()

    static func load() throws -> [Case] {
        let fm = FileManager.default
        var datasets: [String: String] = [:]
        for file in try fm.contentsOfDirectory(atPath: root.appendingPathComponent("datasets").path) where file.hasSuffix(".json") {
            let data = try Data(contentsOf: root.appendingPathComponent("datasets/\(file)"))
            datasets[String(file.dropLast(5))] = String(decoding: data, as: UTF8.self)
        }
        var cases: [Case] = []
        let groups = root.appendingPathComponent("groups")
        for group in try fm.contentsOfDirectory(atPath: groups.path).sorted() {
            let folder = groups.appendingPathComponent(group)
            for file in try fm.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".json") {
                let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent(file)), as: UTF8.self)
                let parsed = try JSONSerialization.jsonObject(with: Data(withoutLoneSurrogates(text).utf8))
                let entries = parsed as? [[String: Any]] ?? [parsed as? [String: Any] ?? [:]]
                // The data as written, so an input keeps its key order (Foundation's parser does not keep it, and
                // JSONata's answers can depend on it).
                let written = withoutLoneSurrogates(text)
                let rawEntries = (try? JSONSyntax.elementsAsWritten(written)) ?? [written]
                for (index, entry) in entries.enumerated() {
                    let members = (try? JSONSyntax.membersAsWritten(rawEntries[index])) ?? []
                    let raw = Dictionary(members.map { ($0.name, $0.json) }, uniquingKeysWith: { first, _ in first })
                    let name = "\(group)/\(file)" + (entries.count > 1 ? "#\(index)" : "")
                    var expression = entry["expr"] as? String ?? ""
                    if let exprFile = entry["expr-file"] as? String {
                        expression = String(decoding: try Data(contentsOf: folder.appendingPathComponent(exprFile)), as: UTF8.self)
                    }
                    var input: String?
                    if let data = raw["data"] {
                        input = data
                    } else if let dataset = entry["dataset"] as? String {
                        input = datasets[dataset]
                    }
                    let bindings = (entry["bindings"] as? [String: Any]).flatMap { $0.isEmpty ? nil : raw["bindings"] }
                    let expected: Expected
                    if let code = entry["code"] as? String {
                        expected = .error(code: code)
                    } else if let error = entry["error"] as? [String: Any], let code = error["code"] as? String {
                        expected = .error(code: code)
                    } else if entry["undefinedResult"] as? Bool == true || !entry.keys.contains("result") {
                        expected = .undefined
                    } else {
                        expected = .value(try JSONValue.parse(try json(entry["result"]!)))
                    }
                    cases.append(Case(name: name, expression: expression, inputJSON: input, bindingsJSON: bindings,
                                      timeLimitMilliseconds: entry["timelimit"] as? Int, depth: entry["depth"] as? Int,
                                      expected: expected, unordered: entry["unordered"] as? Bool ?? false))
                }
            }
        }
        return cases
    }

    /// A Swift string cannot hold a lone UTF-16 surrogate (two cases' expressions are one): its escape becomes
    /// U+FFFD, and those cases are listed as differences.
    static func withoutLoneSurrogates(_ text: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"(?<!\\)\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"#)
        return pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: #"\\uFFFD"#)
    }

    private static func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]), as: UTF8.self)
    }
}

/// A JSON value compared by type and value (`true` is not `1`), key order ignored.
enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}

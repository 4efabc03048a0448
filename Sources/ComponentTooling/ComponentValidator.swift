import JSHostCore
import Foundation
import ComponentRuntime
import NodeCompat

/// `jshost validate`: checks component.json the way elasticio-cli's `cmp:validate` does, and lists every problem.
public struct ComponentValidator {
    public let directory: String
    /// What the component's top-level code may touch while its modules are loaded to check their exports; `jshost
    /// validate` passes what `jshost run` grants. Without it: the component's folder readable, nothing writable.
    public let permissions: Permissions?
    /// `process.env` while modules load: empty unless the caller passes one.
    public let environment: [String: String]

    public init(directory: String, permissions: Permissions? = nil, environment: [String: String] = [:]) {
        self.environment = environment
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.permissions = permissions
    }

    public struct Problem: Sendable, CustomStringConvertible, Equatable {
        /// Where: `component.json`, `triggers.x`, a metadata file…
        public var place: String
        public var message: String
        public var description: String { "\(place): \(message)" }
    }

    static let idPattern = try! NSRegularExpression(pattern: "^[A-Za-z]+[\\w_]*$")

    public func problems() -> [Problem] {
        var problems: [Problem] = []
        let file = directory + "/component.json"
        guard let data = FileManager.default.contents(atPath: file) else {
            return [Problem(place: "component.json", message: "missing; a component folder holds component.json")]
        }
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                return [Problem(place: "component.json", message: "the top level must be an object")]
            }
            root = object
        } catch {
            return [Problem(place: "component.json", message: "not valid JSON (\(JSONText.describe(error)))")]
        }

        var seen: [String: String] = [:]
        var functions: [(kind: String, name: String, definition: [String: Any])] = []
        for kind in ["triggers", "actions"] {
            guard let value = root[kind] else { continue }
            guard let map = value as? [String: Any] else {
                problems.append(Problem(place: "component.json", message: "\"\(kind)\" must be an object mapping ids to definitions"))
                continue
            }
            for name in map.keys.sorted() {
                let place = "\(kind).\(name)"
                let range = NSRange(name.startIndex..., in: name)
                if Self.idPattern.firstMatch(in: name, range: range) == nil {
                    problems.append(Problem(place: place, message: "id \"\(name)\" must match ^[A-Za-z]+[\\w_]*$ (a letter first, then letters, digits or _)"))
                }
                if let other = seen[name] {
                    problems.append(Problem(place: place, message: "id \"\(name)\" is also used by \(other).\(name); ids must be unique across triggers and actions"))
                }
                seen[name] = kind
                guard let definition = map[name] as? [String: Any] else {
                    problems.append(Problem(place: place, message: "must be an object with at least \"main\""))
                    continue
                }
                functions.append((kind, name, definition))
            }
        }
        if functions.isEmpty && problems.isEmpty {
            problems.append(Problem(place: "component.json", message: "defines no triggers or actions"))
        }

        // Only the functions with a main file can be loaded; describe those directly, so one broken
        // definition does not stop the others from being checked.
        let loadable = functions.compactMap { function -> ComponentDescriptor.Function? in
            guard let main = function.definition["main"] as? String, !main.isEmpty else { return nil }
            return ComponentDescriptor.Function(name: function.name, kind: function.kind == "triggers" ? .trigger : .action, main: main)
        }
        let descriptor = ComponentDescriptor(directory: directory, triggers: loadable.filter { $0.kind == .trigger },
                                             actions: loadable.filter { $0.kind == .action })
        let host = makeHost(descriptor)
        for function in functions {
            problems += check(function.kind, function.name, function.definition,
                              loadable: loadable.first { $0.name == function.name && ($0.kind == .trigger) == (function.kind == "triggers") },
                              host: host)
        }
        return problems
    }

    private func makeHost(_ descriptor: ComponentDescriptor) -> ComponentHost? {
        var configuration = HostConfiguration()
        configuration.timeout = .seconds(20)
        configuration.logLevel = "fatal"
        configuration.workingDirectory = directory
        configuration.environment = environment
        configuration.stderr = { _ in }
        configuration.permissions = permissions ?? Permissions(readable: [directory], writable: [])
        configuration.permissions.namesFlags = true
        return try? ComponentHost(component: descriptor, configuration: configuration, onEvent: { _ in })
    }

    private func check(_ kind: String, _ name: String, _ definition: [String: Any],
                       loadable: ComponentDescriptor.Function?, host: ComponentHost?) -> [Problem] {
        let place = "\(kind).\(name)"
        var problems: [Problem] = []
        // Exports are looked up only when the file exists and loads.
        var exports: Set<String>?
        if let main = definition["main"] as? String, !main.isEmpty {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(main).standardizedFileURL.path
            if !FileManager.default.fileExists(atPath: path) {
                problems.append(Problem(place: place, message: "main file \(main) does not exist"))
            } else if let host, let function = loadable {
                do {
                    let names = try host.exportedFunctionNames(of: function)
                    exports = names
                    if !names.contains("process") {
                        problems.append(Problem(place: place, message: "\(main) does not export process (exports.process = function (msg, cfg, snapshot) {…})"))
                    }
                } catch {
                    problems.append(Problem(place: place, message: "\(main) cannot be loaded: \(error)"))
                }
            }
        } else {
            problems.append(Problem(place: place, message: "has no \"main\" file"))
        }

        if let metadata = definition["metadata"] {
            if let map = metadata as? [String: Any] {
                for direction in ["in", "out"] {
                    guard let schema = map[direction] else { continue }
                    problems += checkSchema(schema, place: "\(place).metadata.\(direction)")
                }
            } else {
                problems.append(Problem(place: place, message: "\"metadata\" must be an object with \"in\" and/or \"out\""))
            }
        }

        if let fields = definition["fields"] as? [String: Any] {
            for fieldName in fields.keys.sorted() {
                guard let field = fields[fieldName] as? [String: Any], let model = field["model"] as? String else { continue }
                if let exports, !exports.contains(model) {
                    problems.append(Problem(place: "\(place).fields.\(fieldName)", message: "select model function \(model) is not exported by its main file"))
                }
            }
        }
        if definition["dynamicMetadata"] as? Bool == true, let exports, !exports.contains("getMetaModel") {
            problems.append(Problem(place: place, message: "dynamicMetadata is set but getMetaModel is not exported"))
        }
        return problems
    }

    private func checkSchema(_ schema: Any, place: String) -> [Problem] {
        guard let path = schema as? String else {
            return JSONSchemaCheck.problems(in: schema).map { Problem(place: place, message: $0) }
        }
        let file = URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: file) else {
            return [Problem(place: place, message: "schema file \(path) does not exist")]
        }
        do {
            let value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return JSONSchemaCheck.problems(in: value).map { Problem(place: place, message: "\(path): \($0)") }
        } catch {
            return [Problem(place: place, message: "schema file \(path) is not valid JSON (\(JSONText.describe(error)))")]
        }
    }
}

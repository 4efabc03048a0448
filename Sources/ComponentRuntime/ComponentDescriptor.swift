import Foundation

/// component.json as sailor reads it: the trigger and action definitions and their `main` files.
public struct ComponentDescriptor: Sendable {
    public struct Function: Sendable, Equatable {
        public enum Kind: String, Sendable { case trigger, action }
        public var name: String
        public var kind: Kind
        /// `main` as written in component.json (e.g. `./lib/triggers/x.js`).
        public var main: String
        /// Select-model function names and getMetaModel are looked up on this file's exports.
        public var dynamicMetadata: Bool

        public init(name: String, kind: Kind, main: String, dynamicMetadata: Bool = false) {
            self.name = name
            self.kind = kind
            self.main = main
            self.dynamicMetadata = dynamicMetadata
        }
    }

    /// Absolute path of the component folder.
    public var directory: String
    /// The folder's name; the default step id is `<name>.<function>`.
    public var name: String { URL(fileURLWithPath: directory).lastPathComponent }
    public var title: String?
    public var triggers: [Function]
    public var actions: [Function]

    /// A component described directly (tools that must cope with a component.json `init(directory:)` refuses).
    public init(directory: String, title: String? = nil, triggers: [Function], actions: [Function]) {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.title = title
        self.triggers = triggers
        self.actions = actions
    }

    /// Reads `<directory>/component.json`.
    public init(directory: String) throws(ComponentError) {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.directory = absolute
        let file = absolute + "/component.json"
        guard let data = FileManager.default.contents(atPath: file) else {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) {
                throw .usage("component folder \(directory) does not exist; pass the folder that holds component.json")
            }
            if !isDirectory.boolValue {
                let parent = URL(fileURLWithPath: absolute).deletingLastPathComponent().path
                throw .usage("\(directory) is a file, not a component folder; pass the folder that holds component.json (perhaps \(parent))")
            }
            throw .load("Failed to load component.json from \(absolute): the file is missing")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .load("Failed to load component.json from \(absolute): not valid JSON (\(Self.describe(error)))")
        }
        guard let root = json as? [String: Any] else {
            throw .load("Failed to load component.json from \(absolute): the top level must be an object")
        }
        title = root["title"] as? String
        triggers = try Self.functions(root["triggers"], kind: .trigger, file: file)
        actions = try Self.functions(root["actions"], kind: .action, file: file)
    }

    private static func functions(_ value: Any?, kind: Function.Kind, file: String) throws(ComponentError) -> [Function] {
        guard let value else { return [] }
        guard let map = value as? [String: Any] else {
            throw .load("\(file): \"\(kind.rawValue)s\" must be an object mapping names to definitions")
        }
        var result: [Function] = []
        for name in map.keys.sorted() {
            guard let definition = map[name] as? [String: Any], let main = definition["main"] as? String, !main.isEmpty else {
                throw .load("\(file): \(kind.rawValue) \"\(name)\" has no \"main\" file")
            }
            result.append(Function(name: name, kind: kind, main: main,
                                   dynamicMetadata: definition["dynamicMetadata"] as? Bool ?? false))
        }
        return result
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }

    /// sailor's lookup: triggers first, then actions. With no name, the component's only function.
    public func function(named name: String?) throws(ComponentError) -> Function {
        guard let name else {
            let all = triggers + actions
            if all.count == 1 { return all[0] }
            if all.isEmpty { throw .load("component.json in \(directory) defines no triggers or actions") }
            throw .usage("component \(self.name) has \(all.count) functions (\(all.map(\.name).joined(separator: ", "))); choose one with --function")
        }
        if let trigger = triggers.first(where: { $0.name == name }) { return trigger }
        if let action = actions.first(where: { $0.name == name }) { return action }
        let known = (triggers + actions).map(\.name).joined(separator: ", ")
        throw .usage("Trigger or action \"\(name)\" is not found in component.json! (it has: \(known.isEmpty ? "none" : known))")
    }

    /// Absolute path of a function's main file, as sailor joins it onto the component root.
    public func mainPath(of function: Function) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(function.main).standardizedFileURL.path
    }
}

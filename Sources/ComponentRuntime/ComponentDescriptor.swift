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
        /// component.json's `type` of a trigger: `polling` for one a schedule fires; a webhook's otherwise.
        public var triggerType: String?

        public init(name: String, kind: Kind, main: String, dynamicMetadata: Bool = false, triggerType: String? = nil) {
            self.name = name
            self.kind = kind
            self.main = main
            self.dynamicMetadata = dynamicMetadata
            self.triggerType = triggerType
        }

        public var isPolling: Bool { kind == .trigger && triggerType == "polling" }
    }

    /// Absolute path of the component folder.
    public var directory: String
    /// The folder's name; the default step id is `<name>.<function>`.
    public var name: String { URL(fileURLWithPath: directory).lastPathComponent }
    public var title: String?
    public var triggers: [Function]
    public var actions: [Function]
    /// Definitions that cannot be run (no `main`), by name, with the reason. As sailor resolves only the function
    /// being run, they fail that function alone; `validate` reports them.
    public var unloadable: [String: String] = [:]

    /// A component described directly (tools that must cope with a component.json `init(directory:)` refuses).
    public init(directory: String, title: String? = nil, triggers: [Function], actions: [Function]) {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.title = title
        self.triggers = triggers
        self.actions = actions
    }

    /// Where a flow's `platform/router:route` step points: elastic.io's content-based router, which jshost runs
    /// without a component (the step passes its message on; its edges' conditions route it).
    public static let platformRouterDirectory = "/jshost:platform/router"

    /// The platform's router step: one action, `route`, with no code.
    public var isPlatformRouter: Bool { directory == Self.platformRouterDirectory }

    /// Reads `<directory>/component.json`.
    public init(directory: String) throws(ComponentError) {
        if directory == Self.platformRouterDirectory {
            self = ComponentDescriptor(directory: directory, title: "Content-based router", triggers: [],
                                       actions: [Function(name: "route", kind: .action, main: "")])
            return
        }
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
        var unloadable: [String: String] = [:]
        triggers = try Self.functions(root["triggers"], kind: .trigger, file: file, unloadable: &unloadable)
        actions = try Self.functions(root["actions"], kind: .action, file: file, unloadable: &unloadable)
        self.unloadable = unloadable
    }

    private static func functions(_ value: Any?, kind: Function.Kind, file: String,
                                  unloadable: inout [String: String]) throws(ComponentError) -> [Function] {
        guard let value else { return [] }
        guard let map = value as? [String: Any] else {
            throw .load("\(file): \"\(kind.rawValue)s\" must be an object mapping names to definitions")
        }
        var result: [Function] = []
        for name in map.keys.sorted() {
            guard let definition = map[name] as? [String: Any], let main = definition["main"] as? String, !main.isEmpty else {
                if unloadable[name] == nil { unloadable[name] = "\(file): \(kind.rawValue) \"\(name)\" has no \"main\" file" }
                continue
            }
            result.append(Function(name: name, kind: kind, main: main,
                                   dynamicMetadata: definition["dynamicMetadata"] as? Bool ?? false,
                                   triggerType: definition["type"] as? String))
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
            let names = (all.map(\.name) + unloadable.keys).sorted()
            if names.count == 1, let only = all.first { return only }
            if names.count == 1, let problem = unloadable.values.first { throw .load(problem) }
            if names.isEmpty { throw .load("component.json in \(directory) defines no triggers or actions") }
            var error = ComponentError.usage("component \(self.name) has \(names.count) functions (\(names.joined(separator: ", "))); choose one")
            error.choices = names
            throw error
        }
        if let trigger = triggers.first(where: { $0.name == name }) { return trigger }
        if let action = actions.first(where: { $0.name == name }) { return action }
        if let problem = unloadable[name] { throw .load(problem) }
        let known = ((triggers + actions).map(\.name) + unloadable.keys).sorted().joined(separator: ", ")
        throw .usage("Trigger or action \"\(name)\" is not found in component.json! (it has: \(known.isEmpty ? "none" : known))")
    }

    /// Absolute path of a function's main file, as sailor joins it onto the component root.
    public func mainPath(of function: Function) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(function.main).standardizedFileURL.path
    }
}

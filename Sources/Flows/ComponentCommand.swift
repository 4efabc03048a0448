import ComponentRuntime
import Foundation

/// What a node's `command` names: a component folder and one of its functions. A command that starts with `.` or
/// `/` is a path (relative to the flow file's folder) and a function, `../components/iteration-counter:count`;
/// anything else is elastic.io's `<team>/<repo>:<function>@<version>`, found as `<repo>` in the components folder
/// given to serve (the version is not checked: the folder holds the one there is). `platform/router:route` is the
/// platform's content-based router, which needs no component.
public struct ComponentCommand: Sendable, Equatable {
    public var componentDirectory: String
    public var function: String

    public static func resolve(_ command: String, flowFile: String, componentsFolder: String?) -> Result<ComponentCommand, CommandProblem> {
        guard let colon = command.lastIndex(of: ":"), colon != command.startIndex,
              command.index(after: colon) != command.endIndex else {
            return .failure(CommandProblem("\"\(command)\" is not <component>:<function>, e.g. \"../components/iteration-counter:count\""))
        }
        let target = String(command[..<colon])
        var function = String(command[command.index(after: colon)...])
        if target.hasPrefix(".") || target.hasPrefix("/") {
            let base = URL(fileURLWithPath: flowFile).deletingLastPathComponent()
            let folder = target.hasPrefix("/") ? URL(fileURLWithPath: target) : base.appendingPathComponent(target)
            return .success(ComponentCommand(componentDirectory: folder.standardizedFileURL.path, function: function))
        }
        if let at = function.firstIndex(of: "@") { function = String(function[..<at]) }
        if target == "platform/router" || target == "elasticio/router" {
            return .success(ComponentCommand(componentDirectory: ComponentDescriptor.platformRouterDirectory, function: function))
        }
        guard let repository = target.split(separator: "/").last.map(String.init), !repository.isEmpty else {
            return .failure(CommandProblem("\"\(command)\" names no repository"))
        }
        guard let componentsFolder else {
            return .failure(CommandProblem("\"\(command)\" is an elastic.io component name; give the folder that holds \(repository)/ as the components folder"))
        }
        let folder = URL(fileURLWithPath: componentsFolder).appendingPathComponent(repository).standardizedFileURL.path
        return .success(ComponentCommand(componentDirectory: folder, function: function))
    }
}

/// Why a command names no component.
public struct CommandProblem: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

import ComponentRuntime
import Foundation
import Logging

/// What the container's two entry points (`jshost sailor` and its service mode) share: sailor's log, where the
/// component is, and how it is hosted.
enum ContainerHosting {
    /// sailor's own log lines (name `sailor`), at `LOG_LEVEL`.
    static func logger(_ environment: [String: String], write: @escaping @Sendable (String) -> Void) -> Logger {
        let level = JSONLineLogHandler.level(named: environment["LOG_LEVEL"] ?? "info") ?? .info
        return Logger(label: "sailor") { _ in JSONLineLogHandler(name: "sailor", level: level, write: write) }
    }

    /// `COMPONENT_PATH` joined onto the working folder, as sailor's `path.join` does; an absolute path that only
    /// exists as itself is taken as it is.
    static func componentDirectory(_ path: String, workingDirectory: String) -> String {
        let joined = URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).standardizedFileURL.path
        if path.hasPrefix("/"), !FileManager.default.fileExists(atPath: joined + "/component.json"),
           FileManager.default.fileExists(atPath: path + "/component.json") {
            return path
        }
        return joined
    }

    /// As a container hosts a component: the whole environment, no sandbox, no time limit (sailor has none).
    static func configuration(_ environment: [String: String], workingDirectory: String,
                              write: @escaping @Sendable (String) -> Void) -> HostConfiguration {
        var configuration = HostConfiguration()
        configuration.timeout = .seconds(10 * 365 * 24 * 3600)
        configuration.enginePolicesTimeout = false
        configuration.environment = environment
        configuration.workingDirectory = workingDirectory
        configuration.logLevel = environment["LOG_LEVEL"] ?? "info"
        configuration.stderr = write
        return configuration
    }
}

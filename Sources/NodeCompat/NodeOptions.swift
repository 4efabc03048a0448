import Foundation
import JSHostCore

/// What a Node-compatible context sees of its host.
public struct NodeOptions: Sendable {
    /// `process.env`.
    public var environment: [String: String]
    /// `process.argv`.
    public var arguments: [String]
    /// `process.cwd()` and the base for relative paths.
    public var workingDirectory: String
    /// When set, `Date.now()` and `new Date()` return this instant.
    public var frozenNow: Date?
    /// Where console output and process.stderr go. Defaults to the process's stderr.
    public var stderr: @Sendable (String) -> Void
    /// Folders of system JS packages that back some builtins (`buffer`, `stream`, `string_decoder`):
    /// Debian installs them under /usr/share/nodejs.
    public var libraryRoots: [String] = ["/usr/share/nodejs"]
    /// What `fs` may read and write and where the network may go (see Permissions).
    public var permissions: Permissions = .unrestricted
    /// Where paths under `/tmp` lead: the step's own folder (also its `os.tmpdir()`), so a component that writes
    /// `/tmp/data`, as it may in its container, reaches neither the machine's `/tmp` nor another step's files.
    /// nil: `/tmp` is the machine's.
    public var temporaryFolder: String?
    /// Which Node's behaviour the component gets where Node 20 and 24 differ: 20, or 24 (see `nodeMajor(forEngines:)`).
    public var nodeMajor = 20
    /// `process.abort()` ends the process with SIGABRT, as Node's does. Off by default: a process that hosts one
    /// run reports it as an exit with code 134; a supervised worker, whose supervisor restarts it, aborts.
    public var abortEndsProcess = false

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        arguments: [String] = [CommandLine.arguments.first ?? "jshost"],
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        frozenNow: Date? = nil,
        stderr: @escaping @Sendable (String) -> Void = StandardStreams.writeStderr
    ) {
        self.environment = environment
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.frozenNow = frozenNow
        self.stderr = stderr
    }
}

extension NodeOptions {
    /// The Node a component asks for. elastic.io builds each component's image with the `engines.node` of its
    /// package.json: a range whose first major is 22 or later (`24.x`, `>=22`, `^22.1`) gets Node 24's behaviour,
    /// anything else, or no range, Node 20's.
    public static func nodeMajor(forEngines range: String?) -> Int {
        guard let range, let digits = range.split(whereSeparator: { !$0.isNumber }).first, let major = Int(digits) else { return 20 }
        return major >= 22 ? 24 : 20
    }

    /// `nodeMajor(forEngines:)` of the package.json in `directory`.
    public static func nodeMajor(forComponentAt directory: String) -> Int {
        guard let data = FileManager.default.contents(atPath: directory + "/package.json"),
              let package = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let engines = package["engines"] as? [String: Any] else { return 20 }
        return nodeMajor(forEngines: engines["node"] as? String)
    }
}

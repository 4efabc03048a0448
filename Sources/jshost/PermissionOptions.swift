import ArgumentParser
import Foundation
import NodeCompat
import JSHostCore

/// Deno-style permissions for component code: by default read under the component's folder, write under the
/// step's scratch folder (also its os.tmpdir()), use the network. jshost's state folder is never reachable.
struct PermissionOptions: ParsableArguments {
    @Option(name: .customLong("allow-read"), help: ArgumentHelp("Also let the component read these paths (comma-separated).", valueName: "paths"))
    var allowRead: [String] = []

    @Option(name: .customLong("allow-write"), help: ArgumentHelp("Also let the component write these paths (comma-separated).", valueName: "paths"))
    var allowWrite: [String] = []

    @Option(name: .customLong("allow-net"), help: ArgumentHelp("Only these hosts may be reached over the network (comma-separated).", valueName: "hosts"))
    var allowNet: [String] = []

    @Flag(name: .customLong("deny-net"), help: "No network access at all.")
    var denyNet = false

    func validate() throws {
        if denyNet && !allowNet.isEmpty { throw ValidationError("--deny-net and --allow-net contradict each other; keep one") }
    }

    static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    /// The step's scratch folder: `<state dir>/scratch/<flow>/<step>`, created when needed.
    static func scratchDirectory(stateDirectory: String, key: StepKey) -> String {
        let safe = { (text: String) in text.map { $0 == "/" ? "_" : String($0) }.joined() }
        let path = URL(fileURLWithPath: stateDirectory).appendingPathComponent("scratch")
            .appendingPathComponent(safe(key.flow)).appendingPathComponent(safe(key.step)).path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func permissions(componentDirectory: String, scratch: String, stateDirectory: String) -> Permissions {
        let hosts: [String]? = denyNet ? [] : (allowNet.isEmpty ? nil : Self.split(allowNet))
        // The whole state folder is out of reach (and every folder above it may not be removed or renamed), but
        // for the step's own scratch folder inside it.
        var permissions = Permissions(readable: [componentDirectory] + Self.split(allowRead),
                                      writable: [scratch] + Self.split(allowWrite), networkHosts: hosts,
                                      forbidden: [stateDirectory], forbiddenExceptions: [scratch])
        permissions.namesFlags = true
        return permissions
    }
}

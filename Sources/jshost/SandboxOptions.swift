import ArgumentParser
import Foundation
import NodeCompat

/// The sandbox of the commands that run component code without a step of their own (verify, model, validate):
/// exactly what `jshost run` grants (the component's folder readable, a scratch folder writable, the same
/// --allow-* flags, the state folder never reachable), with a scratch folder that lasts as long as the command.
struct SandboxOptions: ParsableArguments {
    @OptionGroup var access: PermissionOptions

    @Option(help: ArgumentHelp("The state folder to keep out of reach (default: $JSHOST_STATE_DIR, else .jshost in the current folder).",
                               valueName: "dir"))
    var stateDir: String?

    /// Runs `body` with the permissions and the scratch folder (also TMPDIR), which is removed afterwards.
    func withSandbox<T>(componentDirectory: String, _ body: (Permissions, String) throws -> T) throws -> T {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-scratch-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let permissions = access.permissions(componentDirectory: componentDirectory, scratch: scratch,
                                             stateDirectory: StateOptions.directory(explicit: stateDir))
        return try body(permissions, scratch)
    }
}

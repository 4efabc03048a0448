import Foundation

/// A folder of one test's own, removed when the value is released (keep it alive for as long as the test uses what
/// is in it: a store's file, a component). Under the system's temporary folder unless `base` says otherwise.
public final class ScratchFolder: Sendable {
    public let root: String

    /// A new folder named `prefix-<uuid>` under `base`, holding `files` (relative path → contents).
    public init(_ prefix: String = "jshost-test", base: String = FileManager.default.temporaryDirectory.path,
                files: [String: String] = [:]) throws {
        root = URL(fileURLWithPath: base).appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (relative, contents) in files { try write(relative, contents) }
    }

    /// `relative` inside the folder.
    public func path(_ relative: String) -> String { root + "/" + relative }

    /// Writes a file, making the folders on its way.
    public func write(_ relative: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

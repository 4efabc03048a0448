import Foundation

/// Identifies one flow step's snapshot.
public struct StepKey: Hashable, Sendable, CustomStringConvertible {
    public var flow: String
    public var step: String
    public init(flow: String, step: String) {
        self.flow = flow
        self.step = step
    }
    public var description: String { "\(flow)/\(step)" }

    /// Why `id` cannot name a flow or a step, or nil. Ids name folders (a step's scratch folder) and appear in
    /// paths and lines of output, so they may not be paths, empty, or hold control characters.
    public static func problem(with id: String, what: String) -> String? {
        if id.isEmpty { return "\(what) id is empty" }
        if id == "." || id == ".." { return "\(what) id '\(id)' is not allowed: ids name folders and may not be . or .." }
        if id.contains("/") || id.contains("\\") { return "\(what) id '\(id)' may not contain / or \\: ids are names, not paths" }
        if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "\(what) id \(id.debugDescription) may not contain control characters"
        }
        if id.utf8.count > 255 { return "\(what) id is \(id.utf8.count) bytes long; at most 255 are allowed" }
        return nil
    }

    /// The first problem with this key's ids, or nil.
    public var problem: String? {
        Self.problem(with: flow, what: "flow") ?? Self.problem(with: step, what: "step")
    }
}

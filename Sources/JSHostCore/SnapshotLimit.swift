import Foundation

/// The size cap on a stored snapshot: the UTF-8 bytes of its JSON text. elastic.io documents 5 KB.
public struct SnapshotLimit: Sendable, Equatable {
    public var bytes: Int
    /// How the caller's users raise the limit (the command line: its option), added to every violation's words.
    public var advice: String?
    public init(bytes: Int, advice: String? = nil) {
        self.bytes = bytes
        self.advice = advice
    }

    /// elastic.io's documented limit, 5 KB (5,120 bytes).
    public static let elasticio = SnapshotLimit(bytes: 5 * 1024)

    /// Why `json` may not be stored, or nil when it fits.
    public func violation(for json: String) -> SnapshotLimitViolation? {
        let size = json.utf8.count
        guard size > bytes else { return nil }
        return SnapshotLimitViolation(size: size, limit: bytes, largestKeys: Self.largestTopLevelKeys(json), advice: advice)
    }

    /// The top-level keys of a JSON object with the byte size of each value's JSON, largest first (at most 3).
    public static func largestTopLevelKeys(_ json: String) -> [(key: String, bytes: Int)] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) as? [String: Any] else {
            return []
        }
        let sizes = object.map { key, value -> (key: String, bytes: Int) in
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])
            return (key, data?.count ?? 0)
        }
        return Array(sizes.sorted { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.key < $1.key }.prefix(3))
    }
}

/// An oversize snapshot: its size, the limit, and where the bytes are.
public struct SnapshotLimitViolation: Error, Sendable, CustomStringConvertible {
    public var size: Int
    public var limit: Int
    public var largestKeys: [(key: String, bytes: Int)]
    public var advice: String?

    public var description: String {
        var text = "snapshot is \(size) bytes, over the \(limit)-byte limit"
        if !largestKeys.isEmpty {
            text += "; largest top-level keys: " + largestKeys.map { "\($0.key) (\($0.bytes) bytes)" }.joined(separator: ", ")
        }
        return text + "; keep less state in the snapshot" + (advice.map { " or \($0)" } ?? "")
    }
}

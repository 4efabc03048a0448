import JSHostCore
import Foundation

/// Differences between two snapshot values (JSON text, nil for "nothing stored"): for people as a line diff of
/// canonical JSON, for programs as an RFC 6902 JSON Patch that turns the first into the second.
public enum SnapshotDiff {
    /// A line diff; empty when the values are equal.
    public static func readable(from old: String?, to new: String?, oldLabel: String, newLabel: String) -> String {
        LineDiff.unified(expected: render(old), actual: render(new), expectedLabel: oldLabel, actualLabel: newLabel, context: 1000)
    }

    private static func render(_ json: String?) -> String {
        guard let json else { return "(nothing stored)" }
        return (try? JSONText.parse(json)).map { JSONText.canonical($0) } ?? json
    }

    /// RFC 6902 operations as a JSON array.
    public static func jsonPatch(from old: String?, to new: String?) -> String {
        let before = old.flatMap { try? JSONText.parse($0) }
        let after = new.flatMap { try? JSONText.parse($0) }
        var operations: [[String: Any]] = []
        switch (before, after) {
        case (nil, nil): break
        case (nil, let value?): operations.append(["op": "add", "path": "", "value": value])
        case (_?, nil): operations.append(["op": "remove", "path": ""])
        case (let a?, let b?): diff(a, b, path: "", into: &operations)
        }
        return JSONText.compact(operations)
    }

    static func diff(_ a: Any, _ b: Any, path: String, into operations: inout [[String: Any]]) {
        if let left = a as? [String: Any], let right = b as? [String: Any] {
            for key in left.keys.sorted() where right[key] == nil {
                operations.append(["op": "remove", "path": path + "/" + escape(key)])
            }
            for key in right.keys.sorted() {
                if let old = left[key] {
                    diff(old, right[key]!, path: path + "/" + escape(key), into: &operations)
                } else {
                    operations.append(["op": "add", "path": path + "/" + escape(key), "value": right[key]!])
                }
            }
        } else if let left = a as? [Any], let right = b as? [Any] {
            let common = min(left.count, right.count)
            for index in 0..<common { diff(left[index], right[index], path: "\(path)/\(index)", into: &operations) }
            // Remove from the end so earlier indices stay valid while the patch is applied.
            for index in stride(from: left.count - 1, through: common, by: -1) {
                operations.append(["op": "remove", "path": "\(path)/\(index)"])
            }
            for index in common..<max(common, right.count) {
                operations.append(["op": "add", "path": "\(path)/\(index)", "value": right[index]])
            }
        } else if JSONText.compact(a) != JSONText.compact(b) {
            operations.append(["op": "replace", "path": path, "value": b])
        }
    }

    /// JSON Pointer escaping (RFC 6901).
    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

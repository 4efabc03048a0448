import Foundation

/// JSON parsing and canonical printing (sorted keys, two-space indent) for golden files and reports.
public enum JSONText {
    public static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// Deterministic pretty JSON (sorted keys, two-space indent, `{}` and `[]` when empty), so golden files
    /// read well and diff line by line.
    public static func canonical(_ value: Any, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case let object as [String: Any]:
            if object.isEmpty { return "{}" }
            let members = object.keys.sorted().map { "\(inner)\(compact($0)): \(canonical(object[$0]!, indent: inner))" }
            return "{\n" + members.joined(separator: ",\n") + "\n\(indent)}"
        case let array as [Any]:
            if array.isEmpty { return "[]" }
            return "[\n" + array.map { inner + canonical($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        default:
            return compact(value)
        }
    }

    public static func compact(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(
            withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func describe(_ error: Error) -> String {
        ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? error.localizedDescription
    }
}

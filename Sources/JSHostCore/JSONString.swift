import Foundation

/// JSON string literals built by hand (log lines, reports), cheaper than JSONSerialization on cold paths.
public enum JSONString {
    /// A JSON string literal, escaped as JSON.stringify escapes it (JSONSyntax's writer).
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        JSONSyntax.Writer.writeString(text.utf16, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The string a JSON string literal holds; nil when `json` is not one.
    public static func unquote(_ json: String) -> String? {
        guard let array = try? JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String] else { return nil }
        return array.first
    }
}

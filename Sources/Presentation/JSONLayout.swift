/// JSON laid out for people as Node's `JSON.stringify(value, null, 2)` lays it out, members in the order they were
/// written (the text is re-indented, never parsed into a dictionary), numbers and escapes as written, strings longer
/// than a limit folded, and colour by kind when asked.
public enum JSONLayout {
    /// The text re-indented; text that is not JSON is returned as it is.
    public static func indented(_ text: String, foldStringsOver limit: Int? = nil, paint: Paint = .plain) -> String {
        let bytes = Array(text.utf8)
        var out = ""
        var depth = 0
        var index = 0
        func newline() { out += "\n" + String(repeating: "  ", count: depth) }
        func nextSignificant(_ from: Int) -> UInt8? {
            var i = from
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
            return i < bytes.count ? bytes[i] : nil
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close: UInt8 = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if nextSignificant(index + 1) == close {
                    out += byte == UInt8(ascii: "{") ? "{}" : "[]"
                    index += 1
                    while index < bytes.count, bytes[index] != close { index += 1 }
                    index += 1
                } else {
                    out += String(UnicodeScalar(byte))
                    depth += 1
                    newline()
                    index += 1
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth = max(depth - 1, 0)
                newline()
                out += String(UnicodeScalar(byte))
                index += 1
            case UInt8(ascii: ","):
                out += ","
                newline()
                index += 1
            case UInt8(ascii: ":"):
                out += ": "
                index += 1
            case UInt8(ascii: "\""):
                var end = index + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard end < bytes.count else { return text }
                let token = String(decoding: bytes[index...end], as: UTF8.self)
                let isKey = nextSignificant(end + 1) == UInt8(ascii: ":")
                out += isKey ? token : paint.green(fold(token, limit, paint))
                index = end + 1
            default:
                var end = index
                while end < bytes.count, !",:]} \t\n\r".utf8.contains(bytes[end]) { end += 1 }
                guard end > index else { return text }
                let token = String(decoding: bytes[index..<end], as: UTF8.self)
                out += ["true", "false", "null"].contains(token) ? paint.magenta(token) : paint.yellow(token)
                index = end
            }
        }
        return depth == 0 ? out : text
    }

    /// A string token cut to `limit` characters of its content, with how much was left out.
    static func fold(_ token: String, _ limit: Int?, _ paint: Paint) -> String {
        guard let limit else { return token }
        let content = token.dropFirst().dropLast()
        guard content.count > limit else { return token }
        var kept = content.prefix(limit)
        // Never cut an escape in half.
        if let slash = kept.lastIndex(of: "\\"), kept.distance(from: slash, to: kept.endIndex) < 6 { kept = kept[..<slash] }
        return "\"" + kept + "…\"" + paint.dim(" (\(content.count - kept.count) more characters)")
    }
}

/// The members and elements of a JSON text as written, so an input keeps the key order of its file (Foundation's
/// parser does not keep it, and JSONata's answers can depend on it).
enum RawJSON {
    /// An object's members as (name, value text); nil when the text is not an object.
    static func members(_ text: String) -> [(name: String, value: String)]? {
        let chars = Array(text.unicodeScalars)
        var i = 0
        skipSpace(chars, &i)
        guard i < chars.count, chars[i] == "{" else { return nil }
        i += 1
        var result: [(String, String)] = []
        while true {
            skipSpace(chars, &i)
            if i < chars.count, chars[i] == "}" { return result }
            guard i < chars.count, chars[i] == "\"" else { return nil }
            let nameStart = i
            skipValue(chars, &i)
            let name = String(String.UnicodeScalarView(chars[(nameStart + 1)..<(i - 1)]))
            skipSpace(chars, &i)
            guard i < chars.count, chars[i] == ":" else { return nil }
            i += 1
            skipSpace(chars, &i)
            let valueStart = i
            skipValue(chars, &i)
            result.append((name, String(String.UnicodeScalarView(chars[valueStart..<i]))))
            skipSpace(chars, &i)
            if i < chars.count, chars[i] == "," { i += 1 }
        }
    }

    /// An array's elements as text; nil when the text is not an array.
    static func elements(_ text: String) -> [String]? {
        let chars = Array(text.unicodeScalars)
        var i = 0
        skipSpace(chars, &i)
        guard i < chars.count, chars[i] == "[" else { return nil }
        i += 1
        var result: [String] = []
        while true {
            skipSpace(chars, &i)
            if i >= chars.count || chars[i] == "]" { return result }
            let start = i
            skipValue(chars, &i)
            result.append(String(String.UnicodeScalarView(chars[start..<i])))
            skipSpace(chars, &i)
            if i < chars.count, chars[i] == "," { i += 1 }
        }
    }

    private static func skipSpace(_ chars: [Unicode.Scalar], _ i: inout Int) {
        while i < chars.count, chars[i] == " " || chars[i] == "\n" || chars[i] == "\t" || chars[i] == "\r" { i += 1 }
    }

    private static func skipValue(_ chars: [Unicode.Scalar], _ i: inout Int) {
        guard i < chars.count else { return }
        if chars[i] == "\"" {
            i += 1
            while i < chars.count, chars[i] != "\"" { i += chars[i] == "\\" ? 2 : 1 }
            i += 1
            return
        }
        if chars[i] == "{" || chars[i] == "[" {
            var depth = 0
            repeat {
                if chars[i] == "\"" {
                    skipValue(chars, &i)
                    continue
                }
                if chars[i] == "{" || chars[i] == "[" { depth += 1 }
                if chars[i] == "}" || chars[i] == "]" { depth -= 1 }
                i += 1
            } while i < chars.count && depth > 0
            return
        }
        while i < chars.count, !",}] \n\t\r".unicodeScalars.contains(chars[i]) { i += 1 }
    }
}

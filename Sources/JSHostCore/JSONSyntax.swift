import Foundation

/// JSON text as RFC 8259 defines it, checked and rewritten by jshost's own reader: no nesting limit (Foundation's
/// parser stops at 512 levels), and strings may hold any escape the grammar allows, lone surrogates such as
/// `\ud83d` included (JavaScript's well-formed JSON.stringify writes them when a string was cut inside an emoji).
public enum JSONSyntax {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// Byte offset into the UTF-8 text.
        public var offset: Int
        public var reason: String
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Nil when `text` is one JSON value (whitespace around it allowed), else where and why it is not.
    public static func check(_ text: String) -> Failure? {
        var copy = text
        return copy.withUTF8 { bytes -> Failure? in
            var reader = Reader(bytes: bytes)
            do throws(Failure) { try reader.skipValue(); return nil } catch { return error }
        }
    }

    /// The canonical form of a JSON value, the same for every way of writing it (RFC 8785's rules): no whitespace,
    /// object members sorted by the UTF-16 units of their names (the last of duplicate names kept, as JSON.parse
    /// does), strings escaped as JSON.stringify escapes them, numbers written as JavaScript writes them.
    public static func canonical(_ text: String) throws(Failure) -> String {
        try rewrite(text, sortingKeys: true)
    }

    /// The value without insignificant whitespace, members in their order: what JSON.stringify would write for it.
    public static func compact(_ text: String) throws(Failure) -> String {
        try rewrite(text, sortingKeys: false)
    }

    /// The members of a JSON object, each value in compact form; nil when the text is JSON but not an object.
    public static func members(_ text: String) throws(Failure) -> [(name: String, json: String)]? {
        var copy = text
        let result: Result<[(name: String, json: String)]?, Failure> = copy.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            do throws(Failure) {
                guard case .object(let members) = try reader.parseDocument() else { return .success(nil) }
                let writer = Writer(sortingKeys: false)
                var list: [(name: String, json: String)] = []
                for member in members {
                    var out: [UInt8] = []
                    try writer.write(member.value, into: &out, depth: 1)
                    list.append((String(decoding: member.name, as: UTF16.self), String(decoding: out, as: UTF8.self)))
                }
                return .success(list)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The members of a JSON object, each value's text as it is written there (compact when the text is, as
    /// JSON.stringify writes it), without building the values: for passing messages on, where every key keeps
    /// its order and nothing needs rewriting. Nil when the text is JSON but not an object.
    public static func membersAsWritten(_ text: String) throws(Failure) -> [(name: String, json: String)]? {
        try containerAsWritten(text, opening: "{", closing: "}", kind: "an object") { reader throws(Failure) in
            guard reader.index < reader.bytes.count, reader.bytes[reader.index] == UInt8(ascii: "\"") else {
                throw reader.fail("expected a member name in double quotes")
            }
            let name = String(decoding: try reader.string(collect: true), as: UTF16.self)
            reader.skipWhitespace()
            guard reader.index < reader.bytes.count, reader.bytes[reader.index] == UInt8(ascii: ":") else {
                throw reader.fail("expected : after a member name")
            }
            reader.index += 1
            reader.skipWhitespace()
            return (name, try reader.valueAsWritten())
        }
    }

    /// The elements of a JSON array, each as written there (see `membersAsWritten`). Nil when the text is JSON but
    /// not an array.
    public static func elementsAsWritten(_ text: String) throws(Failure) -> [String]? {
        try containerAsWritten(text, opening: "[", closing: "]", kind: "an array") { reader throws(Failure) in try reader.valueAsWritten() }
    }

    /// The items of the object or array `text` is, each read by `item` from where it starts; nil when the text is
    /// another JSON value.
    private static func containerAsWritten<Item>(_ text: String, opening: Unicode.Scalar, closing: Unicode.Scalar, kind: String,
                                                 item: (inout Reader) throws(Failure) -> Item) throws(Failure) -> [Item]? {
        var copy = text
        let result: Result<[Item]?, Failure> = copy.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            do throws(Failure) {
                reader.skipWhitespace()
                guard reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: opening) else {
                    try reader.skipValue()
                    return .success(nil)
                }
                reader.index += 1
                var list: [Item] = []
                reader.skipWhitespace()
                if reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: closing) {
                    reader.index += 1
                } else {
                    while true {
                        reader.skipWhitespace()
                        list.append(try item(&reader))
                        reader.skipWhitespace()
                        guard reader.index < bytes.count else { throw reader.fail("unexpected end of the text inside \(kind)") }
                        if bytes[reader.index] == UInt8(ascii: ",") { reader.index += 1; continue }
                        if bytes[reader.index] == UInt8(ascii: closing) { reader.index += 1; break }
                        throw reader.fail("expected , or \(closing) in \(kind)")
                    }
                }
                reader.skipWhitespace()
                guard reader.index == bytes.count else { throw reader.fail("unexpected text after the JSON value") }
                return .success(list)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func rewrite(_ text: String, sortingKeys: Bool) throws(Failure) -> String {
        var copy = text
        let result: Result<String, Failure> = copy.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            do throws(Failure) {
                let value = try reader.parseDocument()
                var out: [UInt8] = []
                out.reserveCapacity(bytes.count)
                try Writer(sortingKeys: sortingKeys).write(value, into: &out, depth: 0)
                return .success(String(decoding: out, as: UTF8.self))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// A parsed value; strings are kept as UTF-16 units so lone surrogates survive.
    indirect enum Value {
        case literal([UInt8])
        case number(Double)
        case string([UInt16])
        case array([Value])
        case object([(name: [UInt16], value: Value)])
    }

    /// Canonical writing recurses; deeper than this it refuses rather than risk the stack.
    static let maximumRewriteDepth = 10_000
}

extension JSONSyntax {
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func fail(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

        /// The value that starts here, as written (trailing whitespace left out), moving past it.
        mutating func valueAsWritten() throws(Failure) -> String {
            let start = index
            try skipValue(whole: false)
            var end = index
            while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        /// Checks one document without building it, with an explicit stack: any depth. With `whole` false, stops
        /// after the first value, wherever it ends.
        mutating func skipValue(whole: Bool = true) throws(Failure) {
            // For each open container: true for an object.
            var open: [Bool] = []
            skipWhitespace()
            while true {
                // A value is expected here.
                guard index < bytes.count else { throw fail("unexpected end of the text, a value was expected") }
                switch bytes[index] {
                case UInt8(ascii: "{"):
                    index += 1
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; break }
                    open.append(true)
                    try memberName()
                    continue
                case UInt8(ascii: "["):
                    index += 1
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; break }
                    open.append(false)
                    skipWhitespace()
                    continue
                default:
                    try scalar()
                }
                // After a value: close containers, or go on to the next element.
                while true {
                    skipWhitespace()
                    guard let isObject = open.last else {
                        guard index == bytes.count || !whole else { throw fail("unexpected text after the JSON value") }
                        return
                    }
                    guard index < bytes.count else { throw fail("unexpected end of the text inside \(isObject ? "an object" : "an array")") }
                    let byte = bytes[index]
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        skipWhitespace()
                        if isObject { try memberName() }
                        break
                    }
                    if byte == UInt8(ascii: isObject ? "}" : "]") { index += 1; open.removeLast(); continue }
                    throw fail(isObject ? "expected , or } in an object" : "expected , or ] in an array")
                }
                skipWhitespace()
            }
        }

        /// `"name" :` with the whitespace after it.
        private mutating func memberName() throws(Failure) {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes") }
            _ = try string(collect: false)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected : after a member name") }
            index += 1
            skipWhitespace()
        }

        private mutating func scalar() throws(Failure) {
            switch bytes[index] {
            case UInt8(ascii: "\""): _ = try string(collect: false)
            case UInt8(ascii: "t"): try word("true")
            case UInt8(ascii: "f"): try word("false")
            case UInt8(ascii: "n"): try word("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try number()
            default: throw fail("unexpected character, a value was expected")
            }
        }

        private mutating func word(_ text: StaticString) throws(Failure) {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count,
                  (0..<count).allSatisfy({ bytes[index + $0] == text.utf8Start[$0] }) else { throw fail("unexpected word") }
            index += count
        }

        /// The number's text, checked against the grammar.
        mutating func number() throws(Failure) -> ArraySlice<UInt8> {
            let start = index
            func digits() -> Int {
                let first = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - first
            }
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count else { throw fail("a number needs digits") }
            if bytes[index] == UInt8(ascii: "0") { index += 1 } else if digits() == 0 { throw fail("a number needs digits") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw fail("a number needs digits after its decimal point") }
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw fail("a number needs digits in its exponent") }
            }
            return ArraySlice(bytes[start..<index])
        }

        /// A string literal; with `collect`, its UTF-16 units.
        mutating func string(collect: Bool) throws(Failure) -> [UInt16] {
            index += 1
            var units: [UInt16] = []
            var runStart = index
            func flushRun(_ end: Int) {
                guard collect, end > runStart else { return }
                units.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<end]), as: UTF8.self).utf16)
            }
            while true {
                guard index < bytes.count else { throw fail("unterminated string") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    flushRun(index)
                    index += 1
                    return units
                }
                if byte < 0x20 { throw fail("a control character must be escaped inside a string") }
                if byte != UInt8(ascii: "\\") { index += 1; continue }
                flushRun(index)
                index += 1
                guard index < bytes.count else { throw fail("unterminated string") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""): units.append(0x22)
                case UInt8(ascii: "\\"): units.append(0x5C)
                case UInt8(ascii: "/"): units.append(0x2F)
                case UInt8(ascii: "b"): units.append(0x08)
                case UInt8(ascii: "f"): units.append(0x0C)
                case UInt8(ascii: "n"): units.append(0x0A)
                case UInt8(ascii: "r"): units.append(0x0D)
                case UInt8(ascii: "t"): units.append(0x09)
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count else { throw fail("\\u needs four hex digits") }
                    var unit: UInt16 = 0
                    for offset in 0..<4 {
                        guard let digit = Self.hexValue(bytes[index + offset]) else { throw fail("\\u needs four hex digits") }
                        unit = unit << 4 | UInt16(digit)
                    }
                    index += 4
                    units.append(unit)
                default:
                    throw fail("unknown escape in a string")
                }
                runStart = index
            }
        }

        static func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }

        /// The whole text as one value (checked first, so building it never meets bad syntax half-way).
        mutating func parseDocument() throws(Failure) -> Value {
            try skipValue()
            index = 0
            skipWhitespace()
            return try parseValue(depth: 0)
        }

        private mutating func parseValue(depth: Int) throws(Failure) -> Value {
            guard depth < JSONSyntax.maximumRewriteDepth else {
                throw fail("nested more than \(JSONSyntax.maximumRewriteDepth) levels deep")
            }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(name: [UInt16], value: Value)] = []
                skipWhitespace()
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                while true {
                    skipWhitespace()
                    let name = try string(collect: true)
                    skipWhitespace()
                    index += 1 // :
                    skipWhitespace()
                    members.append((name, try parseValue(depth: depth + 1)))
                    skipWhitespace()
                    let separator = bytes[index]
                    index += 1
                    if separator == UInt8(ascii: "}") { return .object(members) }
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [Value] = []
                skipWhitespace()
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                while true {
                    skipWhitespace()
                    elements.append(try parseValue(depth: depth + 1))
                    skipWhitespace()
                    let separator = bytes[index]
                    index += 1
                    if separator == UInt8(ascii: "]") { return .array(elements) }
                }
            case UInt8(ascii: "\""):
                return .string(try string(collect: true))
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let start = index
                try scalar()
                return .literal(Array(bytes[start..<index]))
            default:
                let text = try number()
                return .number(Double(String(decoding: text, as: UTF8.self)) ?? 0)
            }
        }
    }

    struct Writer {
        var sortingKeys: Bool

        func write(_ value: Value, into out: inout [UInt8], depth: Int) throws(Failure) {
            switch value {
            case .literal(let bytes): out += bytes
            case .number(let number): out += Array(JSONNumber.javascriptText(number).utf8)
            case .string(let units): Self.writeString(units, into: &out)
            case .array(let elements):
                out.append(UInt8(ascii: "["))
                for (position, element) in elements.enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    try write(element, into: &out, depth: depth + 1)
                }
                out.append(UInt8(ascii: "]"))
            case .object(let members):
                var chosen = members
                if sortingKeys {
                    // The last of duplicate names wins, as in JSON.parse; then order by UTF-16 units.
                    var last: [[UInt16]: Int] = [:]
                    for (position, member) in members.enumerated() { last[member.name] = position }
                    chosen = members.enumerated().filter { last[$0.element.name] == $0.offset }.map(\.element)
                    chosen.sort { $0.name.lexicographicallyPrecedes($1.name) }
                }
                out.append(UInt8(ascii: "{"))
                for (position, member) in chosen.enumerated() {
                    if position > 0 { out.append(UInt8(ascii: ",")) }
                    Self.writeString(member.name, into: &out)
                    out.append(UInt8(ascii: ":"))
                    try write(member.value, into: &out, depth: depth + 1)
                }
                out.append(UInt8(ascii: "}"))
            }
        }

        /// As JSON.stringify writes a string: `"` and `\` escaped, control characters as short escapes or \u00xx,
        /// lone surrogates as \udxxx, everything else as UTF-8. jshost's one JSON string escaper.
        static func writeString<Units: Collection<UInt16>>(_ units: Units, into out: inout [UInt8]) {
            let hex = Array("0123456789abcdef".utf8)
            func escapeUnit(_ unit: UInt16) {
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "u"))
                for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int(unit >> UInt16(shift)) & 0xF]) }
            }
            func escaped(_ letter: Unicode.Scalar) {
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: letter))
            }
            out.append(UInt8(ascii: "\""))
            var position = units.startIndex
            while position != units.endIndex {
                let unit = units[position]
                units.formIndex(after: &position)
                switch unit {
                case 0x22: escaped("\"")
                case 0x5C: escaped("\\")
                case 0x08: escaped("b")
                case 0x0C: escaped("f")
                case 0x0A: escaped("n")
                case 0x0D: escaped("r")
                case 0x09: escaped("t")
                case 0..<0x20: escapeUnit(unit)
                case 0x20..<0x80: out.append(UInt8(unit))
                case 0x80..<0x800:
                    out.append(UInt8(0xC0 | (unit >> 6)))
                    out.append(UInt8(0x80 | (unit & 0x3F)))
                case 0xD800...0xDBFF where position != units.endIndex && (0xDC00...0xDFFF).contains(units[position]):
                    let scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(units[position]) - 0xDC00)
                    units.formIndex(after: &position)
                    out.append(UInt8(0xF0 | (scalar >> 18)))
                    out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
                    out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                    out.append(UInt8(0x80 | (scalar & 0x3F)))
                case 0xD800...0xDFFF: escapeUnit(unit)
                default:
                    out.append(UInt8(0xE0 | (unit >> 12)))
                    out.append(UInt8(0x80 | ((unit >> 6) & 0x3F)))
                    out.append(UInt8(0x80 | (unit & 0x3F)))
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }
}

/// Numbers as JavaScript's Number.prototype.toString writes them (ECMA-262 Number::toString), from the shortest
/// digits that read back as the same double.
enum JSONNumber {
    static func javascriptText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        let negative = value < 0
        // Swift's description is the shortest round-trip form: "1.5", "1e-07", "1.2345e+20", "100.0".
        let text = "\(abs(value))"
        var mantissa = Substring(text), exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        // n: the position of the decimal point relative to the digits.
        var n = whole.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); n -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let k = digits.count
        var out: String
        if k <= n && n <= 21 {
            out = digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            out = String(digits.prefix(n)) + "." + String(digits.dropFirst(n))
        } else if -6 < n && n <= 0 {
            out = "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            let sign = e < 0 ? "-" : "+"
            out = String(digits.prefix(1)) + (k > 1 ? "." + String(digits.dropFirst()) : "") + "e" + sign + String(abs(e))
        }
        return negative ? "-" + out : out
    }
}

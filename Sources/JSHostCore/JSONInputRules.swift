/// What jshost refuses in JSON that comes from outside (a webhook's body, an API document) although the grammar
/// allows it, because JavaScript would change it silently: a name twice in one object (JSON.parse keeps the last),
/// a number beyond a double's range (`1e400` becomes Infinity, then `null` when written again), and nesting deeper
/// than the service takes (deep enough for any real document; deeper ones only cost the stack).
public struct JSONInputRules: Sendable {
    public var maximumDepth: Int

    public init(maximumDepth: Int = JSONInputRules.defaultMaximumDepth) {
        self.maximumDepth = maximumDepth
    }

    /// Nesting levels a request's JSON may have (an array or object in another is two levels).
    public static let defaultMaximumDepth = 1_000

    public enum Violation: Error, Sendable, CustomStringConvertible, Equatable {
        case syntax(JSONSyntax.Failure)
        case tooDeep(limit: Int, offset: Int)
        case duplicateName(String, offset: Int)
        case numberOutOfRange(String, offset: Int)

        public var description: String {
            switch self {
            case .syntax(let failure):
                return "is not valid JSON: \(failure)"
            case .tooDeep(let limit, let offset):
                return "is nested more than \(limit) levels deep (at byte \(offset)); jshost takes JSON up to \(limit) levels"
            case .duplicateName(let name, let offset):
                return "has the member name \(Self.shown(name)) twice in one object (at byte \(offset)); JavaScript would keep only the last, so send each name once"
            case .numberOutOfRange(let text, let offset):
                return "has the number \(Self.shown(text)) (at byte \(offset)), beyond what JavaScript can hold; send it as a string"
            }
        }

        private static func shown(_ text: String) -> String {
            let cut = text.count > 60 ? String(text.prefix(60)) + "…" : text
            return "\"" + cut + "\""
        }

        public static func == (a: Violation, b: Violation) -> Bool { a.description == b.description }
    }

    /// Nil when `text` is one JSON value that keeps every rule; else the first violation, with its byte offset.
    public func check(_ text: String) -> Violation? {
        var copy = text
        return copy.withUTF8 { bytes -> Violation? in
            var walker = Walker(reader: JSONSyntax.Reader(bytes: bytes), rules: self)
            do throws(Violation) { try walker.walk(); return nil } catch { return error }
        }
    }

    /// One pass over the text with an explicit stack (no recursion, whatever the depth): each open object keeps
    /// the names it has seen.
    private struct Walker {
        var reader: JSONSyntax.Reader
        let rules: JSONInputRules
        /// For each open container: its names when an object, nil for an array.
        var open: [Set<[UInt16]>?] = []

        init(reader: JSONSyntax.Reader, rules: JSONInputRules) {
            self.reader = reader
            self.rules = rules
        }

        var bytes: UnsafeBufferPointer<UInt8> { reader.bytes }

        func syntax(_ reason: String) -> Violation { .syntax(reader.fail(reason)) }

        mutating func walk() throws(Violation) {
            reader.skipWhitespace()
            while true {
                guard reader.index < bytes.count else { throw syntax("unexpected end of the text, a value was expected") }
                switch bytes[reader.index] {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let isObject = bytes[reader.index] == UInt8(ascii: "{")
                    guard open.count < rules.maximumDepth else { throw .tooDeep(limit: rules.maximumDepth, offset: reader.index) }
                    reader.index += 1
                    reader.skipWhitespace()
                    if reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: isObject ? "}" : "]") {
                        reader.index += 1
                        break
                    }
                    open.append(isObject ? [] : nil)
                    if isObject { try memberName() }
                    continue
                default:
                    try scalar()
                }
                // After a value: close containers, or go on to the next element.
                while true {
                    reader.skipWhitespace()
                    guard let last = open.last else {
                        guard reader.index == bytes.count else { throw syntax("unexpected text after the JSON value") }
                        return
                    }
                    let isObject = last != nil
                    guard reader.index < bytes.count else {
                        throw syntax("unexpected end of the text inside \(isObject ? "an object" : "an array")")
                    }
                    let byte = bytes[reader.index]
                    if byte == UInt8(ascii: ",") {
                        reader.index += 1
                        reader.skipWhitespace()
                        if isObject { try memberName() }
                        break
                    }
                    if byte == UInt8(ascii: isObject ? "}" : "]") { reader.index += 1; open.removeLast(); continue }
                    throw syntax(isObject ? "expected , or } in an object" : "expected , or ] in an array")
                }
                reader.skipWhitespace()
            }
        }

        private mutating func memberName() throws(Violation) {
            guard reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: "\"") else {
                throw syntax("expected a member name in double quotes")
            }
            let at = reader.index
            let name: [UInt16]
            do { name = try reader.string(collect: true) } catch { throw .syntax(error) }
            if open[open.count - 1]?.insert(name).inserted == false {
                throw .duplicateName(String(decoding: name, as: UTF16.self), offset: at)
            }
            reader.skipWhitespace()
            guard reader.index < bytes.count, bytes[reader.index] == UInt8(ascii: ":") else { throw syntax("expected : after a member name") }
            reader.index += 1
            reader.skipWhitespace()
        }

        private mutating func scalar() throws(Violation) {
            let at = reader.index
            switch bytes[reader.index] {
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digits: ArraySlice<UInt8>
                do { digits = try reader.number() } catch { throw .syntax(error) }
                let text = String(decoding: digits, as: UTF8.self)
                if let value = Double(text), !value.isFinite { throw .numberOutOfRange(text, offset: at) }
            default:
                do { try reader.skipValue(whole: false) } catch { throw .syntax(error) }
            }
        }
    }
}

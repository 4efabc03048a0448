/// Rewrites `catch (e) {` in module source to `catch (e) { e = <normaliser>(e);`, and the rejection handler of
/// `.catch(h)` and `.then(f, h)` to `<wrapper>(h)`, so code that catches an error JavaScriptCore raised reads
/// Node's message (`Cannot read properties of undefined (reading 'x')`). The C API has no hook where the engine
/// makes such errors; these are the first places component code can see one.
///
/// A small scanner, not a parser: it skips comments, strings, template literals (with their `${}` nesting) and
/// regular expression literals (told from division by the token before them), and rewrites only a `catch` keyword
/// followed by a plain identifier binding. A method named `catch(x) {` in a class gets the same line, which is
/// harmless: the normaliser returns every value that is not an engine error unchanged.
enum CatchBindings {
    static let normaliser = "__jshostNodeError"

    /// The rewritten source, or nil when it holds no catch clause to rewrite.
    static func rewrite(_ source: String) -> String? {
        let bytes = Array(source.utf8)
        guard contains("catch", in: bytes) || contains("then", in: bytes) else { return nil }
        var insertions: [(offset: Int, text: String)] = []
        var scanner = Scanner(bytes: bytes)
        while let token = scanner.next() {
            guard token.kind == .identifier else { continue }
            if token.matches("catch", in: bytes) {
                if scanner.afterDot {
                    // promise.catch(handler): the handler gets the reason in Node's words.
                    if let range = scanner.argument(index: 0) { insertions += wrapped(range) }
                } else if let (name, braceEnd) = scanner.plainCatchBinding() {
                    insertions.append((braceEnd, " \(name) = \(normaliser)(\(name));"))
                }
            } else if token.matches("then", in: bytes), scanner.afterDot, let range = scanner.argument(index: 1) {
                insertions += wrapped(range)
            }
        }
        guard !insertions.isEmpty else { return nil }
        insertions.sort { $0.offset < $1.offset }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + insertions.count * 48)
        var cursor = 0
        for (offset, text) in insertions {
            output.append(contentsOf: bytes[cursor..<offset])
            output.append(contentsOf: text.utf8)
            cursor = offset
        }
        output.append(contentsOf: bytes[cursor...])
        return String(decoding: output, as: UTF8.self)
    }

    static let rejectionWrapper = "__jshostRejection"

    private static func wrapped(_ range: Range<Int>) -> [(offset: Int, text: String)] {
        [(range.lowerBound, "\(rejectionWrapper)("), (range.upperBound, ")")]
    }

    private static func contains(_ word: String, in bytes: [UInt8]) -> Bool {
        let word = Array(word.utf8)
        guard bytes.count >= word.count else { return false }
        var index = 0
        while index <= bytes.count - word.count {
            if bytes[index] == word[0] && bytes[index + 1] == word[1] && bytes[index + 2] == word[2]
                && bytes[index + 3] == word[3] && (word.count < 5 || bytes[index + 4] == word[4]) { return true }
            index += 1
        }
        return false
    }

    struct Token {
        enum Kind { case identifier, number, string, template, regex, punctuator }
        var kind: Kind
        var start: Int
        var end: Int

        func matches(_ word: StaticString, in bytes: [UInt8]) -> Bool {
            guard end - start == word.utf8CodeUnitCount else { return false }
            return word.withUTF8Buffer { utf8 in
                for offset in 0..<utf8.count where bytes[start + offset] != utf8[offset] { return false }
                return true
            }
        }
    }

    struct Scanner {
        let bytes: [UInt8]
        var index = 0
        /// The last significant token, which decides whether a `/` starts a regular expression.
        var last: Token?
        /// Open `${` of template literals: the brace depth at which each resumes its template.
        var templateDepths: [Int] = []
        var braceDepth = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// Whether the token before the current one is a `.` (so `promise.catch(…)` is a property, not a clause).
        var afterDot = false

        private func byte(_ offset: Int = 0) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }

        private static func isIdentifierByte(_ b: UInt8) -> Bool {
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95 || b == 36 || b >= 128
        }

        private mutating func skipTrivia() {
            while let b = byte() {
                if b == 32 || b == 9 || b == 10 || b == 13 || b == 11 || b == 12 { index += 1; continue }
                if b == UInt8(ascii: "/"), byte(1) == UInt8(ascii: "/") {
                    while let c = byte(), c != 10 { index += 1 }
                    continue
                }
                if b == UInt8(ascii: "/"), byte(1) == UInt8(ascii: "*") {
                    index += 2
                    while let c = byte(), !(c == UInt8(ascii: "*") && byte(1) == UInt8(ascii: "/")) { index += 1 }
                    index = min(bytes.count, index + 2)
                    continue
                }
                break
            }
        }

        static let expressionKeywords: Set<String> = ["return", "typeof", "instanceof", "in", "of", "new", "delete", "void",
                                                      "throw", "case", "do", "else", "yield", "await"]

        /// Whether a `/` here starts a regular expression: after an operator, an opening bracket, a comma or a
        /// keyword that takes an expression; not after a value.
        private var regexAllowed: Bool {
            guard let last else { return true }
            switch last.kind {
            case .number, .string, .template, .regex: return false
            case .identifier:
                return Self.expressionKeywords.contains(String(decoding: bytes[last.start..<last.end], as: UTF8.self))
            case .punctuator:
                let b = bytes[last.start]
                return !(b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}"))
            }
        }

        mutating func next() -> Token? {
            skipTrivia()
            guard let b = byte() else { return nil }
            let start = index
            let kind: Token.Kind
            if Self.isIdentifierByte(b) && !(b >= 48 && b <= 57) {
                while let c = byte(), Self.isIdentifierByte(c) { index += 1 }
                kind = .identifier
            } else if b >= 48 && b <= 57 {
                while let c = byte(), Self.isIdentifierByte(c) || c == UInt8(ascii: ".") { index += 1 }
                kind = .number
            } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
                index += 1
                while let c = byte(), c != b, c != 10 {
                    index += c == UInt8(ascii: "\\") ? 2 : 1
                }
                index = min(bytes.count, index + 1)
                kind = .string
            } else if b == UInt8(ascii: "`") {
                index += 1
                scanTemplate()
                kind = .template
            } else if b == UInt8(ascii: "}") && templateDepths.last == braceDepth {
                // The end of a `${…}`: the template goes on.
                templateDepths.removeLast()
                index += 1
                scanTemplate()
                kind = .template
            } else if b == UInt8(ascii: "/") && regexAllowed {
                index += 1
                var inClass = false
                while let c = byte(), c != 10 {
                    if c == UInt8(ascii: "\\") { index += 2; continue }
                    if c == UInt8(ascii: "[") { inClass = true } else if c == UInt8(ascii: "]") { inClass = false }
                    else if c == UInt8(ascii: "/") && !inClass { break }
                    index += 1
                }
                index = min(bytes.count, index + 1)
                while let c = byte(), Self.isIdentifierByte(c) { index += 1 }
                kind = .regex
            } else {
                if b == UInt8(ascii: "{") { braceDepth += 1 }
                if b == UInt8(ascii: "}") { braceDepth -= 1 }
                index += 1
                kind = .punctuator
            }
            // An escape at the very end of a malformed source steps past it.
            index = min(index, bytes.count)
            let token = Token(kind: kind, start: start, end: index)
            if let last { afterDot = last.kind == .punctuator && bytes[last.start] == UInt8(ascii: ".") } else { afterDot = false }
            last = token
            return token
        }

        /// Scans template text up to its closing backtick, or up to a `${`, whose depth it records.
        private mutating func scanTemplate() {
            while let c = byte() {
                if c == UInt8(ascii: "\\") { index += 2; continue }
                if c == UInt8(ascii: "`") { index += 1; return }
                if c == UInt8(ascii: "$") && byte(1) == UInt8(ascii: "{") {
                    index += 2
                    templateDepths.append(braceDepth)
                    return
                }
                index += 1
            }
        }

        /// After a method name: the byte range of argument `index` of the call that follows (`( a , b )`), or nil
        /// when there is no call or no such argument. Does not move the scanner.
        func argument(index wanted: Int) -> Range<Int>? {
            var probe = self
            guard let open = probe.next(), open.kind == .punctuator, bytes[open.start] == UInt8(ascii: "(") else { return nil }
            var depth = 0, current = 0
            var start: Int?, end = open.end
            while let token = probe.next() {
                let b = bytes[token.start]
                if token.kind == .punctuator {
                    if depth == 0 && (b == UInt8(ascii: ",") || b == UInt8(ascii: ")")) {
                        if current == wanted, let start { return start..<end }
                        if b == UInt8(ascii: ")") { return nil }
                        current += 1
                        continue
                    }
                    if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { depth += 1 }
                    if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") { depth -= 1 }
                }
                if current == wanted {
                    if start == nil { start = token.start }
                    end = token.end
                }
            }
            return nil
        }

        /// After a `catch` keyword: `( name ) {` with comments and spaces between. Returns the name and the offset
        /// just after the `{`, and moves past the brace (counting it); nil for anything else.
        mutating func plainCatchBinding() -> (String, Int)? {
            let saved = (index, last, braceDepth, templateDepths, afterDot)
            func restore() { (index, last, braceDepth, templateDepths, afterDot) = saved }
            guard let open = next(), open.kind == .punctuator, bytes[open.start] == UInt8(ascii: "(") else { restore(); return nil }
            guard let name = next(), name.kind == .identifier else { restore(); return nil }
            guard let close = next(), close.kind == .punctuator, bytes[close.start] == UInt8(ascii: ")") else { restore(); return nil }
            guard let brace = next(), brace.kind == .punctuator, bytes[brace.start] == UInt8(ascii: "{") else { restore(); return nil }
            return (String(decoding: bytes[name.start..<name.end], as: UTF8.self), brace.end)
        }
    }
}

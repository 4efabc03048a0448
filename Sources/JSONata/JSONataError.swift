/// A JSONata error: its code (`S0201` syntax, `T…` type, `D…` dynamic, `U…` jshost's limits), JSONata's message,
/// and where in the expression (the character offset after the token, as JSONata counts it).
public struct JSONataError: Error, Sendable, Equatable, Decodable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var position: Int?
    public var token: String?

    public init(code: String, message: String, position: Int? = nil, token: String? = nil) {
        self.code = code
        self.message = message
        self.position = position
        self.token = token
    }

    /// `S0201 at 7: Syntax error: )`.
    public var description: String {
        "\(code)\(position.map { " at \($0)" } ?? ""): \(message)"
    }

    /// Whether the expression cannot be compiled (as opposed to failing on some input).
    public var isSyntaxError: Bool { code.hasPrefix("S") }

    /// The expression's line the error is on, and a caret under the token:
    /// ```
    /// Price * (Quantity
    ///                  ^
    /// ```
    public func pointer(in expression: String) -> String {
        let characters = Array(expression)
        guard let position else { return expression }
        // JSONata's position is just past the token; the caret goes under its last character, or past the end
        // when the expression ended too soon.
        let at = position >= characters.count ? characters.count : max(0, position - 1)
        var lineStart = at
        while lineStart > 0 && characters[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = at
        while lineEnd < characters.count && characters[lineEnd] != "\n" { lineEnd += 1 }
        let line = String(characters[lineStart..<lineEnd])
        return line + "\n" + String(repeating: " ", count: at - lineStart) + "^"
    }
}

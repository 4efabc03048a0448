/// An AMQP header's value as sailor sets them: text, whole numbers (timestamps, versions, iterations), flags.
public enum HeaderValue: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case number(Int64)
    case flag(Bool)

    public var description: String {
        switch self {
        case .text(let text): return text
        case .number(let number): return String(number)
        case .flag(let flag): return String(flag)
        }
    }

    /// The value as text, as sailor reads headers (`String(value)`).
    public var text: String { description }
}

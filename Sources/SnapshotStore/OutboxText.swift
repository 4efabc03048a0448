import Foundation

/// How a run's outbox is kept: its messages, in order, one per line.
package enum OutboxText {
    /// A raw newline can only be whitespace between a JSON document's tokens (inside strings JSON escapes it), so
    /// it becomes a space and the line boundaries stay the message boundaries.
    package static func join(_ messages: [String]) -> String {
        messages.map { hasNewline($0) ? $0.replacingOccurrences(of: "\n", with: " ") : $0 }.joined(separator: "\n")
    }

    /// memchr over the UTF-8 bytes: a generic `contains` over the view showed in stream commit profiles, and
    /// Foundation's substring search costs more than the whole commit.
    package static func hasNewline(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, 10, bytes.count) != nil
        }
    }

    package static func split(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The input line of each message, or nil when the run was not part of a stream.
    package static func lines(_ text: String?, count: Int) -> [Int?] {
        guard let text else { return Array(repeating: nil, count: count) }
        return text.split(separator: ",").map { Int($0) }
    }
}

import JSHostCore

/// A stream batch's events, as the executor hands them over: a kind letter each, their JSON (one per line, empty
/// for `end`), and the input line of each. Kept as the texts that crossed, read in place: a batch holds hundreds
/// of events, and making a string of each that nobody asks for would cost more than the batch's own work.
public struct BatchEvents: Sendable {
    /// One letter per event (see `name(ofKind:)`).
    let kinds: [UInt8]
    /// The events' JSON, UTF-8, one per line.
    let jsonText: [UInt8]
    /// Where each event's JSON is in `jsonText`.
    let ranges: [Range<Int>]
    public let lines: [Int]
    /// The messages' context: the stream's, which its messages share.
    public var context = MessageContext.fresh()

    public static let empty = BatchEvents(kinds: "", jsons: "", lines: "")

    init(kinds: String, jsons: String, lines: String) {
        self.kinds = Array(kinds.utf8)
        jsonText = Array(jsons.utf8)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(self.kinds.count)
        var start = 0
        jsonText.withUnsafeBufferPointer { bytes in
            for index in 0..<bytes.count where bytes[index] == 10 {
                ranges.append(start..<index)
                start = index + 1
            }
        }
        if !self.kinds.isEmpty { ranges.append(start..<jsonText.count) }
        self.ranges = ranges
        self.lines = ComponentHost.split(lines, on: UInt8(ascii: ",")).compactMap { Int($0) }
    }

    public var count: Int { kinds.count }

    /// JSON.stringify, which wrote every one of these texts, never writes a raw newline; were one there anyway,
    /// the events after it would read the wrong text, never out of bounds.
    private func range(at index: Int) -> Range<Int> { index < ranges.count ? ranges[index] : 0..<0 }

    /// The event's name: data, snapshot, updateSnapshot, error, rebound, updateKeys, httpReply or end.
    public func kind(at index: Int) -> String { Self.name(ofKind: kinds[index]) }

    /// The event's JSON; nil for `end`.
    public func json(at index: Int) -> String? {
        kinds[index] == UInt8(ascii: "n") ? nil : String(decoding: jsonText[range(at: index)], as: UTF8.self)
    }

    /// The data messages, in order, with the input line of each: what a commit puts in the outbox.
    public func dataMessages() -> (messages: [String], lines: [Int]) {
        var messages: [String] = [], dataLines: [Int] = []
        for index in 0..<kinds.count where kinds[index] == UInt8(ascii: "d") {
            messages.append(String(decoding: jsonText[range(at: index)], as: UTF8.self))
            dataLines.append(index < lines.count ? lines[index] : 0)
        }
        return (messages, dataLines)
    }

    /// The events as JSON lines tagged with their input lines, `{"line":N,"event":"…","data":…}`, each ending
    /// in a newline: what `jshost run --input` prints.
    public func appendTaggedJSONLines(to output: inout [UInt8]) {
        output.reserveCapacity(output.count + jsonText.count + kinds.count * 40)
        for index in 0..<kinds.count {
            output.append(contentsOf: #"{"line":"#.utf8)
            output.append(contentsOf: String(index < lines.count ? lines[index] : 0).utf8)
            output.append(contentsOf: #","event":""#.utf8)
            output.append(contentsOf: Self.name(ofKind: kinds[index]).utf8)
            if kinds[index] == UInt8(ascii: "n") {
                output.append(contentsOf: #""}"#.utf8)
            } else {
                output.append(contentsOf: #"","data":"#.utf8)
                output.append(contentsOf: jsonText[range(at: index)])
                output.append(UInt8(ascii: "}"))
            }
            output.append(10)
        }
    }

    static func name(ofKind letter: UInt8) -> String {
        switch letter {
        case UInt8(ascii: "d"): return "data"
        case UInt8(ascii: "s"): return "snapshot"
        case UInt8(ascii: "u"): return "updateSnapshot"
        case UInt8(ascii: "e"): return "error"
        case UInt8(ascii: "r"): return "rebound"
        case UInt8(ascii: "k"): return "updateKeys"
        case UInt8(ascii: "h"): return "httpReply"
        default: return "end"
        }
    }
}

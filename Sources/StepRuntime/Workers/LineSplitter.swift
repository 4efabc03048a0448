import Foundation

/// Whole lines out of chunks as they arrive from a pipe. Each byte is looked at once, however long a line is: a
/// worker's reply for a run that emitted many messages is one line of megabytes.
struct LineSplitter {
    private var buffer: [UInt8] = []
    /// Where the search for the next newline goes on from.
    private var scanned = 0

    /// Adds a chunk; returns the lines it completed, without their newlines.
    mutating func add(_ chunk: Data) -> [[UInt8]] {
        buffer.append(contentsOf: chunk)
        var lines: [[UInt8]] = []
        var start = 0
        var index = scanned
        while index < buffer.count {
            if buffer[index] == UInt8(ascii: "\n") {
                lines.append(Array(buffer[start..<index]))
                start = index + 1
            }
            index += 1
        }
        if start > 0 { buffer.removeFirst(start) }
        scanned = buffer.count
        return lines
    }
}

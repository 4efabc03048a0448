import Foundation
import JSEngine
import NodeCompat

/// Shows where an exception happened for people: `file:line:column`, the source line and a caret.
public enum CodeFrame {
    public struct Location: Equatable, Sendable {
        public var file: String
        public var line: Int
        /// Nil when unknown (JavaScriptCore gives syntax errors no column).
        public var column: Int?
    }

    /// The first frame of a stack that points into a readable file: V8's form (`    at fn (file:line:column)`),
    /// whose columns are the file's, or JavaScriptCore's (`name@file:line:column`), whose line 1 carries the module
    /// wrapper.
    public static func firstFileLocation(inStack stack: String) -> Location? {
        for frame in stack.split(separator: "\n") {
            let v8 = frame.hasPrefix("    at ")
            var place = Substring(frame)
            if v8 {
                place = frame.dropFirst(7)
                if place.hasSuffix(")"), let open = place.lastIndex(of: "(") { place = place[place.index(after: open)..<place.index(before: place.endIndex)] }
            } else {
                guard let at = frame.firstIndex(of: "@") else { continue }
                place = frame[frame.index(after: at)...]
            }
            let parts = place.split(separator: ":")
            guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { continue }
            let file = parts.dropLast(2).joined(separator: ":")
            guard file.hasPrefix("/"), FileManager.default.isReadableFile(atPath: file) else { continue }
            return Location(file: file, line: line, column: v8 ? column : ModuleWrapper.fileColumn(line: line, reportedColumn: column))
        }
        return nil
    }

    /// Where an exception points: its own location (syntax errors) or the first file frame of its stack.
    public static func location(of exception: JSException) -> Location? {
        if let file = exception.sourceURL, let line = exception.line, FileManager.default.isReadableFile(atPath: file) {
            let column = exception.column.map { ModuleWrapper.fileColumn(line: line, reportedColumn: $0) }
                ?? unexpectedTokenColumn(exception.message, file: file, line: line)
            return Location(file: file, line: line, column: column)
        }
        return exception.stack.flatMap(firstFileLocation(inStack:))
    }

    /// For "Unexpected token 'X'", the column of the first X on the line, if it occurs once there.
    static func unexpectedTokenColumn(_ message: String, file: String, line: Int) -> Int? {
        guard let start = message.range(of: "Unexpected token '"),
              let end = message[start.upperBound...].firstIndex(of: "'"),
              let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        let token = String(message[start.upperBound..<end])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard !token.isEmpty, line >= 1, line <= lines.count else { return nil }
        let source = String(lines[line - 1])
        guard let found = source.range(of: token), source.components(separatedBy: token).count == 2 else { return nil }
        return source.distance(from: source.startIndex, to: found.lowerBound) + 1
    }

    /// The frame: the location, two lines of context either side, and a caret under the column.
    public static func render(_ location: Location, displayPath: String? = nil) -> String? {
        guard let text = try? String(contentsOfFile: location.file, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line >= 1, location.line <= lines.count else { return nil }
        let first = max(1, location.line - 2), last = min(lines.count, location.line + 2)
        let width = String(last).count
        var output = "\(displayPath ?? location.file):\(location.line)\(location.column.map { ":\($0)" } ?? "")\n"
        for number in first...last {
            let marker = number == location.line ? ">" : " "
            let padded = String(repeating: " ", count: width - String(number).count) + String(number)
            output += "\(marker) \(padded) | \(lines[number - 1])\n"
            if number == location.line, let column = location.column {
                let source = lines[number - 1]
                // Keep tabs so the caret lines up under tab-indented code.
                let lead = source.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
                output += "  \(String(repeating: " ", count: width)) | \(lead)^\n"
            }
        }
        return output
    }
}

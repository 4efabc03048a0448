import Foundation

/// A bunyan log line (the components' `this.logger`, jshost's own) as the bunyan and pino-pretty tools show one:
/// the time, a coloured level, who logged it, the message, and the other fields only when they add something.
public struct LogLineRenderer: Sendable {
    public var paint: Paint
    /// Show the ids every line carries (thread, message, flow, step) too.
    public var verbose: Bool
    public var timeZone: TimeZone

    public init(paint: Paint, verbose: Bool = false, timeZone: TimeZone = .current) {
        self.paint = paint
        self.verbose = verbose
        self.timeZone = timeZone
    }

    /// Fields every line has, shown in the line's head or not at all.
    static let head: Set<String> = ["name", "hostname", "pid", "level", "msg", "time", "v"]
    /// Fields that tie a line to its run: shown with `-v`.
    static let ids: Set<String> = ["threadId", "messageId", "parentMessageId", "flowId", "stepId", "execution", "run"]

    /// The line for a person; a line that is not a bunyan record is returned as it is.
    public func render(_ line: String) -> String {
        let trimmed = line.hasSuffix("\n") ? String(line.dropLast()) : line
        guard trimmed.hasPrefix("{"), let data = trimmed.data(using: .utf8),
              let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let message = record["msg"] as? String, let level = record["level"] as? Int else { return line }
        let name = record["name"] as? String ?? ""
        var text = "\(paint.dim(clock(record["time"] as? String))) \(levelLabel(level)) \(paint.cyan(name)): "
        text += level >= 50 ? paint.red(message) : message
        let extra = record.keys.filter { !Self.head.contains($0) && (verbose || !Self.ids.contains($0)) }.sorted()
        if !extra.isEmpty {
            text += "  " + paint.dim(extra.map { "\($0)=\(Self.value(record[$0]))" }.joined(separator: " "))
        }
        return text + "\n"
    }

    func levelLabel(_ level: Int) -> String {
        switch level {
        case ..<20: return paint.dim("TRACE")
        case ..<30: return paint.blue("DEBUG")
        case ..<40: return paint.green("INFO ")
        case ..<50: return paint.yellow("WARN ")
        case ..<60: return paint.red("ERROR")
        default: return paint.bold(paint.red("FATAL"))
        }
    }

    /// HH:mm:ss.SSS in the reader's time zone.
    func clock(_ iso: String?) -> String {
        guard let iso, let date = Self.parse(iso) else { return iso ?? "" }
        // Whole milliseconds, as written: a Date's binary fraction would turn .123 into .122.
        let totalMillis = Int((date.timeIntervalSince1970 * 1000).rounded())
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let whole = Date(timeIntervalSince1970: Double(totalMillis / 1000))
        let parts = calendar.dateComponents([.hour, .minute, .second], from: whole)
        return String(format: "%02d:%02d:%02d.%03d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, totalMillis % 1000)
    }

    static func parse(_ iso: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: iso) ?? ISO8601DateFormatter().date(from: iso)
    }

    static func value(_ value: Any?) -> String {
        switch value {
        case let text as String: return text.contains(" ") ? "\"\(text)\"" : text
        case let number as NSNumber: return "\(number)"
        case let other?:
            return (try? JSONSerialization.data(withJSONObject: other, options: [.fragmentsAllowed, .withoutEscapingSlashes]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "\(other)"
        case nil: return "null"
        }
    }
}

import Foundation
import Logging
import JSHostCore

/// A swift-log handler writing bunyan-style JSON lines, the same shape as the component's `this.logger`,
/// so one stream of stderr can be read by one tool.
public struct JSONLineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let name: String
    private let write: @Sendable (String) -> Void

    public init(name: String, level: Logger.Level, write: @escaping @Sendable (String) -> Void) {
        self.name = name
        self.logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The machine's name, read once (Foundation's `hostName` may resolve it through DNS each time).
    public static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// bunyan's numeric levels.
    static func bunyanLevel(_ level: Logger.Level) -> Int {
        switch level {
        case .trace: return 10
        case .debug: return 20
        case .info, .notice: return 30
        case .warning: return 40
        case .error: return 50
        case .critical: return 60
        }
    }

    public func log(event: LogEvent) {
        // Built by hand: JSONSerialization would cost a cold run more than the rest of its logging.
        var line = "{\"name\":\(JSONString.quote(name)),\"hostname\":\(JSONString.quote(Self.hostName)),\"pid\":\(getpid()),"
            + "\"level\":\(Self.bunyanLevel(event.level)),\"msg\":\(JSONString.quote("\(event.message)")),"
            + "\"time\":\"\(UTCTimestamp.string(from: Date()))\",\"v\":0"
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            line += ",\(JSONString.quote(key)):\(JSONString.quote("\(value)"))"
        }
        write(line + "}\n")
    }

    /// swift-log's level for a sailor/bunyan LOG_LEVEL name.
    public static func level(named name: String) -> Logger.Level? {
        switch name.lowercased() {
        case "trace": return .trace
        case "debug": return .debug
        case "info": return .info
        case "warn", "warning": return .warning
        case "error": return .error
        case "fatal", "critical": return .critical
        default: return nil
        }
    }
}

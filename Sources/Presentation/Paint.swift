import Foundation
@preconcurrency import Rainbow

/// Colours for people's output, through Rainbow, or none: with `--no-color`, with `NO_COLOR` set, or when the
/// text does not go to a terminal.
public struct Paint: Sendable {
    public let enabled: Bool

    public static let plain = Paint(enabled: false)

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Colour when the stream is a terminal, `--no-color` is not given and `NO_COLOR` is not set (no-color.org).
    public static func forStream(isTerminal: Bool, noColor: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Paint {
        let disabled = noColor || !(environment["NO_COLOR"] ?? "").isEmpty
        return Paint(enabled: isTerminal && !disabled)
    }

    private func apply(_ text: String, _ codes: [ModeCode]) -> String {
        guard enabled, !text.isEmpty else { return text }
        return Self.styled(text, codes)
    }

    /// Rainbow decides by its own global switches (NO_COLOR, whether stdout is a console); jshost decides per
    /// stream, so they are set once to "always" and each `Paint` chooses.
    private static let configured: Bool = {
        Rainbow.enabled = true
        Rainbow.outputTarget = .console
        return true
    }()

    private static func styled(_ text: String, _ codes: [ModeCode]) -> String {
        _ = configured
        var result = text
        for code in codes { result = result.applyingCodes(code) }
        return result
    }

    public func bold(_ text: String) -> String { apply(text, [Style.bold]) }
    public func dim(_ text: String) -> String { apply(text, [Style.dim]) }
    public func red(_ text: String) -> String { apply(text, [NamedColor.red]) }
    public func green(_ text: String) -> String { apply(text, [NamedColor.green]) }
    public func yellow(_ text: String) -> String { apply(text, [NamedColor.yellow]) }
    public func blue(_ text: String) -> String { apply(text, [NamedColor.blue]) }
    public func magenta(_ text: String) -> String { apply(text, [NamedColor.magenta]) }
    public func cyan(_ text: String) -> String { apply(text, [NamedColor.cyan]) }

    /// Text without colour codes: what a width is measured on.
    public static func stripped(_ text: String) -> String {
        guard text.contains("\u{1B}[") else { return text }
        return text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }
}

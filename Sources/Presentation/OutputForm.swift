import Foundation

/// Who reads an output: a person at a terminal, or a program (a pipe, a file, a log collector).
public enum OutputForm: Sendable, Equatable {
    /// Today's JSON lines, byte for byte.
    case machine
    /// Aligned, coloured, folded: for a person.
    case people

    /// The one rule: a terminal gets the people's form, anything else the machine's; `--json` and `--pretty` force
    /// either.
    public static func choose(json: Bool, pretty: Bool, isTerminal: Bool) -> OutputForm {
        if json { return .machine }
        if pretty { return .people }
        return isTerminal ? .people : .machine
    }

    /// The form of the log lines on stderr: `LOG_FORMAT=json|pretty` decides, else whether stderr is a terminal.
    public static func forLogs(environment: [String: String], isTerminal: Bool) -> OutputForm {
        switch environment["LOG_FORMAT"]?.lowercased() {
        case "json": return .machine
        case "pretty": return .people
        default: return isTerminal ? .people : .machine
        }
    }
}

/// Whether a standard stream is a terminal.
public enum Terminal {
    public static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    public static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// The terminal's width in columns, when stdout (or else stderr) is one; `COLUMNS` wins.
    public static var width: Int? {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        for fd in [STDOUT_FILENO, STDERR_FILENO] where ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return nil
    }
}

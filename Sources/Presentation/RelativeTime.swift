import Foundation

/// "3 min ago", as people read a time, beside the ISO one machines keep.
public enum RelativeTime {
    public static func describe(_ date: Date, now: Date = Date()) -> String {
        let seconds = Int((now.timeIntervalSince(date)).rounded())
        let ahead = seconds < 0
        let span = abs(seconds)
        let text: String
        switch span {
        case ..<5: return "just now"
        case ..<60: text = "\(span) s"
        case ..<3600: text = "\(span / 60) min"
        case ..<86400: text = "\(span / 3600) h"
        case ..<(86400 * 60): text = "\(span / 86400) day\(span / 86400 == 1 ? "" : "s")"
        default: text = "\(span / (86400 * 30)) months"
        }
        return ahead ? "in \(text)" : "\(text) ago"
    }
}

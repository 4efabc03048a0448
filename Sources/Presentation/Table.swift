/// Rows in aligned columns under a header, for people: each column as wide as its widest cell, the flexible one
/// cut with an ellipsis so a row fits the terminal.
public struct Table: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var title: String
        public var alignment: Alignment
        /// Cut to fit the width (the one holding values); other columns keep their width.
        public var flexible: Bool

        public init(_ title: String, alignment: Alignment = .left, flexible: Bool = false) {
            self.title = title
            self.alignment = alignment
            self.flexible = flexible
        }
    }

    /// A cell's text and how to paint it once it is padded.
    public struct Cell: Sendable {
        public var text: String
        public var style: @Sendable (String) -> String

        public init(_ text: String, style: @escaping @Sendable (String) -> String = { $0 }) {
            self.text = text
            self.style = style
        }
    }

    public var columns: [Column]
    public var rows: [[Cell]] = []

    public init(_ columns: [Column]) {
        self.columns = columns
    }

    public mutating func add(_ row: [Cell]) { rows.append(row) }

    /// The table, each line at most `width` columns when one is given.
    public func render(width: Int?, paint: Paint) -> String {
        var widths = columns.map { $0.title.count }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Self.firstLine(cell.text).count)
            }
        }
        let gap = 2
        if let width, let flexible = columns.firstIndex(where: \.flexible) {
            let others = widths.enumerated().filter { $0.offset != flexible }.map(\.element).reduce(0, +) + gap * (widths.count - 1)
            widths[flexible] = max(min(widths[flexible], width - others), min(columns[flexible].title.count, 8))
        }
        func line(_ cells: [(text: String, style: @Sendable (String) -> String)]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let width = widths[index]
                let text = Self.cut(Self.firstLine(cell.text), to: width)
                let pad = String(repeating: " ", count: max(width - text.count, 0))
                let last = index == cells.count - 1
                let padded = columns[index].alignment == .right ? pad + cell.style(text) : cell.style(text) + (last ? "" : pad)
                parts.append(padded)
            }
            var joined = parts.joined(separator: String(repeating: " ", count: gap))
            while joined.hasSuffix(" ") { joined.removeLast() }
            return joined
        }
        var out = line(columns.map { title in (title.title, { paint.bold($0) }) }) + "\n"
        for row in rows { out += line(row.map { ($0.text, $0.style) }) + "\n" }
        return out
    }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }

    /// The text, cut with an ellipsis to at most `width` characters.
    public static func cut(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        return text.prefix(width - 1) + "…"
    }
}

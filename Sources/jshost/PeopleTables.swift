import ComponentRuntime
import Foundation
import Presentation
import SnapshotStore
import JSHostCore

/// The store's lists as tables for people: sizes against the limit, times relative beside ISO ones, values cut to
/// the terminal's width. Machines get the JSON lines (`--json`, or any pipe).
enum PeopleTables {
    static func when(_ date: Date, _ paint: Paint) -> Table.Cell {
        let iso = UTCTimestamp.string(from: date)
        return Table.Cell("\(RelativeTime.describe(date)) (\(iso.prefix(19))Z)") { text in
            guard let split = text.firstIndex(of: "(") else { return text }
            return String(text[..<split]) + paint.dim(String(text[split...]))
        }
    }

    static func size(_ bytes: Int, limit: Int, _ paint: Paint) -> Table.Cell {
        Table.Cell("\(bytes) / \(limit) B") { text in bytes > limit * 8 / 10 ? paint.yellow(text) : text }
    }

    static func print(_ table: Table, _ output: OutputOptions) {
        StandardStreams.writeStdout(table.render(width: Terminal.width, paint: output.stdoutPaint))
    }

    static func snapshots(_ stored: [StoredSnapshot], limit: Int, _ output: OutputOptions) {
        let paint = output.stdoutPaint
        var table = Table([.init("FLOW"), .init("STEP"), .init("VERSION", alignment: .right), .init("SIZE", alignment: .right),
                           .init("UPDATED"), .init("SNAPSHOT", flexible: true)])
        for snapshot in stored {
            table.add([.init(snapshot.key.flow), .init(snapshot.key.step), .init("\(snapshot.version)"),
                       size(snapshot.json.utf8.count, limit: limit, paint), when(snapshot.updatedAt, paint), .init(snapshot.json)])
        }
        if stored.isEmpty { StandardStreams.writeStdout("no snapshots are stored\n"); return }
        print(table, output)
    }

    /// Versions, each with the run or the person (from the audit trail) that wrote it.
    static func history(_ versions: [SnapshotVersion], current: Int?, audit: [AuditEntry], limit: Int, _ output: OutputOptions) {
        let paint = output.stdoutPaint
        let editors = Dictionary(audit.map { ($0.newVersion, $0.editor) }, uniquingKeysWith: { _, last in last })
        var table = Table([.init("VERSION", alignment: .right), .init("WRITTEN"), .init("BY"), .init("SIZE", alignment: .right),
                           .init("SNAPSHOT", flexible: true)])
        for version in versions {
            let mark = version.version == current ? "* " : ""
            table.add([.init("\(mark)\(version.version)") { mark.isEmpty ? $0 : paint.bold($0) }, when(version.createdAt, paint),
                       .init(version.source.hasPrefix("run:") ? "run " + version.source.dropFirst(4).prefix(8)
                             : version.source + (editors[version.version].map { " by " + who($0) } ?? "")),
                       version.json == nil ? .init("cleared") { paint.dim($0) } : size(version.bytes, limit: limit, paint),
                       .init(version.json ?? "") ])
        }
        print(table, output)
    }

    static func who(_ editor: Editor) -> String {
        editor.kind == .apiKey ? "key \(editor.name)" : editor.name
    }

    /// The audit trail; the step column only when it covers several steps (`--all`).
    static func audit(_ entries: [AuditEntry], showStep: Bool, _ output: OutputOptions) {
        let paint = output.stdoutPaint
        var columns: [Table.Column] = [.init("WHEN"), .init("ACTION"), .init("WHO"), .init("VERSIONS"), .init("REASON", flexible: true)]
        if showStep { columns.insert(.init("STEP"), at: 1) }
        var table = Table(columns)
        for entry in entries {
            var row: [Table.Cell] = [when(entry.at, paint), .init(entry.action) { paint.cyan($0) }, .init(who(entry.editor)),
                                     .init("\(entry.oldVersion) → \(entry.newVersion)"), .init(entry.reason ?? "")]
            if showStep { row.insert(.init(entry.key.description), at: 1) }
            table.add(row)
        }
        if entries.isEmpty { StandardStreams.writeStdout("no manual changes are recorded\n"); return }
        print(table, output)
    }

    static func runs(_ runs: [RunRecord], _ output: OutputOptions) {
        let paint = output.stdoutPaint
        var table = Table([.init("ENDED"), .init("RUN"), .init("OUTCOME"), .init("DATA", alignment: .right),
                           .init("ERRORS", alignment: .right), .init("VERSION", alignment: .right), .init("TOOK", alignment: .right)])
        for run in runs {
            let took = Int((run.endedAt.timeIntervalSince(run.startedAt) * 1000).rounded())
            table.add([when(run.endedAt, paint), .init(String(run.id.prefix(8))),
                       .init(run.outcome) { run.outcome == "completed" ? paint.green($0) : paint.red($0) },
                       .init("\(run.dataCount)"), .init("\(run.errorCount)") { run.errorCount > 0 ? paint.red($0) : $0 },
                       .init(run.snapshotVersion.map(String.init) ?? "–"), .init("\(took) ms")])
        }
        print(table, output)
    }
}

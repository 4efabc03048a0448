/// The function CommonJS source is wrapped in. The prefix stays on the source's first line so reported line
/// numbers match the file (JavaScriptCore clamps a starting line below 1); columns on line 1 are shifted by
/// `prefix.count`, which tools that show source positions subtract.
public enum ModuleWrapper {
    public static let prefix = "(function (exports, require, module, __filename, __dirname) { "
    public static let suffix = "\n})"

    /// The column in the file for a column JavaScriptCore reported on `line`.
    public static func fileColumn(line: Int, reportedColumn: Int) -> Int {
        line == 1 && reportedColumn > prefix.count ? reportedColumn - prefix.count : reportedColumn
    }
}

/// `text` with every non-empty line indented, ending in a newline: how nested output (diffs, code frames, logs)
/// is set under the line it belongs to.
func indented(_ text: String, by spaces: Int = 2) -> String {
    let pad = String(repeating: " ", count: spaces)
    return text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n") + (text.hasSuffix("\n") ? "" : "\n")
}

import Foundation

// embed-script INPUT.js OUTPUT.swift: writes `extension EmbeddedScripts { static let <name> = #"""…"""# }`, the
// name being the file's, in lower camel case (http-agent.js → httpAgent, page.css → pageCss). Used by the EmbedScripts plugin.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: embed-script INPUT.js OUTPUT.swift\n".utf8))
    exit(2)
}
let input = URL(fileURLWithPath: arguments[1])
let source = try String(contentsOf: input, encoding: .utf8)
// Files other than scripts keep their extension in the name (page.css → pageCss).
let stem = input.deletingPathExtension().lastPathComponent + (input.pathExtension == "js" ? "" : "-" + input.pathExtension)
let parts = stem.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." })
let name = parts.enumerated().map { $0 == 0 ? $1.lowercased() : $1.prefix(1).uppercased() + $1.dropFirst() }.joined()
// Enough #s that the script cannot end the raw string early.
var hashes = "#"
while source.contains("\"\"\"" + hashes) || source.contains("\\" + hashes) { hashes += "#" }
let text = """
    // Generated from \(input.lastPathComponent) by embed-script; edit the .js file.
    extension EmbeddedScripts {
        static let `\(name)` = \(hashes)\"\"\"
    \(source.hasSuffix("\n") ? String(source.dropLast()) : source)
    \"\"\"\(hashes)
    }

    """
try text.write(to: URL(fileURLWithPath: arguments[2]), atomically: true, encoding: .utf8)

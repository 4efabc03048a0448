import PackagePlugin

/// Embeds a target's `.js` files (and a web page's `.html` and `.css`) in its code: each becomes a string constant of `EmbeddedScripts`, so the scripts
/// are real files in the source tree (checked with `node --check`, edited with JavaScript tools) and the binary
/// still needs nothing beside it at run time. One generated Swift file per script, so changing one script
/// recompiles one small file (SwiftPM's `.embedInCode` writes every resource into one byte-array literal, which
/// the compiler takes over a minute for jshost's scripts, after any change).
@main
struct EmbedScripts: BuildToolPlugin {
    /// Scripts, and the web page's files and API document.
    static let embedded: Set<String> = ["js", "html", "css", "json"]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "embed-script")
        return target.sourceFiles.filter { Self.embedded.contains($0.url.pathExtension) }.map { file in
            // page.html and page.css may share a name: only scripts go without their extension.
            let ext = file.url.pathExtension
            let base = file.url.deletingPathExtension().lastPathComponent + (ext == "js" ? "" : "-" + ext)
            let output = context.pluginWorkDirectoryURL.appending(path: base + "Script.swift")
            return .buildCommand(displayName: "Embedding \(file.url.lastPathComponent)", executable: tool.url,
                                 arguments: [file.url.path(), output.path()], inputFiles: [file.url], outputFiles: [output])
        }
    }
}

import Foundation
import JSEngine

/// The native half of the CommonJS loader: finding, reading (under the permissions) and compiling modules.
enum LoaderBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func argument(_ arguments: [JSValue], _ index: Int) -> JSValue { index < arguments.count ? arguments[index] : engine.undefined }
        define("fileKind") { engine, _, args in
            var info = stat()
            guard stat(argument(args, 0).toString(), &info) == 0 else { return engine.number(0) }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return engine.number(1)
            case S_IFDIR: return engine.number(2)
            default: return engine.number(0)
            }
        }
        let permissions = runtime.options.permissions
        define("readFile") { engine, _, args in
            let path = argument(args, 0).toString()
            // The loader reads sources and package.json files under the same permissions as fs (plus the module
            // roots): a credentials file is just a .json file, and a parse error would show its content.
            if let denial = permissions.moduleDenial(path) {
                throw JSHostError("Cannot load '\(path)': \(denial)", code: "ERR_ACCESS_DENIED")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw JSHostError("ENOENT: no such file or directory, open '\(path)'", code: "ENOENT")
            }
            return engine.string(String(decoding: data, as: UTF8.self))
        }
        define("realpath") { engine, _, args in
            let path = argument(args, 0).toString()
            guard let resolved = Foundation.realpath(path, nil) else { return engine.string(path) }
            defer { free(resolved) }
            return engine.string(String(cString: resolved))
        }
        define("compile") { engine, _, args in
            let text = argument(args, 0).toString()
            let source = ModuleWrapper.prefix + (CatchBindings.rewrite(text) ?? text) + ModuleWrapper.suffix
            return try engine.evaluateInHostCall(source, sourceURL: argument(args, 1).toString())
        }
    }
}

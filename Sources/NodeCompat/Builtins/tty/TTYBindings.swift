import Foundation
import JSEngine

/// The native half of `tty`.
enum TTYBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func argument(_ arguments: [JSValue], _ index: Int) -> JSValue { index < arguments.count ? arguments[index] : engine.undefined }
        define("isatty") { engine, _, args in
            // fd 1 carries jshost's events, never a terminal as far as a component is concerned.
            let fd = Int32(clamping: argument(args, 0).toInt())
            return engine.boolean(fd != 1 && Foundation.isatty(fd) == 1)
        }
    }
}

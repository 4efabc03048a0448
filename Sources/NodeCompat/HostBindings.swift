import Foundation
import JSEngine

/// The host object the builtins' scripts receive as `host`, with the runtime's core natives (stderr, the clock,
/// ticks, uncaught errors); each builtin adds its own natives to it (`Builtin.natives`, in its folder).
enum HostBindings {
    static func make(for runtime: NodeRuntime) -> JSValue {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        let host = engine.object()
        let stderr = runtime.options.stderr
        let cwd = runtime.options.workingDirectory

        func define(_ name: String, _ body: @escaping HostFunction.Body) {
            host[name] = engine.function(name, body)
        }
        func argument(_ arguments: [JSValue], _ index: Int) -> JSValue {
            index < arguments.count ? arguments[index] : engine.undefined
        }

        define("writeStderr") { engine, _, args in
            stderr(argument(args, 0).toString())
            return engine.undefined
        }
        define("cwd") { engine, _, _ in engine.string(cwd) }
        define("monotonicMs") { [unowned runtime] engine, _, _ in engine.number(runtime.monotonicNanoseconds() / 1e6) }
        define("monotonicNs") { [unowned runtime] engine, _, _ in engine.number(runtime.monotonicNanoseconds()) }

        define("ticksPending") { [unowned runtime] engine, _, _ in
            runtime.ticksPending = true
            return engine.undefined
        }
        define("uncaught") { [unowned runtime] engine, _, args in
            runtime.recordUncaught(engine.exception(from: argument(args, 0).ref))
            return engine.undefined
        }
        define("unhandledRejection") { [unowned runtime] engine, _, args in
            runtime.unhandledRejectionReporter(argument(args, 0).toString())
            return engine.undefined
        }
        return host
    }
}

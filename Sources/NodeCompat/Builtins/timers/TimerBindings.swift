import Foundation
import JSEngine

/// The native half of the timers: starting, clearing and (un)referencing timers in the event loop's queue.
enum TimerBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func argument(_ arguments: [JSValue], _ index: Int) -> JSValue { index < arguments.count ? arguments[index] : engine.undefined }
        define("timerStart") { [unowned runtime] engine, _, args in
            runtime.timers.start(id: argument(args, 0).toInt(), delayMilliseconds: argument(args, 1).toDouble(),
                                 refed: argument(args, 2).isTruthy, now: .now)
            return engine.undefined
        }
        define("timerClear") { [unowned runtime] engine, _, args in
            runtime.timers.clear(id: argument(args, 0).toInt())
            return engine.undefined
        }
        define("timerRef") { [unowned runtime] engine, _, args in
            runtime.timers.setRef(id: argument(args, 0).toInt(), refed: argument(args, 1).isTruthy)
            return engine.undefined
        }
    }
}

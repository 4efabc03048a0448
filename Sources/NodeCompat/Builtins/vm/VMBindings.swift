import JSEngine

/// The native half of the `vm` builtin: a sibling JavaScriptCore context per `vm.createContext`.
enum VMBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        host["vmCreate"] = engine.function("vmCreate") { [unowned runtime] _, _, _ in
            let sibling = runtime.engine.makeSiblingContext()
            runtime.vmContexts.append(sibling)
            return sibling.global
        }
        // vmRun(global, code, filename): evaluate in the sibling whose global that is.
        host["vmRun"] = engine.function("vmRun") { [unowned runtime] engine, _, args in
            guard args.count >= 2, let sibling = runtime.vmContexts.first(where: { $0.global.isStrictlyEqual(to: args[0]) })
            else { throw JSHostError("not a vm context", constructor: "TypeError", code: "ERR_INVALID_ARG_TYPE") }
            let filename = args.count > 2 && !args[2].isNullOrUndefined ? args[2].toString() : "evalmachine.<anonymous>"
            return try engine.evaluateInHostCall(args[1].toString(), sourceURL: filename, realm: sibling)
        }
        host["vmRunHere"] = engine.function("vmRunHere") { engine, _, args in
            let filename = args.count > 1 && !args[1].isNullOrUndefined ? args[1].toString() : "evalmachine.<anonymous>"
            return try engine.evaluateInHostCall(args.first?.toString() ?? "", sourceURL: filename)
        }
    }
}

import Foundation
import JSEngine

/// The native half of `internals.randomUUID`: the system's random bytes, as hex.
enum RandomBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func argument(_ arguments: [JSValue], _ index: Int) -> JSValue { index < arguments.count ? arguments[index] : engine.undefined }
        define("randomHex") { engine, _, args in
            let count = max(1, min(65536, argument(args, 0).toInt()))
            var bytes = [UInt8](repeating: 0, count: count)
            SecureRandom.fill(&bytes)
            let digits: [UInt8] = Array("0123456789abcdef".utf8)
            var hex = [UInt8]()
            hex.reserveCapacity(count * 2)
            for byte in bytes {
                hex.append(digits[Int(byte >> 4)])
                hex.append(digits[Int(byte & 0x0f)])
            }
            return engine.string(String(decoding: hex, as: UTF8.self))
        }
    }
}

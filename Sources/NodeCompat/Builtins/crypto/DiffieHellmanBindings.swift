import COpenSSL
import Foundation
import JSEngine

/// The native half of classic Diffie-Hellman (crypto.DiffieHellman and DiffieHellmanGroup), over `ccrypto.h`.
enum DiffieHellmanBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        let states = runtime.diffieHellmanStates
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func at(_ args: [JSValue], _ index: Int) -> JSValue? { index < args.count ? args[index] : nil }

        // dhGroup(name) → [id, token], or undefined for a name Node does not know
        define("dhGroup") { engine, _, args in
            guard let made = ccrypto_dh_group(at(args, 0)?.toString() ?? "") else { return engine.undefined }
            return states.handle(made, engine)
        }
        // dhNew(prime, generator, generateBits, generateGenerator) → [id, token]
        define("dhNew") { engine, _, args in
            let prime = at(args, 0)?.bytes() ?? [], generator = at(args, 1)?.bytes() ?? []
            var error = [CChar](repeating: 0, count: 256)
            guard let made = ccrypto_dh_new(prime, prime.count, generator, generator.count, Int32(clamping: at(args, 2)?.toInt() ?? 0),
                                            Int32(clamping: at(args, 3)?.toInt() ?? 2), &error, error.count) else {
                throw JSHostError(CText.string(error), code: "ERR_OSSL_DH_MODULUS_TOO_SMALL")
            }
            return states.handle(made, engine)
        }
        define("dhCheck") { engine, _, args in engine.number(Int(ccrypto_dh_check(try states.object(at(args, 0))))) }
        define("dhGenerate") { engine, _, args in engine.boolean(ccrypto_dh_generate_key(try states.object(at(args, 0))) == 1) }
        // dhGet(id, which) → bytes, or undefined when unset
        define("dhGet") { engine, _, args in
            var out = [UInt8](repeating: 0, count: 2048)
            let length = ccrypto_dh_get(try states.object(at(args, 0)), Int32(clamping: at(args, 1)?.toInt() ?? 0), &out, out.count)
            return length < 0 ? engine.undefined : engine.uint8Array(Array(out[0..<length]))
        }
        // dhSet(id, which, bytes)
        define("dhSet") { engine, _, args in
            let bytes = at(args, 2)?.bytes() ?? []
            return engine.boolean(ccrypto_dh_set_key(try states.object(at(args, 0)), Int32(clamping: at(args, 1)?.toInt() ?? 0), bytes, bytes.count) == 1)
        }
        // dhCompute(id, peerPublicKey) → the shared secret
        define("dhCompute") { engine, _, args in
            let peer = at(args, 1)?.bytes() ?? []
            var out = [UInt8](repeating: 0, count: 2048)
            var error = [CChar](repeating: 0, count: 256)
            let length = ccrypto_dh_compute(try states.object(at(args, 0)), peer, peer.count, &out, out.count, &error, error.count)
            guard length >= 0 else { throw JSHostError(CText.string(error), code: "ERR_CRYPTO_INVALID_KEYLEN") }
            return engine.uint8Array(Array(out[0..<length]))
        }
    }
}

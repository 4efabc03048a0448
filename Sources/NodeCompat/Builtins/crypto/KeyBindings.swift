import COpenSSL
import Foundation
import JSEngine

/// The native half of KeyObject, key generation, sign/verify with key objects, the RSA encryptions and
/// Diffie-Hellman derivations, over `ckeys.h`.
enum KeyBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        let keys = runtime.asymmetricKeys
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func bytes(_ args: [JSValue], _ index: Int) -> [UInt8] { index < args.count ? args[index].bytes() ?? [] : [] }
        func optionalBytes(_ args: [JSValue], _ index: Int) -> [UInt8]? { index < args.count ? args[index].bytes() : nil }
        func text(_ args: [JSValue], _ index: Int) -> String? { index < args.count && !args[index].isNullOrUndefined ? args[index].toString() : nil }
        func int(_ args: [JSValue], _ index: Int) -> Int { index < args.count ? args[index].toInt() : 0 }
        func key(_ args: [JSValue], _ index: Int) throws -> OpaquePointer {
            guard index < args.count else { throw JSHostError("Invalid key object", constructor: "TypeError", code: "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE") }
            return try keys.object(args[index])
        }
        func failure(_ error: [CChar], code: String = "ERR_OSSL_UNSUPPORTED") -> JSHostError {
            let message = CText.string(error)
            if message.hasPrefix("Invalid digest") { return JSHostError(message, constructor: "TypeError", code: "ERR_CRYPTO_INVALID_DIGEST") }
            return JSHostError(message, code: code)
        }
        func handle(_ key: OpaquePointer, _ engine: JSEngine, more: [() -> JSValue] = []) -> JSValue { keys.handle(key, engine, more: more) }

        // keyParse(bytes, der, privateOnly, passphrase) → [id, token, isPrivate]
        define("keyParse") { engine, _, args in
            let data = bytes(args, 0), passphrase = optionalBytes(args, 3) ?? []
            let der: Int32 = args.count > 1 && args[1].isTruthy ? 1 : 0
            let privateOnly: Int32 = args.count > 2 && args[2].isTruthy ? 1 : 0
            let hasPassphrase = args.count > 3 && !args[3].isNullOrUndefined
            var isPrivate: Int32 = 0
            var error = [CChar](repeating: 0, count: 256)
            let parsed: OpaquePointer? = passphrase.withUnsafeBytes { phrase in
                ckeys_parse(data, data.count, der, privateOnly, hasPassphrase ? phrase.baseAddress ?? UnsafeRawPointer(bitPattern: 1) : nil,
                            phrase.count, &isPrivate, &error, error.count)
            }
            guard let parsed else { throw failure(error, code: "ERR_OSSL_UNSUPPORTED") }
            return handle(parsed, engine, more: [{ engine.boolean(isPrivate == 1) }])
        }
        // keyGenerate(type, bits, exponent, curve) → [id, token]
        define("keyGenerate") { engine, _, args in
            let exponent = bytes(args, 2)
            var error = [CChar](repeating: 0, count: 256)
            guard let made = ckeys_generate(text(args, 0) ?? "", Int32(clamping: int(args, 1)), exponent, exponent.count, text(args, 3), &error, error.count) else {
                throw failure(error)
            }
            return handle(made, engine)
        }
        // keyInfo(id) → [type, bits, curve]
        define("keyInfo") { engine, _, args in
            let found = try key(args, 0)
            var curve = [CChar](repeating: 0, count: 64)
            let length = ckeys_curve(found, &curve, curve.count)
            return engine.array(making: [{ engine.string(String(cString: ckeys_type(found))) }, { engine.number(Int(ckeys_bits(found))) },
                                         { length > 0 ? engine.string(CText.string(curve)) : engine.undefined }])
        }
        // keyParam(id, name) → big-endian bytes, or undefined
        define("keyParam") { engine, _, args in
            let found = try key(args, 0)
            var out = [UInt8](repeating: 0, count: 1024)
            let length = ckeys_bn_param(found, text(args, 1) ?? "", &out, out.count)
            return length < 0 ? engine.undefined : engine.uint8Array(Array(out[0..<length]))
        }
        // keyRaw(id, private) → bytes, or undefined
        define("keyRaw") { engine, _, args in
            let found = try key(args, 0)
            var out = [UInt8](repeating: 0, count: 128)
            let length = ckeys_raw(found, args.count > 1 && args[1].isTruthy ? 1 : 0, &out, out.count)
            return length < 0 ? engine.undefined : engine.uint8Array(Array(out[0..<length]))
        }
        define("keyEquals") { engine, _, args in
            engine.boolean(ckeys_equal(try key(args, 0), try key(args, 1)) == 1)
        }
        // keyExport(id, private, der, structure, cipher, passphrase) → bytes
        define("keyExport") { engine, _, args in
            let found = try key(args, 0)
            let passphrase = bytes(args, 5)
            var length = 0
            var error = [CChar](repeating: 0, count: 256)
            guard let out = ckeys_export(found, args[1].isTruthy ? 1 : 0, args[2].isTruthy ? 1 : 0, text(args, 3), text(args, 4),
                                         passphrase, passphrase.count, &length, &error, error.count) else { throw failure(error) }
            defer { free(out) }
            return engine.uint8Array(Array(UnsafeBufferPointer(start: out, count: length)))
        }
        // keyCipher(id, operation, padding, oaepDigest, label, input) → bytes
        define("keyCipher") { engine, _, args in
            let found = try key(args, 0)
            let label = bytes(args, 4), input = bytes(args, 5)
            var out = [UInt8](repeating: 0, count: max(1024, input.count + 1024))
            var error = [CChar](repeating: 0, count: 256)
            let length = ckeys_cipher(found, Int32(clamping: int(args, 1)), Int32(clamping: int(args, 2)), text(args, 3), label, label.count,
                                      input, input.count, &out, out.count, &error, error.count)
            guard length >= 0 else { throw failure(error, code: "ERR_OSSL_EVP_DECRYPT") }
            return engine.uint8Array(Array(out[0..<length]))
        }
        // keyDerive(privateId, publicId) → the shared secret
        define("keyDerive") { engine, _, args in
            var out = [UInt8](repeating: 0, count: 1024)
            var error = [CChar](repeating: 0, count: 256)
            let length = ckeys_derive(try key(args, 0), try key(args, 1), &out, out.count, &error, error.count)
            guard length >= 0 else { throw failure(error, code: "ERR_CRYPTO_OPERATION_FAILED") }
            return engine.uint8Array(Array(out[0..<length]))
        }
        // keySign(id, digest, padding, saltLength, data) → signature (DER for ECDSA)
        define("keySign") { engine, _, args in
            let data = bytes(args, 4)
            var out = [UInt8](repeating: 0, count: 16 * 1024)
            var error = [CChar](repeating: 0, count: 256)
            let length = ckeys_sign(try key(args, 0), text(args, 1), Int32(clamping: int(args, 2)), Int32(clamping: int(args, 3)),
                                    data, data.count, &out, out.count, &error, error.count)
            guard length >= 0 else { throw failure(error) }
            return engine.uint8Array(Array(out[0..<length]))
        }
        // keyVerify(id, digest, padding, saltLength, data, signature) → boolean
        define("keyVerify") { engine, _, args in
            let data = bytes(args, 4), signature = bytes(args, 5)
            var error = [CChar](repeating: 0, count: 256)
            let result = ckeys_verify(try key(args, 0), text(args, 1), Int32(clamping: int(args, 2)), Int32(clamping: int(args, 3)),
                                      data, data.count, signature, signature.count, &error, error.count)
            guard result >= 0 else { throw failure(error) }
            return engine.boolean(result == 1)
        }
    }
}

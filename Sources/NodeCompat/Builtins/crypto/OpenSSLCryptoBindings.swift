import COpenSSL
import Foundation
import JSEngine

/// The native half of the `crypto` functions swift-crypto lacks or does differently from Node: PBKDF2, scrypt,
/// HKDF and streamed AEAD ciphers (keys and signatures are KeyBindings'), all through the system's OpenSSL (`ccrypto.h`), which is
/// what Node runs them on.
enum OpenSSLCryptoBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func arg(_ args: [JSValue], _ index: Int) -> JSValue { index < args.count ? args[index] : engine.undefined }
        func bytes(_ args: [JSValue], _ index: Int) -> [UInt8] { arg(args, index).bytes() ?? [] }
        func text(_ args: [JSValue], _ index: Int) -> String { arg(args, index).toString() }
        func optionalText(_ args: [JSValue], _ index: Int) -> String? { arg(args, index).isNullOrUndefined ? nil : text(args, index) }
        func failure(_ error: [CChar], code: String = "ERR_OSSL_EVP_UNSUPPORTED") -> JSHostError {
            let message = CText.string(error)
            if message.hasPrefix("Invalid digest") { return JSHostError(message, constructor: "TypeError", code: "ERR_CRYPTO_INVALID_DIGEST") }
            return JSHostError(message, code: code)
        }

        // pbkdf2(password, salt, iterations, length, digest)
        define("pbkdf2") { engine, _, args in
            let password = bytes(args, 0), salt = bytes(args, 1)
            var out = [UInt8](repeating: 0, count: max(0, arg(args, 3).toInt()))
            var error = [CChar](repeating: 0, count: 256)
            guard ccrypto_pbkdf2(password, password.count, salt, salt.count, UInt(max(1, arg(args, 2).toInt())), text(args, 4),
                                 &out, out.count, &error, error.count) == 1 else { throw failure(error) }
            return engine.uint8Array(out)
        }
        // scrypt(password, salt, length, N, r, p, maxmem)
        define("scrypt") { engine, _, args in
            let password = bytes(args, 0), salt = bytes(args, 1)
            var out = [UInt8](repeating: 0, count: max(0, arg(args, 2).toInt()))
            var error = [CChar](repeating: 0, count: 256)
            guard ccrypto_scrypt(password, password.count, salt, salt.count, UInt64(max(0, arg(args, 3).toDouble())),
                                 UInt64(max(0, arg(args, 4).toDouble())), UInt64(max(0, arg(args, 5).toDouble())),
                                 UInt64(max(0, arg(args, 6).toDouble())), &out, out.count, &error, error.count) == 1 else {
                throw JSHostError("Invalid scrypt params: \(CText.string(error))", constructor: "RangeError", code: "ERR_CRYPTO_INVALID_SCRYPT_PARAMS")
            }
            return engine.uint8Array(out)
        }
        // hkdf(digest, key, salt, info, length)
        define("hkdf") { engine, _, args in
            let key = bytes(args, 1), salt = bytes(args, 2), info = bytes(args, 3)
            var out = [UInt8](repeating: 0, count: max(0, arg(args, 4).toInt()))
            var error = [CChar](repeating: 0, count: 256)
            guard ccrypto_hkdf(text(args, 0), key, key.count, salt, salt.count, info, info.count, &out, out.count, &error, error.count) == 1 else {
                throw failure(error)
            }
            return engine.uint8Array(out)
        }
        // cipherOpen(name, encrypt, key, iv, tagLength) → handle
        define("cipherOpen") { [unowned runtime] engine, _, args in
            let key = bytes(args, 2), iv = bytes(args, 3)
            var error = [CChar](repeating: 0, count: 256)
            guard let cipher = ccrypto_cipher_new(text(args, 0), arg(args, 1).isTruthy ? 1 : 0, key, key.count, iv, iv.count,
                                                  max(0, arg(args, 4).toInt()), &error, error.count) else {
                let message = CText.string(error)
                throw JSHostError(message, constructor: message == "Invalid key length" ? "RangeError" : "Error",
                                  code: message == "Invalid key length" ? "ERR_CRYPTO_INVALID_KEYLEN" : "ERR_CRYPTO_UNKNOWN_CIPHER")
            }
            runtime.ciphers.append(cipher)
            return engine.number(runtime.ciphers.count - 1)
        }
        func cipher(_ args: [JSValue]) throws -> OpaquePointer {
            let handle = arg(args, 0).toInt()
            guard handle >= 0, handle < runtime.ciphers.count, let found = runtime.ciphers[handle] else {
                throw JSHostError("Trying to add data in unsupported state", code: "ERR_CRYPTO_INVALID_STATE")
            }
            return found
        }
        define("cipherAAD") { engine, _, args in
            let aad = bytes(args, 1)
            var error = [CChar](repeating: 0, count: 256)
            guard ccrypto_cipher_aad(try cipher(args), aad, aad.count, &error, error.count) == 1 else { throw failure(error) }
            return engine.undefined
        }
        define("cipherUpdate") { engine, _, args in
            let input = bytes(args, 1)
            var out = [UInt8](repeating: 0, count: input.count + 32)
            var error = [CChar](repeating: 0, count: 256)
            let written = ccrypto_cipher_update(try cipher(args), input, input.count, &out, &error, error.count)
            guard written >= 0 else { throw failure(error, code: "ERR_CRYPTO_INVALID_STATE") }
            return engine.uint8Array(Array(out[0..<written]))
        }
        define("cipherSetTag") { engine, _, args in
            let tag = bytes(args, 1)
            var error = [CChar](repeating: 0, count: 256)
            guard ccrypto_cipher_set_tag(try cipher(args), tag, tag.count, &error, error.count) == 1 else {
                throw JSHostError("Invalid authentication tag length: \(tag.count)", constructor: "TypeError", code: "ERR_CRYPTO_INVALID_AUTH_TAG")
            }
            return engine.undefined
        }
        define("cipherPadding") { engine, _, args in
            engine.boolean(ccrypto_cipher_padding(try cipher(args), arg(args, 1).isTruthy ? 1 : 0) == 1)
        }
        // cipherInfo(name) → [nid, blockSize, ivLength, keyLength, mode, shortName], or undefined
        define("cipherInfo") { engine, _, args in
            var nid: Int32 = 0, block: Int32 = 0, iv: Int32 = 0, key: Int32 = 0, mode: Int32 = 0
            var name = [CChar](repeating: 0, count: 128)
            guard ccrypto_cipher_info(text(args, 0), &nid, &block, &iv, &key, &mode, &name, name.count) == 1 else { return engine.undefined }
            return engine.array([nid, block, iv, key, mode].map { engine.number(Int($0)) } + [engine.string(CText.string(name))])
        }
        // cipherNames() and curveNames(): OpenSSL's, one a line
        define("cipherNames") { engine, _, _ in
            var buffer = [CChar](repeating: 0, count: 64 * 1024)
            _ = ccrypto_cipher_names(&buffer, buffer.count)
            return engine.string(CText.string(buffer))
        }
        define("curveNames") { engine, _, _ in
            var buffer = [CChar](repeating: 0, count: 16 * 1024)
            _ = ccrypto_curve_names(&buffer, buffer.count)
            return engine.string(CText.string(buffer))
        }
        // primeGenerate(bits, safe, add, rem) → big-endian bytes
        define("primeGenerate") { engine, _, args in
            let add = bytes(args, 2), rem = bytes(args, 3)
            var out = [UInt8](repeating: 0, count: 4096)
            var error = [CChar](repeating: 0, count: 256)
            let length = ccrypto_prime_generate(Int32(clamping: arg(args, 0).toInt()), arg(args, 1).isTruthy ? 1 : 0, add, add.count, rem, rem.count,
                                                &out, out.count, &error, error.count)
            guard length >= 0 else { throw failure(error, code: "ERR_OSSL_BN_BITS_TOO_SMALL") }
            return engine.uint8Array(Array(out[0..<length]))
        }
        define("primeCheck") { engine, _, args in
            let candidate = bytes(args, 0)
            let result = ccrypto_prime_check(candidate, candidate.count)
            guard result >= 0 else { throw JSHostError("checkPrime failed", code: "ERR_OSSL_UNSUPPORTED") }
            return engine.boolean(result == 1)
        }
        // cipherFinal(handle, tagLength) → [output, tag]; the handle is released.
        define("cipherFinal") { [unowned runtime] engine, _, args in
            let handle = arg(args, 0).toInt()
            let found = try cipher(args)
            defer { ccrypto_cipher_free(found); runtime.ciphers[handle] = nil }
            var out = [UInt8](repeating: 0, count: 64)
            var error = [CChar](repeating: 0, count: 256)
            let written = ccrypto_cipher_final(found, &out, &error, error.count)
            guard written >= 0 else { throw JSHostError(CText.string(error), code: "ERR_CRYPTO_INVALID_STATE") }
            var tag = [UInt8](repeating: 0, count: max(0, arg(args, 1).toInt()))
            if !tag.isEmpty, ccrypto_cipher_tag(found, &tag, tag.count, &error, error.count) != 1 { tag = [] }
            return engine.array(making: [{ engine.uint8Array(Array(out[0..<written])) }, { engine.uint8Array(tag) }])
        }
    }
}

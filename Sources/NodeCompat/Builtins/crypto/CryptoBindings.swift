import Crypto
import Foundation
import JSEngine

/// The native half of the `crypto` builtin: digests, HMACs and random bytes over swift-crypto.
enum CryptoBindings {
    static func install(on host: JSValue, engine: JSEngine) {
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func bytes(_ args: [JSValue], _ index: Int) -> [UInt8] { index < args.count ? args[index].bytes() ?? [] : [] }
        func text(_ args: [JSValue], _ index: Int) -> String { index < args.count ? args[index].toString() : "" }

        define("digest") { engine, _, args in
            let data = bytes(args, 1)
            switch text(args, 0).lowercased() {
            case "md5": return engine.uint8Array(Array(Insecure.MD5.hash(data: data)))
            case "sha1": return engine.uint8Array(Array(Insecure.SHA1.hash(data: data)))
            case "sha256": return engine.uint8Array(Array(SHA256.hash(data: data)))
            case "sha384": return engine.uint8Array(Array(SHA384.hash(data: data)))
            case "sha512": return engine.uint8Array(Array(SHA512.hash(data: data)))
            default: throw JSHostError("Digest method not supported", constructor: "Error", code: "ERR_OSSL_EVP_UNSUPPORTED")
            }
        }
        define("hmac") { engine, _, args in
            let key = SymmetricKey(data: bytes(args, 1))
            let data = bytes(args, 2)
            switch text(args, 0).lowercased() {
            case "md5": return engine.uint8Array(Array(HMAC<Insecure.MD5>.authenticationCode(for: data, using: key)))
            case "sha1": return engine.uint8Array(Array(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: key)))
            case "sha256": return engine.uint8Array(Array(HMAC<SHA256>.authenticationCode(for: data, using: key)))
            case "sha384": return engine.uint8Array(Array(HMAC<SHA384>.authenticationCode(for: data, using: key)))
            case "sha512": return engine.uint8Array(Array(HMAC<SHA512>.authenticationCode(for: data, using: key)))
            default: throw JSHostError("Invalid digest: \(text(args, 0))", constructor: "TypeError", code: "ERR_CRYPTO_INVALID_DIGEST")
            }
        }
        define("randomBytes") { engine, _, args in
            var buffer = [UInt8](repeating: 0, count: max(0, min(1 << 30, args.first?.toInt() ?? 0)))
            SecureRandom.fill(&buffer)
            return engine.uint8Array(buffer)
        }
    }
}

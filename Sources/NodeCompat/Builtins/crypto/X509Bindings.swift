import COpenSSL
import Foundation
import JSEngine

/// The native half of crypto.X509Certificate, over `cx509.h`.
enum X509Bindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        let certificates = runtime.certificates
        let keys = runtime.asymmetricKeys
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func at(_ args: [JSValue], _ index: Int) -> JSValue? { index < args.count ? args[index] : nil }

        // x509Parse(bytes) → [id, token]
        define("x509Parse") { engine, _, args in
            let data = at(args, 0)?.bytes() ?? []
            var error = [CChar](repeating: 0, count: 256)
            guard let parsed = cx509_parse(data, data.count, &error, error.count) else {
                throw JSHostError(CText.string(error), code: "ERR_OSSL_ASN1_HEADER_TOO_LONG")
            }
            return certificates.handle(parsed, engine)
        }
        // x509Text(id, field) → string
        define("x509Text") { engine, _, args in
            let found = try certificates.object(at(args, 0))
            var out = [CChar](repeating: 0, count: 64 * 1024)
            let length = cx509_text(found, at(args, 1)?.toString() ?? "", &out, out.count)
            return engine.string(String(decoding: out[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        // x509Der(id, publicKey) → bytes
        define("x509Der") { engine, _, args in
            let found = try certificates.object(at(args, 0))
            var out = [UInt8](repeating: 0, count: 64 * 1024)
            let length = cx509_der(found, at(args, 1)?.isTruthy == true ? 1 : 0, &out, out.count)
            guard length >= 0 else { throw JSHostError("could not encode the certificate", code: "ERR_OSSL_ASN1") }
            return engine.uint8Array(Array(out[0..<length]))
        }
        define("x509IsCA") { engine, _, args in engine.boolean(cx509_is_ca(try certificates.object(at(args, 0))) == 1) }
        // x509Check(id, kind, value, flags) → the matching name (host), true (email, IP), or undefined
        define("x509Check") { engine, _, args in
            let found = try certificates.object(at(args, 0))
            var matched = [CChar](repeating: 0, count: 512)
            let value = at(args, 2)?.toString() ?? ""
            let result = cx509_check(found, Int32(clamping: at(args, 1)?.toInt() ?? 0), value, UInt32(truncatingIfNeeded: at(args, 3)?.toInt() ?? 0), &matched, matched.count)
            guard result == 1 else { return engine.undefined }
            return engine.string((at(args, 1)?.toInt() ?? 0) == 0 ? CText.string(matched) : value)
        }
        define("x509Issued") { engine, _, args in
            engine.boolean(cx509_issued(try certificates.object(at(args, 0)), try certificates.object(at(args, 1))) == 1)
        }
        // spkac(base64, what) → 1/0 (verify), bytes (public key DER, challenge), or null when unreadable
        define("spkac") { engine, _, args in
            let text = Array((at(args, 0)?.toString() ?? "").utf8)
            let what = Int32(clamping: at(args, 1)?.toInt() ?? 0)
            guard !text.isEmpty else { return engine.null }
            var out = [UInt8](repeating: 0, count: 16 * 1024)
            let length = text.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cx509_spkac($0, buffer.count, what, &out, out.count) }
            }
            guard length >= 0 else { return engine.null }
            return what == Int32(CX509_SPKAC_VERIFY) ? engine.number(Double(length)) : engine.uint8Array(Array(out[0..<length]))
        }
        // x509MatchesKey(id, keyId, private) → boolean
        define("x509MatchesKey") { engine, _, args in
            let found = try certificates.object(at(args, 0))
            let key = try keys.object(at(args, 1))
            return engine.boolean(cx509_matches_key(found, UnsafeRawPointer(key), at(args, 2)?.isTruthy == true ? 1 : 0) == 1)
        }
    }
}

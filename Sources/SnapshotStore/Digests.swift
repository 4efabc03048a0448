import Crypto
import Foundation
import JSHostCore

/// Hashes and identities used by stores.
public enum Digests {
    public static func sha256(_ text: String) -> String {
        let digest = SHA256.hash(data: Data(text.utf8))
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// sha256 of a JSON value's canonical form (`JSONSyntax.canonical`): the same however the value is written,
    /// which is what an export line's hash covers. Nil when the text is not JSON.
    public static func canonicalSHA256(ofJSON json: String) -> String? {
        (try? JSONSyntax.canonical(json)).map(sha256)
    }

    /// sha256 of a JSON value in canonical form (sorted keys), so key order does not change the fingerprint.
    public static func fingerprint(ofJSON json: String) -> String {
        guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return sha256(json) }
        return sha256(String(decoding: data, as: UTF8.self))
    }
}

import Crypto
import _CryptoExtras
import Foundation

/// sailor's message encryption (`lib/encryptor.js`): AES-256-CBC with PKCS#7 padding, the key the SHA-256 of the
/// password's UTF-8, the IV the configured text's bytes (16 of them). Protocol version 1 carries the ciphertext as
/// base64 text, version 2 and above as raw bytes. With no password, messages are plain JSON.
public struct MessageCipher: Sendable {
    // Bytes, not swift-crypto's types, which are not Sendable.
    private let keyBytes: [UInt8]?
    private let ivBytes: [UInt8]

    public init(password: String, iv: String) throws(CipherError) {
        ivBytes = Array(iv.utf8)
        guard !password.isEmpty else {
            keyBytes = nil
            return
        }
        guard ivBytes.count == 16 else { throw .badIV(count: ivBytes.count) }
        keyBytes = Array(SHA256.hash(data: Data(password.utf8)))
    }

    private var parts: (key: SymmetricKey, iv: AES._CBC.IV)? {
        guard let keyBytes, let iv = try? AES._CBC.IV(ivBytes: ivBytes) else { return nil }
        return (SymmetricKey(data: keyBytes), iv)
    }

    /// The AMQP body for a message's JSON, in the given protocol version.
    public func seal(_ json: String, protocolVersion: Int) throws(CipherError) -> [UInt8] {
        guard let keyBytes else { return Array(json.utf8) }
        let sealed: Data
        if SystemCBC.available {
            guard let bytes = SystemCBC.crypt(encrypt: true, key: keyBytes, iv: ivBytes, Array(json.utf8)) else {
                throw .failed("OpenSSL could not encrypt it")
            }
            sealed = Data(bytes)
        } else {
            guard let (key, iv) = parts else { return Array(json.utf8) }
            do {
                sealed = try AES._CBC.encrypt(Data(json.utf8), using: key, iv: iv)
            } catch {
                throw .failed("\(error)")
            }
        }
        return protocolVersion >= 2 ? Array(sealed) : Array(sealed.base64EncodedString().utf8)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// A message's JSON from its AMQP body (base64 text below protocol version 2, raw bytes from it).
    public func open(_ body: [UInt8], protocolVersion: Int) throws(CipherError) -> String {
        guard let keyBytes else { return String(decoding: body, as: UTF8.self) }
        let ciphertext: Data
        if protocolVersion >= 2 {
            ciphertext = Data(body)
        } else {
            // Whitespace around the text is tolerated, as Node's base64 decoding tolerates it.
            var slice = body[...]
            while let first = slice.first, Self.isSpace(first) { slice = slice.dropFirst() }
            while let last = slice.last, Self.isSpace(last) { slice = slice.dropLast() }
            guard let decoded = Data(base64Encoded: Data(slice)) else { throw .notBase64 }
            ciphertext = decoded
        }
        let plain: Data
        if SystemCBC.available {
            guard let bytes = SystemCBC.crypt(encrypt: false, key: keyBytes, iv: ivBytes, Array(ciphertext)) else { throw .wrongKeyOrDamaged }
            plain = Data(bytes)
        } else {
            guard let (key, iv) = parts else { throw .wrongKeyOrDamaged }
            do {
                plain = try AES._CBC.decrypt(ciphertext, using: key, iv: iv)
            } catch {
                throw .wrongKeyOrDamaged
            }
        }
        guard let text = String(data: plain, encoding: .utf8) else { throw .wrongKeyOrDamaged }
        return text
    }
}

public enum CipherError: Error, Equatable, CustomStringConvertible {
    case badIV(count: Int)
    case notBase64
    case wrongKeyOrDamaged
    case failed(String)

    public var description: String {
        switch self {
        case .badIV(let count):
            return "ELASTICIO_MESSAGE_CRYPTO_IV must be 16 characters (sailor uses its bytes as the IV); it has \(count) bytes"
        case .notBase64:
            return "the message body is not base64 text, as protocol version 1 sends it; is the sender on protocol version 2?"
        case .wrongKeyOrDamaged:
            return "the message does not decrypt: a different ELASTICIO_MESSAGE_CRYPTO_PASSWORD or IV, or a damaged message"
        case .failed(let reason):
            return "the message could not be encrypted: \(reason)"
        }
    }
}

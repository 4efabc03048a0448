import COpenSSL

/// AES-256-CBC with PKCS#7 padding through the system's OpenSSL (the library a broker connection loads anyway):
/// swift-crypto's CBC expands the key again for every 16-byte block, which showed as a tenth of a relay's profile.
/// `available` is false where OpenSSL 3 cannot be loaded; MessageCipher then uses swift-crypto's.
enum SystemCBC {
    static let available: Bool = {
        var error = [CChar](repeating: 0, count: 256)
        return ccrypto_load(&error, error.count) == 1
    }()

    /// The input encrypted or decrypted; nil when OpenSSL refused it (a wrong key or damaged ciphertext: bad padding).
    static func crypt(encrypt: Bool, key: [UInt8], iv: [UInt8], _ input: [UInt8]) -> [UInt8]? {
        var error = [CChar](repeating: 0, count: 256)
        guard let cipher = ccrypto_cipher_new("aes-256-cbc", encrypt ? 1 : 0, key, key.count, iv, iv.count, 0, &error, error.count) else {
            return nil
        }
        defer { ccrypto_cipher_free(cipher) }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        let length = output.withUnsafeMutableBytes { out -> Int in
            let written = input.withUnsafeBytes { ccrypto_cipher_update(cipher, $0.baseAddress, $0.count, out.baseAddress, &error, error.count) }
            guard written >= 0 else { return -1 }
            let last = ccrypto_cipher_final(cipher, out.baseAddress! + written, &error, error.count)
            return last >= 0 ? written + last : -1
        }
        guard length >= 0 else { return nil }
        output.removeLast(output.count - length)
        return output
    }
}

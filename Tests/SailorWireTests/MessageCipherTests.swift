import Crypto
import _CryptoExtras
import Foundation
import Testing
import TestSupport
@testable import SailorWire

/// sailor's encryption, checked against Node's crypto doing what sailor's lib/encryptor.js does.
@Suite struct MessageCipherTests {
    static let password = "testCryptoPassword"
    static let iv = "iv=any16_symbols"
    static let message = #"{"id":"7","body":{"name":"Ünïcødé ✓","n":[1,2]},"headers":{},"attachments":{}}"#

    /// Node's half: `node -e` with sailor's key derivation and cipher, reading and writing base64.
    func node(_ script: String, _ input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(TestRequirements.node))
        process.arguments = ["-e", """
            const crypto = require('crypto');
            const key = crypto.createHash('sha256').update('\(Self.password)', 'utf8').digest();
            const iv = Buffer.from('\(Self.iv)');
            const input = Buffer.from(process.argv[1], 'base64');
            \(script)
            """, Data(input.utf8).base64EncodedString()]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: TestRequirements.met(TestRequirements.node != nil), "needs Node as the oracle"))
    func whatNodeSealsOpensHereAndTheOtherWayRound() throws {
        let cipher = try MessageCipher(password: Self.password, iv: Self.iv)
        // Node encrypts as sailor's encryptMessageContent does; protocol version 1 sends base64 text.
        let fromNode = try node("""
            const c = crypto.createCipheriv('aes-256-cbc', key, iv);
            process.stdout.write(Buffer.concat([c.update(input), c.final()]).toString('base64'));
            """, Self.message)
        #expect(try cipher.open(Array(fromNode.utf8), protocolVersion: 1) == Self.message)
        // Version 2: the same ciphertext as raw bytes.
        let raw = try #require(Data(base64Encoded: fromNode))
        #expect(try cipher.open(Array(raw), protocolVersion: 2) == Self.message)

        let sealed = try cipher.seal(Self.message, protocolVersion: 1)
        #expect(String(decoding: sealed, as: UTF8.self) == fromNode, "the same key, IV and padding give the same bytes")
        let opened = try node("""
            const d = crypto.createDecipheriv('aes-256-cbc', key, iv);
            process.stdout.write(Buffer.concat([d.update(Buffer.from(input.toString(), 'base64')), d.final()]).toString());
            """, String(decoding: sealed, as: UTF8.self))
        #expect(opened == Self.message)
        #expect(try cipher.seal(Self.message, protocolVersion: 2) == Array(raw))
    }

    /// The system's OpenSSL does the work where it loads; swift-crypto's CBC, the fallback, gives the same bytes.
    @Test func theSystemCipherAndTheFallbackAgree() throws {
        #expect(SystemCBC.available, "OpenSSL 3 (libssl3) is on every machine jshost supports")
        let key = Array(SHA256.hash(data: Data(Self.password.utf8))), iv = Array(Self.iv.utf8)
        for length in [0, 1, 15, 16, 17, 100] {
            let plain = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7) }
            let sealed = try #require(SystemCBC.crypt(encrypt: true, key: key, iv: iv, plain))
            let fallback = try AES._CBC.encrypt(plain, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: iv))
            #expect(sealed == Array(fallback), "\(length) bytes")
            #expect(SystemCBC.crypt(encrypt: false, key: key, iv: iv, sealed) == plain)
        }
        let otherKey = Array(SHA256.hash(data: Data("another".utf8)))
        let sealed = try #require(SystemCBC.crypt(encrypt: true, key: key, iv: iv, Array("{}".utf8)))
        #expect(SystemCBC.crypt(encrypt: false, key: otherKey, iv: iv, sealed) == nil, "bad padding under the wrong key")
    }

    @Test func withoutAPasswordMessagesArePlainJSON() throws {
        let cipher = try MessageCipher(password: "", iv: "")
        #expect(try cipher.seal(Self.message, protocolVersion: 1) == Array(Self.message.utf8))
        #expect(try cipher.open(Array(Self.message.utf8), protocolVersion: 2) == Self.message)
    }

    @Test func badInputIsRefusedSayingWhy() throws {
        #expect(throws: CipherError.badIV(count: 5)) { try MessageCipher(password: "p", iv: "short") }
        let cipher = try MessageCipher(password: Self.password, iv: Self.iv)
        #expect(throws: CipherError.notBase64) { try cipher.open(Array("not base64 ***".utf8), protocolVersion: 1) }
        let other = try MessageCipher(password: "another password", iv: Self.iv)
        let sealed = try cipher.seal(Self.message, protocolVersion: 2)
        #expect(throws: CipherError.wrongKeyOrDamaged) { try other.open(sealed, protocolVersion: 2) }
        #expect(CipherError.badIV(count: 5).description.contains("16 characters"))
    }
}

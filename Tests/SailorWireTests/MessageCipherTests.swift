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

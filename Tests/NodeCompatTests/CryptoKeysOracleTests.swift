import Foundation
import Testing
import TestSupport
@testable import NodeCompat

/// PBKDF2, scrypt, HKDF, RSA/PSS/ECDSA signatures with PEM keys and AES-GCM, in Node and in jshost.
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")),
                "needs Node v20 as the oracle and the openssl command (scripts/install-dependencies test)"))
struct CryptoKeysOracleTests {
    @Test func keysSignaturesAndAEADMatchNode() throws {
        let keys = try TestKeys()
        let source = try String(contentsOf: FixtureServer.fixtures.appendingPathComponent("crypto-keys.js"), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let expected = try NodeOracle.node(source, in: tree, environment: ["KEY_DIR": keys.directory])
        let actual = try NodeOracle.jshost(source, in: tree, environment: ["KEY_DIR": keys.directory])
        #expect(expected.contains("hkdf async null"))
        #expect(actual == expected)
    }

    /// KeyObject, JWK, generation, RSA encryption, ECDH and X25519, and Debian's jose on top of them.
    @Test func keyObjectsMatchNode() throws {
        let keys = try TestKeys()
        let source = try String(contentsOf: FixtureServer.fixtures.appendingPathComponent("crypto-keyobjects.js"), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let environment = ["KEY_DIR": keys.directory, "NODE_PATH": TestRequirements.nodeLibraries]
        let expected = try NodeOracle.node(source, in: tree, environment: environment)
        let actual = try NodeOracle.jshost(source, in: tree, environment: environment)
        #expect(expected.contains("jose JWK"))
        #expect(actual == expected)
    }

    /// Web Crypto (`crypto.subtle`, CryptoKey, Crypto) for every algorithm Node 20 has, over the same OpenSSL.
    @Test func webCryptoMatchesNode() throws {
        let keys = try TestKeys()
        let source = try String(contentsOf: FixtureServer.fixtures.appendingPathComponent("webcrypto.js"), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let expected = try NodeOracle.node(source, in: tree, environment: ["KEY_DIR": keys.directory])
        let actual = try NodeOracle.jshost(source, in: tree, environment: ["KEY_DIR": keys.directory])
        #expect(expected.contains("x25519 32"))
        #expect(actual == expected)
    }
}

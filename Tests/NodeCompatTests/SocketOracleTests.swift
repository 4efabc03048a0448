import Foundation
import Testing
import TestSupport
@testable import NodeCompat

/// net and tls client sockets against Node's own servers on loopback, in Node and in jshost.
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")),
                "needs Node v20 as the oracle and the openssl command (scripts/install-dependencies test)"))
struct SocketOracleTests {
    @Test(arguments: ["net-client.js", "tls-client.js"])
    func socketsMatchNode(_ script: String) throws {
        let certificates = try TestCertificates()
        let tcpPort = FixtureServer.freePort(), tlsPort = tcpPort + 1
        let server = try FixtureServer("socket-servers.js", arguments: [String(tcpPort), String(tlsPort), certificates.directory])
        let source = try String(contentsOf: FixtureServer.fixtures.appendingPathComponent(script), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let environment = ["TCP_PORT": String(tcpPort), "TLS_PORT": String(tlsPort), "CERT_DIR": certificates.directory]
        let expected = try NodeOracle.node(source, in: tree, environment: environment)
        let actual = try NodeOracle.jshost(source, in: tree, environment: environment)
        withExtendedLifetime(server) {}
        #expect(expected.hasSuffix("all steps done\n"))
        #expect(actual == expected)
    }
}

/// HTTP client packages (request and its family, got, superagent, a proxy agent, websockets) against Node's own
/// HTTP, HTTPS, proxy and websocket servers on loopback, in Node and in jshost.
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil && FileManager.default.fileExists(atPath: "/usr/share/nodejs/request")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")),
                "needs Node v20, Debian's node-request family and the openssl command (scripts/install-dependencies test)"))
struct HTTPPackageTests {
    @Test func httpClientPackagesSendAndReceiveWhatNodeDoes() throws {
        let certificates = try TestCertificates()
        let first = FixtureServer.freePort()
        let ports = ["http": first, "https": first + 1, "proxy": first + 2, "ws": first + 3]
        let library = ["NODE_PATH": "/usr/share/nodejs"]
        let server = try FixtureServer("web-servers.js", arguments: [ports["http"]!, ports["https"]!, ports["proxy"]!, ports["ws"]!].map(String.init)
                                       + [certificates.directory], environment: library)
        let source = try String(contentsOf: FixtureServer.fixtures.appendingPathComponent("http-packages.js"), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let portsJSON = "{" + ports.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        let environment = library.merging(["WEB_PORTS": portsJSON, "CERT_DIR": certificates.directory]) { $1 }
        let expected = try NodeOracle.node(source, in: tree, environment: environment)
        let actual = try NodeOracle.jshost(source, in: tree, environment: environment)
        withExtendedLifetime(server) {}
        #expect(expected.hasSuffix("all steps done\n"))
        #expect(actual == expected)
    }
}

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

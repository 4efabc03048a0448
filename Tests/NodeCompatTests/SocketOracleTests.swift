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

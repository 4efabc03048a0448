import Foundation
import Testing
import TestSupport
@testable import NodeCompat

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

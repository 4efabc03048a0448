import Foundation
import Testing
import TestSupport
@testable import NodeCompat

/// Database and mail clients (Debian's node-pg, node-mysql, node-nodemailer) against real servers on loopback, in
/// Node and in jshost: a PostgreSQL cluster and a MariaDB server of the test's own, and an SMTP server run by Node.
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil), "needs Node v20 as the oracle"))
struct ServerPackageTests {
    /// Where scripts/install-dependencies unpacks node-pg (see there why it is not installed).
    static let unpacked = "/opt/jshost-test-node/usr/share/nodejs"
    static let libraries = ["NODE_PATH": "\(unpacked):/usr/share/nodejs"]

    func compare(_ script: String, environment: [String: String]) throws {
        let source = try String(contentsOf: FixtureServer.fixtures.appendingPathComponent(script), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let expected = try NodeOracle.node(source, in: tree, environment: environment)
        let actual = try NodeOracle.jshost(source, in: tree, environment: environment)
        #expect(expected.hasSuffix("all steps done\n"))
        #expect(actual == expected)
    }

    @Test(.enabled(if: TestRequirements.met(FileManager.default.fileExists(atPath: "\(unpacked)/pg") && PostgresServer.binaries != nil),
                   "needs PostgreSQL and node-pg (scripts/install-dependencies test)"))
    func pgTalksToPostgreSQLAsInNode() throws {
        let server = try PostgresServer()
        try compare("pg-client.js", environment: Self.libraries.merging(server.environment) { $1 })
        withExtendedLifetime(server) {}
    }

    @Test(.enabled(if: TestRequirements.met(FileManager.default.fileExists(atPath: "/usr/share/nodejs/mysql") && MariaDBServer.available),
                   "needs MariaDB and node-mysql (scripts/install-dependencies test)"))
    func mysqlTalksToMariaDBAsInNode() throws {
        let server = try MariaDBServer()
        try compare("mysql-client.js", environment: Self.libraries.merging(["MYSQL_PORT": String(server.port)]) { $1 })
        withExtendedLifetime(server) {}
    }

    @Test(.enabled(if: TestRequirements.met(FileManager.default.fileExists(atPath: "/usr/share/nodejs/nodemailer")),
                   "needs node-nodemailer (scripts/install-dependencies test)"))
    func nodemailerSendsOverSMTPAsInNode() throws {
        let port = FreePort.next()
        let server = try FixtureServer("mail-server.js", arguments: [String(port)])
        try compare("nodemailer-client.js", environment: Self.libraries.merging(["SMTP_PORT": String(port)]) { $1 })
        withExtendedLifetime(server) {}
    }
}

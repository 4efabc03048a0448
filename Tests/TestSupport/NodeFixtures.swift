import Foundation

/// A test CA, a server certificate it signed for localhost and 127.0.0.1, and a client certificate it signed
/// (CN "jshost client"), made with the openssl command.
public final class TestCertificates: @unchecked Sendable {
    public let directory: String

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-certs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: directory + "/ext.cnf", atomically: true, encoding: .utf8)
        let file = { (name: String) in self.directory + "/" + name }
        for arguments in [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.pem"), "-days", "30",
             "-subj", "/CN=jshost test CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("server.key"), "-out", file("server.csr"),
             "-subj", "/C=DE/O=jshost/CN=localhost"],
            ["x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial",
             "-out", file("server.pem"), "-days", "30", "-extfile", file("ext.cnf")],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("client.key"), "-out", file("client.csr"), "-subj", "/CN=jshost client"],
            ["x509", "-req", "-in", file("client.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial",
             "-out", file("client.pem"), "-days", "30"],
        ] {
            try Spawn.run("/usr/bin/openssl", arguments)
        }
    }

    /// The CA's certificate (PEM), what a client passes as `ca`.
    public var caPEM: String { (try? String(contentsOfFile: directory + "/ca.pem", encoding: .utf8)) ?? "" }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// A fixture server script (Tests/NodeCompatTests/Fixtures) run by Node on loopback until the test ends; it prints "listening" once ready.
public final class FixtureServer {
    public static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("NodeCompatTests/Fixtures")
    let process = Process()

    public init(_ script: String, arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/node")
        process.arguments = [Self.fixtures.appendingPathComponent(script).path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        _ = out.fileHandleForReading.availableData   // "listening"
    }

    /// A first port with a few free-looking ones after it (fixture servers take consecutive ports).
    /// A free port and the next one (a fixture may give the second to its TLS twin).
    public static func freePort() -> Int { FreePort.take(count: 2) }

    deinit { process.terminate() }
}


/// An RSA key pair and a P-256 key pair, PEM, made with the openssl command: rsa.pem, rsa.pub, ec.pem, ec.pub; an
/// SPKAC of the RSA key (spkac.txt) and a certificate (cert.pem).
public final class TestKeys: @unchecked Sendable {
    public let directory: String

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jshost-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = { (name: String) in self.directory + "/" + name }
        for arguments in [["genrsa", "-out", file("rsa.pem"), "2048"], ["rsa", "-in", file("rsa.pem"), "-pubout", "-out", file("rsa.pub")],
                          // A signed public key and challenge, as the browsers' <keygen> made them.
                          ["spkac", "-key", file("rsa.pem"), "-challenge", "the challenge", "-out", file("spkac.txt")],
                          ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file("ec.pem")],
                          ["ec", "-in", file("ec.pem"), "-pubout", "-out", file("ec.pub")],
                          // A certificate with the extensions X509Certificate reports.
                          ["req", "-x509", "-key", file("rsa.pem"), "-out", file("cert.pem"), "-days", "30",
                           "-subj", "/C=DE/O=jshost/CN=example.org",
                           "-addext", "subjectAltName=DNS:example.org,DNS:*.example.org,IP:127.0.0.1,email:a@example.org",
                           "-addext", "extendedKeyUsage=serverAuth,clientAuth",
                           "-addext", "authorityInfoAccess=OCSP;URI:http://ocsp.example.org,caIssuers;URI:http://ca.example.org/ca.crt"]] {
            try Spawn.run("/usr/bin/openssl", arguments)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

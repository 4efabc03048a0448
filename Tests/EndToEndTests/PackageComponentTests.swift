import Foundation
import Testing
import TestSupport

/// Components built on real npm packages (Debian's builds, via NODE_PATH), run by `jshost run` against real
/// servers on loopback.
@Suite(.enabled(if: TestRequirements.met(FileManager.default.isExecutableFile(atPath: "/usr/bin/node") && FileManager.default.fileExists(atPath: "/usr/share/nodejs/request")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")),
                "needs Node for the test servers, Debian's node-request and openssl (scripts/install-dependencies test)"))
struct RequestComponentTests {
    func component(_ workspace: Workspace) throws -> String {
        try workspace.write("fetcher/component.json", #"{"triggers":{"fetch":{"main":"./fetch.js"}}}"#)
        try workspace.write("fetcher/fetch.js", """
            const request = require('request');
            const { messages } = require('elasticio-node');
            exports.process = function (msg, cfg) {
              return new Promise((resolve, reject) => {
                request({ url: cfg.url, json: true, ca: cfg.ca }, (error, response, body) => {
                  if (error) { reject(error); return; }
                  resolve(messages.newMessageWithBody({ status: response.statusCode, method: body.method, url: body.url }));
                });
              });
            };
            """)
        return workspace.root + "/fetcher"
    }

    @Test func requestReachesAnHTTPSServerThroughItsOwnCA() throws {
        let certificates = try TestCertificates()
        let first = FixtureServer.freePort()
        let server = try FixtureServer("web-servers.js", arguments: [first, first + 1, first + 2, first + 3].map(String.init) + [certificates.directory],
                                       environment: ["NODE_PATH": "/usr/share/nodejs"])
        let workspace = try Workspace()
        let url = "https://localhost:\(first + 1)/items?page=2"
        let cfg = try String(decoding: JSONSerialization.data(withJSONObject: ["url": url, "ca": certificates.caPEM]), as: UTF8.self)
        let run = try workspace.jshost(["run", try component(workspace), "--cfg", cfg], environment: ["NODE_PATH": "/usr/share/nodejs"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.dataBodies == [#"{"method":"GET","status":200,"url":"/items?page=2"}"#])

        // Without the CA the server is not trusted: an error event with Node's words, and a failed run.
        let untrusted = try String(decoding: JSONSerialization.data(withJSONObject: ["url": url]), as: UTF8.self)
        let refused = try workspace.jshost(["run", try component(workspace), "--cfg", untrusted], environment: ["NODE_PATH": "/usr/share/nodejs"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains(#""message":"unable to verify the first certificate""#), "\(refused.stdout)")
        withExtendedLifetime(server) {}
    }
}

@Suite(.enabled(if: TestRequirements.met(FileManager.default.fileExists(atPath: "/opt/jshost-test-node/usr/share/nodejs/pg") && PostgresServer.binaries != nil),
                "needs PostgreSQL and node-pg (scripts/install-dependencies test)"))
struct PostgresComponentTests {
    static let libraries = ["NODE_PATH": "/opt/jshost-test-node/usr/share/nodejs:/usr/share/nodejs"]

    func component(_ workspace: Workspace) throws -> String {
        try workspace.write("reader/component.json", #"{"triggers":{"read":{"main":"./read.js"}}}"#)
        try workspace.write("reader/read.js", """
            const { Client } = require('pg');
            const { messages } = require('elasticio-node');
            // Emits the rows after the last one a previous run read, two at a time, and remembers the last id.
            exports.process = async function (msg, cfg, snapshot) {
              const client = new Client(cfg);
              await client.connect();
              const after = (snapshot && snapshot.lastId) || 0;
              const { rows } = await client.query('SELECT id, name FROM events WHERE id > $1 ORDER BY id LIMIT 2', [after]);
              await client.end();
              for (const row of rows) await this.emit('data', messages.newMessageWithBody(row));
              if (rows.length) await this.emit('snapshot', { lastId: rows[rows.length - 1].id });
              await this.emit('end');
            };
            """)
        return workspace.root + "/reader"
    }

    @Test func threeChainedRunsReadOnFromTheLastRow() throws {
        let server = try PostgresServer()
        let workspace = try Workspace()
        let setup = try workspace.execute("/usr/bin/psql", ["-v", "ON_ERROR_STOP=1", "-q", "-c",
            "CREATE TABLE events (id serial PRIMARY KEY, name text); INSERT INTO events (name) SELECT 'event ' || n FROM generate_series(1, 5) n;"],
            environment: server.environment)
        #expect(setup.status == 0, "\(setup.stderr)")
        let cfg = #"{"host":"127.0.0.1","port":\#(server.port),"user":"\#(server.user)","database":"\#(server.database)"}"#
        let reader = try component(workspace)
        let expected = [
            ([#"{"id":1,"name":"event 1"}"#, #"{"id":2,"name":"event 2"}"#], #"{"lastId":2}"#),
            ([#"{"id":3,"name":"event 3"}"#, #"{"id":4,"name":"event 4"}"#], #"{"lastId":4}"#),
            ([#"{"id":5,"name":"event 5"}"#], #"{"lastId":5}"#),
        ]
        for (bodies, snapshot) in expected {
            let run = try workspace.jshost(["run", reader, "--cfg", cfg, "--flow", "f", "--step", "read"], environment: Self.libraries)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.dataBodies == bodies)
            #expect(try workspace.jshost(["snapshot", "get", "--flow", "f", "--step", "read"]).stdout == snapshot + "\n")
        }
        withExtendedLifetime(server) {}
    }
}

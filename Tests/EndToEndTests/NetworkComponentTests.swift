import Foundation
import Testing
import TestSupport

/// A component that fetches JSON with axios (Debian's build, via NODE_PATH) from a local server and emits it.
@Suite(.enabled(if: TestRequirements.met(FileManager.default.isExecutableFile(atPath: "/usr/bin/node") && FileManager.default.fileExists(atPath: "/usr/share/nodejs/axios")),
                "needs Node for the test server and Debian's node-axios"))
struct NetworkComponentTests {
    func component(_ workspace: Workspace) throws -> String {
        try workspace.write("fetcher/component.json", #"{"triggers":{"fetch":{"main":"./fetch.js"}}}"#)
        try workspace.write("fetcher/fetch.js", """
            const axios = require('axios');
            const { messages } = require('elasticio-node');
            exports.process = async function (msg, cfg) {
              const response = await axios.get(cfg.url);
              return messages.newMessageWithBody(response.data);
            };
            """)
        return workspace.root + "/fetcher"
    }

    @Test func axiosComponentFetchesAndEmits() throws {
        let port = FreePort.next()
        let server = try FixtureServer("http-server.js", arguments: [String(port)])
        defer { withExtendedLifetime(server) {} }
        let workspace = try Workspace()
        let cfg = #"{"url":"http://127.0.0.1:\#(port)/json"}"#
        let run = try workspace.jshost(["run", try component(workspace), "--cfg", cfg], environment: ["NODE_PATH": "/usr/share/nodejs"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.dataBodies == [#"{"accept":"application/json, text/plain, */*","body":"","items":[1,2,3],"method":"GET","ua":"axios/1.2.1"}"#])
    }

    @Test func networkFlagsAreEnforced() throws {
        let port = FreePort.next()
        let server = try FixtureServer("http-server.js", arguments: [String(port)])
        defer { withExtendedLifetime(server) {} }
        let workspace = try Workspace()
        let cfg = #"{"url":"http://127.0.0.1:\#(port)/json"}"#
        let denied = try workspace.jshost(["run", try component(workspace), "--cfg", cfg, "--deny-net"], environment: ["NODE_PATH": "/usr/share/nodejs"])
        #expect(denied.status == 1)
        #expect(denied.stdout.contains("is denied (--deny-net)"))
        let other = try workspace.jshost(["run", try component(workspace), "--cfg", cfg, "--allow-net=example.org"], environment: ["NODE_PATH": "/usr/share/nodejs"])
        #expect(other.stdout.contains("--allow-net=127.0.0.1"))
        let allowed = try workspace.jshost(["run", try component(workspace), "--cfg", cfg, "--allow-net=127.0.0.1"], environment: ["NODE_PATH": "/usr/share/nodejs"])
        #expect(allowed.status == 0, "\(allowed.stdout)")
    }
}

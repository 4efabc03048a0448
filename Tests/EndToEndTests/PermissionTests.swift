import Foundation
import Testing

@Suite struct PermissionTests {
    func component(_ workspace: Workspace) throws -> String {
        try workspace.write("cmp/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("cmp/t.js", """
            const fs = require('fs');
            const os = require('os');
            exports.process = async function (msg, cfg) {
              const results = {};
              const attempt = (name, fn) => { try { results[name] = fn(); } catch (e) { results[name] = e.code + ': ' + e.message; } };
              attempt('readOwn', () => fs.readFileSync(__dirname + '/component.json', 'utf8').length > 0);
              attempt('writeScratch', () => { fs.writeFileSync(os.tmpdir() + '/x.txt', 'ok'); return fs.readFileSync(os.tmpdir() + '/x.txt', 'utf8'); });
              attempt('readOther', () => fs.readFileSync(cfg.other, 'utf8'));
              attempt('writeOwn', () => { fs.writeFileSync(__dirname + '/out.txt', 'x'); return 'written'; });
              attempt('readState', () => fs.readFileSync(cfg.state + '/state.sqlite').length);
              return { body: results };
            };
            """)
        try workspace.write("other/secret.txt", "secret")
        return workspace.root + "/cmp"
    }

    func body(_ run: Execution) throws -> [String: Any] {
        let line = try #require(run.stdoutLines.first)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return try #require((event["data"] as? [String: Any])?["body"] as? [String: Any])
    }

    @Test func defaultsReadTheComponentAndWriteTheScratchFolderOnly() throws {
        let workspace = try Workspace()
        let cfg = #"{"other":"\#(workspace.root)/other/secret.txt","state":"\#(workspace.stateDirectory)"}"#
        let results = try body(try workspace.jshost(["run", try component(workspace), "--cfg", cfg, "--no-commit"]))
        #expect(results["readOwn"] as? Bool == true)
        #expect(results["writeScratch"] as? String == "ok")
        #expect((results["readOther"] as? String)?.contains("ERR_ACCESS_DENIED") == true)
        #expect((results["readOther"] as? String)?.contains("--allow-read=\(workspace.root)/other/secret.txt") == true)
        #expect((results["writeOwn"] as? String)?.contains("--allow-write=") == true)
        #expect((results["readState"] as? String)?.contains("jshost's own state") == true)
    }

    @Test func flagsGrantMoreButNeverTheStateStore() throws {
        let workspace = try Workspace()
        let cfg = #"{"other":"\#(workspace.root)/other/secret.txt","state":"\#(workspace.stateDirectory)"}"#
        let results = try body(try workspace.jshost([
            "run", try component(workspace), "--cfg", cfg, "--no-commit",
            "--allow-read=\(workspace.root)/other", "--allow-write=\(workspace.root)/cmp,\(workspace.stateDirectory)",
        ]))
        #expect(results["readOther"] as? String == "secret")
        #expect(results["writeOwn"] as? String == "written")
        #expect((results["readState"] as? String)?.contains("jshost's own state") == true)
    }
}

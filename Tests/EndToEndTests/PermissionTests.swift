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

    /// A component that writes `/tmp/…`, as it may in its container, writes its step's own folder: the machine's
    /// `/tmp` never sees it, and `os.tmpdir()` is the same place. File descriptors are checked when opened, and a
    /// number the component did not get from `open` is no way to another file.
    @Test func tmpIsTheStepsOwnFolderAndDescriptorsAreChecked() throws {
        let workspace = try Workspace()
        let name = "jshost-tmp-\(UUID().uuidString)"
        try workspace.write("cmp/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("cmp/t.js", """
            const fs = require('fs');
            const os = require('os');
            exports.process = async function (msg, cfg) {
              const results = {};
              const attempt = (name, fn) => { try { results[name] = fn(); } catch (e) { results[name] = e.code + ': ' + e.message; } };
              attempt('writeTmp', () => { fs.mkdirSync('/tmp/data', { recursive: true }); fs.writeFileSync('/tmp/data/\(name)', 'kept'); return 'ok'; });
              attempt('readViaTmpdir', () => fs.readFileSync(os.tmpdir() + '/data/\(name)', 'utf8'));
              attempt('listTmp', () => fs.readdirSync('/tmp').join());
              attempt('missingInTmp', () => fs.readFileSync('/tmp/none.txt'));
              attempt('openOwnForRead', () => { const fd = fs.openSync(__dirname + '/t.js', 'r'); fs.closeSync(fd); return 'ok'; });
              attempt('openOwnForWrite', () => fs.openSync(__dirname + '/t.js', 'r+'));
              attempt('guessedDescriptors', () => { for (let fd = 3; fd < 64; fd++) { try { fs.fstatSync(fd); return 'reached ' + fd; } catch (e) { if (e.code !== 'EBADF') return e.code; } } return 'none'; });
              attempt('streamOther', () => fs.createReadStream(cfg.other) && 'made');
              await new Promise((resolve) => fs.createReadStream(cfg.other).on('error', (e) => { results.streamError = e.code; resolve(); }));
              return { body: results };
            };
            """)
        try workspace.write("other/secret.txt", "secret")
        let cfg = #"{"other":"\#(workspace.root)/other/secret.txt"}"#
        let results = try body(try workspace.jshost(["run", workspace.root + "/cmp", "--cfg", cfg, "--no-commit"]))
        #expect(results["writeTmp"] as? String == "ok")
        #expect(results["readViaTmpdir"] as? String == "kept")
        #expect(results["listTmp"] as? String == "data")
        #expect(results["missingInTmp"] as? String == "ENOENT: ENOENT: no such file or directory, open '/tmp/none.txt'")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/data/\(name)"))
        #expect(results["openOwnForRead"] as? String == "ok")
        #expect((results["openOwnForWrite"] as? String)?.hasPrefix("ERR_ACCESS_DENIED") == true)
        #expect(results["guessedDescriptors"] as? String == "none")
        #expect(results["streamOther"] as? String == "made")
        #expect(results["streamError"] as? String == "ERR_ACCESS_DENIED")
    }

    /// A package hoisted to a `node_modules` above the component (a monorepo) is refused with the folder to grant.
    @Test func aHoistedPackageNamesTheNodeModulesFolderToGrant() throws {
        let workspace = try Workspace()
        try workspace.write("node_modules/leftpad/package.json", #"{"name":"leftpad","main":"index.js"}"#)
        try workspace.write("node_modules/leftpad/index.js", "module.exports = (s, n) => String(s).padStart(n, '0');")
        try workspace.write("packages/cmp/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("packages/cmp/t.js", """
            const pad = require('leftpad');
            exports.process = async function () { return { body: { padded: pad(7, 3) } }; };
            """)
        let refused = try workspace.jshost(["run", workspace.root + "/packages/cmp", "--no-commit"])
        let folder = workspace.root + "/node_modules"
        #expect(refused.status != 0)
        #expect((refused.stdout + refused.stderr).contains("it is a package in \(folder), outside the folders the component may read; run jshost with --allow-read=\(folder), or set NODE_PATH=\(folder), to grant it"), "\(refused.stdout)\(refused.stderr)")
        let granted = try workspace.jshost(["run", workspace.root + "/packages/cmp", "--no-commit", "--allow-read=\(folder)"])
        #expect(granted.dataBodies == [#"{"padded":"007"}"#], "\(granted.stdout)\(granted.stderr)")
        let viaPath = try workspace.jshost(["run", workspace.root + "/packages/cmp", "--no-commit"], environment: ["NODE_PATH": folder])
        #expect(viaPath.dataBodies == [#"{"padded":"007"}"#], "\(viaPath.stdout)\(viaPath.stderr)")
    }
}

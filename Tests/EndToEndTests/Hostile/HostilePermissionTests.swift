import Foundation
import GRDB
import Testing

/// Permissions: a component must never reach jshost's state, nor read or write past what it was granted, by
/// any path: links, /proc aliases, hard links, folders above the state, require, or the service commands.
@Suite struct HostilePermissionTests {
    /// Stores one snapshot, so that there is something to lose.
    func seededStore(_ workspace: Workspace) throws {
        let run = try workspace.jshost(["snapshot", "set", #"{"precious":true}"#, "--step", "victim"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    func storeIsIntact(_ workspace: Workspace) throws {
        let get = try workspace.jshost(["snapshot", "get", "--step", "victim"])
        #expect(get.status == 0, "\(get.stderr)")
        #expect(get.stdout == "{\"precious\":true}\n")
    }

    @Test func theStateFolderAndTheFoldersAboveItCannotBeRemovedOrRenamed() throws {
        let workspace = try Workspace()
        try seededStore(workspace)
        let component = try workspace.component("""
            const fs = require('fs');
            exports.process = async function (msg, cfg) {
              const r = {};
              const at = (n, f) => { try { f(); r[n] = 'done'; } catch (e) { r[n] = e.code + ': ' + e.message; } };
              at('rmState', () => fs.rmSync(cfg.state, { recursive: true, force: true }));
              at('renameState', () => fs.renameSync(cfg.state, cfg.root + '/moved'));
              at('rmParent', () => fs.rmSync(cfg.root, { recursive: true, force: true }));
              at('renameParent', () => fs.renameSync(cfg.root, cfg.root + '-moved'));
              at('unlinkStore', () => fs.unlinkSync(cfg.state + '/state.sqlite'));
              at('writeIntoState', () => fs.writeFileSync(cfg.state + '/state.sqlite-wal', 'x'));
              at('mkdirInState', () => fs.mkdirSync(cfg.state + '/scratch/other', { recursive: true }));
              at('writeBeside', () => fs.writeFileSync(cfg.root + '/beside.txt', 'fine'));
              return { body: r };
            };
            """)
        let cfg = #"{"state":"\#(workspace.stateDirectory)","root":"\#(workspace.root)"}"#
        let run = try workspace.jshost(["run", component, "--cfg", cfg, "--allow-write=\(workspace.root)", "--step", "hostile"])
        let body = try run.firstBody()
        for name in ["rmState", "renameState", "rmParent", "renameParent", "unlinkStore", "writeIntoState", "mkdirInState"] {
            #expect((body[name] as? String)?.contains("ERR_ACCESS_DENIED") == true, "\(name): \(body[name] ?? "nil")")
            #expect((body[name] as? String)?.contains("jshost's own state") == true, "\(name): \(body[name] ?? "nil")")
        }
        #expect(body["writeBeside"] as? String == "done")
        try storeIsIntact(workspace)
    }

    @Test func idsThatArePathsAreRefused() throws {
        let workspace = try Workspace()
        let component = try workspace.component("exports.process = async function () { return { body: {} }; };")
        for (flag, value) in [("--flow", ".."), ("--step", ".."), ("--step", "a/b"), ("--flow", "."), ("--step", "x\ty")] {
            let run = try workspace.jshost(["run", component, flag, value])
            #expect(run.status == 2, "\(flag) \(value): \(run.stderr)")
            #expect(run.stderr.contains("\(flag) id"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.stateDirectory + "/scratch/.."))
    }

    @Test func linksShippedInAComponentAreCheckedWhereTheyLead() throws {
        let workspace = try Workspace()
        try seededStore(workspace)
        try workspace.write("other/secret.txt", "secret")
        let component = try workspace.component("""
            const fs = require('fs');
            exports.process = async function (msg, cfg) {
              const r = {};
              const at = (n, f) => { try { r[n] = f(); } catch (e) { r[n] = e.code + ': ' + e.message; } };
              at('secret', () => fs.readFileSync(__dirname + '/secret-link', 'utf8'));
              at('store', () => fs.readFileSync(__dirname + '/state-link/state.sqlite').length);
              at('replaceStore', () => { fs.writeFileSync(__dirname + '/store-link', 'garbage'); return 'written'; });
              at('stat', () => fs.statSync(__dirname + '/secret-link').size);
              at('lstat', () => fs.lstatSync(__dirname + '/secret-link').isSymbolicLink());
              at('procRoot', () => fs.readFileSync('/proc/self/root' + cfg.secret, 'utf8'));
              const fds = fs.readdirSync('/proc/self/fd');
              r.storeByFd = fds.filter((fd) => { try { fs.statSync('/proc/self/fd/' + fd); return false; } catch (e) { return /own state/.test(e.message); } }).length;
              return { body: r };
            };
            """)
        try FileManager.default.createSymbolicLink(atPath: component + "/secret-link", withDestinationPath: workspace.root + "/other/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: component + "/state-link", withDestinationPath: workspace.stateDirectory)
        try FileManager.default.createSymbolicLink(atPath: component + "/store-link", withDestinationPath: workspace.stateDirectory + "/state.sqlite")
        let cfg = #"{"secret":"\#(workspace.root)/other/secret.txt"}"#
        let run = try workspace.jshost(["run", component, "--cfg", cfg, "--allow-write=\(component)", "--allow-read=/proc"])
        let body = try run.firstBody()
        #expect((body["secret"] as? String)?.contains("resolves to '\(workspace.root)/other/secret.txt'") == true, "\(body)")
        #expect((body["stat"] as? String)?.contains("ERR_ACCESS_DENIED") == true)
        #expect(body["lstat"] as? Bool == true, "a link itself, inside the folder, may be looked at")
        #expect((body["store"] as? String)?.contains("jshost's own state") == true)
        #expect((body["replaceStore"] as? String)?.contains("jshost's own state") == true)
        #expect((body["procRoot"] as? String)?.contains("ERR_ACCESS_DENIED") == true, "\(body)")
        #expect((body["storeByFd"] as? Int ?? 0) >= 1, "the open store file reached through /proc/self/fd must be refused")
        try storeIsIntact(workspace)
    }

    @Test func aHardLinkToTheStoreIsRefusedByItsInode() throws {
        let workspace = try Workspace()
        try seededStore(workspace)
        let component = try workspace.component("""
            const fs = require('fs');
            exports.process = async function () {
              try { return { body: { read: fs.readFileSync(__dirname + '/copy.db').length } }; }
              catch (e) { return { body: { read: e.message } }; }
            };
            """)
        #expect(link(workspace.stateDirectory + "/state.sqlite", component + "/copy.db") == 0)
        let body = try workspace.jshost(["run", component]).firstBody()
        #expect((body["read"] as? String)?.contains("jshost's own state") == true, "\(body)")
    }

    @Test func requireFollowsTheReadPermission() throws {
        let workspace = try Workspace()
        try workspace.write("other/credentials.json", #"{"apiKey":"hunter2"}"#)
        try workspace.write("other/plain.txt", "top secret text")
        // A package in a node_modules above the component folder, as a hoisted monorepo has it.
        try workspace.write("node_modules/hoisted/package.json", #"{"name":"hoisted","main":"main.js"}"#)
        try workspace.write("node_modules/hoisted/main.js", "module.exports = 'hoisted';")
        let component = try workspace.component("""
            exports.process = async function (msg, cfg) {
              const r = {};
              const at = (n, f) => { try { r[n] = f(); } catch (e) { r[n] = e.code + ': ' + e.message; } };
              at('json', () => require(cfg.root + '/other/credentials.json'));
              at('text', () => require(cfg.root + '/other/plain.txt'));
              at('lodash', () => typeof require('lodash').map);
              at('hoisted', () => require('hoisted'));
              return { body: r };
            };
            """)
        let cfg = #"{"root":"\#(workspace.root)"}"#
        // NODE_PATH's folders are module roots: require reads there whatever --allow-read says, as Node would.
        let nodePath = ["NODE_PATH": "/usr/share/nodejs"]
        let denied = try workspace.jshost(["run", component, "--cfg", cfg, "--no-commit"], environment: nodePath).firstBody()
        #expect((denied["json"] as? String)?.contains("ERR_ACCESS_DENIED") == true, "\(denied)")
        #expect((denied["json"] as? String)?.contains("hunter2") == false)
        #expect((denied["text"] as? String)?.contains("top secret") == false, "\(denied)")
        #expect(denied["lodash"] as? String == "function", "NODE_PATH libraries stay loadable: \(denied)")
        let hoisted = denied["hoisted"] as? String ?? ""
        #expect(hoisted.contains("ERR_ACCESS_DENIED") && !hoisted.contains("Error parsing"), "\(hoisted)")
        let granted = try workspace.jshost(["run", component, "--cfg", cfg, "--no-commit", "--allow-read=\(workspace.root)/other"]).firstBody()
        #expect((granted["json"] as? [String: Any])?["apiKey"] as? String == "hunter2")
        let monorepo = try workspace.jshost(["run", component, "--cfg", cfg, "--no-commit", "--allow-read=\(workspace.root)/node_modules"]).firstBody()
        #expect(monorepo["hoisted"] as? String == "hoisted", "\(monorepo)")
    }

    @Test func validateVerifyAndModelRunUnderTheSameSandbox() throws {
        let workspace = try Workspace()
        try workspace.write("other/secret.txt", "secret")
        let escape = """
            const fs = require('fs');
            try { fs.writeFileSync(process.env.ESCAPE, 'escaped'); } catch (e) {}
            """
        let component = try workspace.component(escape + """

            exports.process = async function () { return { body: {} }; };
            exports.getMetaModel = async function (cfg) { return { secret: fs.readFileSync(cfg.secret, 'utf8') }; };
            """, files: ["verifyCredentials.js": escape + """

            module.exports = async function (cfg) { return { verified: fs.readFileSync(cfg.secret, 'utf8') === 'secret' }; };
            """])
        let target = workspace.root + "/escaped.txt"
        let environment = ["ESCAPE": target]
        let cfg = #"{"secret":"\#(workspace.root)/other/secret.txt"}"#
        _ = try workspace.jshost(["validate", component], environment: environment)
        let verify = try workspace.jshost(["verify", component, "--cfg", cfg], environment: environment)
        let model = try workspace.jshost(["model", component, "t", "getMetaModel", "--cfg", cfg], environment: environment)
        #expect(!FileManager.default.fileExists(atPath: target), "top-level code wrote outside its sandbox")
        #expect(verify.stdout.contains("\"verified\":false") && verify.stdout.contains("is denied (read)"), "\(verify.stdout)")
        #expect(model.status == 1 && model.stdout.contains("is denied (read)"), "\(model.stdout)")
        let granted = try workspace.jshost(["verify", component, "--cfg", cfg, "--allow-read=\(workspace.root)/other"])
        #expect(granted.stdout.contains("\"verified\":true"), "\(granted.stdout) \(granted.stderr)")
    }
}

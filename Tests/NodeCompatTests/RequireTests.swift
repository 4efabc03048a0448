import Foundation
import Testing
@testable import NodeCompat
import JSEngine
import TestSupport

@Suite struct RequireTests {
    func load(_ tree: ScratchFolder, _ entry: String, output: CapturedText = CapturedText()) throws -> (NodeRuntime, String) {
        let runtime = try makeRuntime(output, cwd: tree.root)
        let exports = try runtime.requireMain(tree.path(entry))
        try runtime.runLoop()
        return (runtime, try exports.toJSON() ?? "undefined")
    }

    @Test func relativeFilesJsonAndExtensions() throws {
        let tree = try ScratchFolder(files: [
            "main.js": "module.exports = { a: require('./a'), b: require('./b.js'), data: require('./data.json'), data2: require('./data') };",
            "a.js": "exports.name = 'a';",
            "b.js": "module.exports = 'b';",
            "data.json": #"{"n": 1}"#,
        ])
        let (_, json) = try load(tree, "main.js")
        #expect(json == #"{"a":{"name":"a"},"b":"b","data":{"n":1},"data2":{"n":1}}"#)
    }

    @Test func directoriesUsePackageMainThenIndex() throws {
        let tree = try ScratchFolder(files: [
            "main.js": "module.exports = [require('./withMain'), require('./withIndex'), require('./brokenMain')];",
            "withMain/package.json": #"{"main": "lib/entry"}"#,
            "withMain/lib/entry.js": "module.exports = 'main';",
            "withIndex/index.js": "module.exports = 'index';",
            "brokenMain/package.json": #"{"main": "missing.js"}"#,
            "brokenMain/index.js": "module.exports = 'fallback';",
        ])
        let (_, json) = try load(tree, "main.js")
        #expect(json == #"["main","index","fallback"]"#)
    }

    @Test func nodeModulesLookupWalksUp() throws {
        let tree = try ScratchFolder(files: [
            "app/lib/deep/main.js": "module.exports = [require('pkg'), require('@scope/tool'), require('pkg/sub')];",
            "node_modules/pkg/package.json": #"{"main": "./main.js"}"#,
            "node_modules/pkg/main.js": "module.exports = 'pkg from ' + require('path').basename(__dirname);",
            "node_modules/pkg/sub.js": "module.exports = 'sub';",
            "app/node_modules/@scope/tool/index.js": "module.exports = 'scoped';",
        ])
        let (_, json) = try load(tree, "app/lib/deep/main.js")
        #expect(json == #"["pkg from pkg","scoped","sub"]"#)
    }

    @Test func moduleCacheAndIdentity() throws {
        let tree = try ScratchFolder(files: [
            "main.js": """
                const a1 = require('./counter'); const a2 = require('./counter.js');
                module.exports = { same: a1 === a2, count: a1.loads, cached: Object.keys(require.cache).length >= 2,
                                   resolved: require.resolve('./counter') === __dirname + '/counter.js' };
                """,
            "counter.js": "globalThis.__loads = (globalThis.__loads || 0) + 1; exports.loads = globalThis.__loads;",
        ])
        let (_, json) = try load(tree, "main.js")
        #expect(json == #"{"same":true,"count":1,"cached":true,"resolved":true}"#)
    }

    @Test func filenameDirnameAndModuleObject() throws {
        let tree = try ScratchFolder(files: [
            "sub/main.js": "module.exports = { f: __filename, d: __dirname, id: module.id === __filename, isExports: this === module.exports, paths: module.paths[0] };",
        ])
        let (_, json) = try load(tree, "sub/main.js")
        let real = URL(fileURLWithPath: tree.root).resolvingSymlinksInPath().path
        #expect(json == #"{"f":"\#(real)/sub/main.js","d":"\#(real)/sub","id":true,"isExports":true,"paths":"\#(real)/sub/node_modules"}"#)
    }

    @Test func circularRequiresSeePartialExports() throws {
        let tree = try ScratchFolder(files: [
            "main.js": "const a = require('./a'); module.exports = { a: a.done, sawB: a.sawB, bSawA: require('./b').sawA };",
            "a.js": "exports.done = false; const b = require('./b'); exports.sawB = b.done; exports.done = true;",
            "b.js": "const a = require('./a'); exports.sawA = a.done; exports.done = true;",
        ])
        let (_, json) = try load(tree, "main.js")
        #expect(json == #"{"a":true,"sawB":true,"bSawA":false}"#)
    }

    @Test func missingModuleHasNodeCodeAndMessage() throws {
        let tree = try ScratchFolder(files: [
            "main.js": "try { require('./nope'); } catch (e) { module.exports = { code: e.code, first: e.message.split('\\n')[0], stack: e.message.includes('Require stack:') }; }",
        ])
        let (_, json) = try load(tree, "main.js")
        #expect(json == #"{"code":"MODULE_NOT_FOUND","first":"Cannot find module './nope'","stack":true}"#)
    }

    @Test func builtinsUnderBothNamesAndMissingOnesNamed() throws {
        let tree = try ScratchFolder(files: [
            "main.js": """
                const out = { same: require('path') === require('node:path'), join: require('path').join('/a', 'b', '../c') };
                out.dns = typeof require('dns').lookup;
                try { require('node:dgram'); } catch (e) { out.dgram = e.message; }
                module.exports = out;
                """,
        ])
        let (_, json) = try load(tree, "main.js")
        #expect(json.contains(#""same":true,"join":"/a/c""#))
        #expect(json.contains(#""dns":"function""#))
        #expect(json.contains("Cannot load Node builtin module 'dgram': jshost does not provide it yet"))
    }

    @Test func syntaxErrorsNameTheFileAndLine() throws {
        let tree = try ScratchFolder(files: ["main.js": "require('./bad');", "bad.js": "const ok = 1;\nconst broken = ;\n"])
        let runtime = try makeRuntime(CapturedText(), cwd: tree.root)
        do {
            _ = try runtime.requireMain(tree.path("main.js"))
            Issue.record("expected a syntax error")
        } catch {
            guard case .uncaughtException(let exception) = error else { Issue.record("unexpected \(error)"); return }
            #expect(exception.name == "SyntaxError")
            #expect(exception.sourceURL?.hasSuffix("/bad.js") == true)
            #expect(exception.line == 2)
        }
    }
}

@Suite struct PackageExportsTests {
    func load(_ tree: ScratchFolder, _ entry: String) throws -> String {
        let runtime = try makeRuntime(CapturedText(), cwd: tree.root)
        let exports = try runtime.requireMain(tree.path(entry))
        return try exports.toJSON() ?? "undefined"
    }

    @Test func exportsChooseRequireNodeOrDefaultAndSubpaths() throws {
        let tree = try ScratchFolder(files: [
            "main.js": """
                const out = [require('dual'), require('dual/feature'), require('dual/lib/a.js'), require('@scope/pkg'), require('plain'), require('legacy')];
                try { require('dual/hidden'); } catch (e) { out.push(e.code); }
                module.exports = out;
                """,
            "node_modules/dual/package.json": #"""
                {"main": "./esm.js", "type": "module",
                 "exports": {".": {"import": "./esm.js", "node": {"require": "./cjs.js"}, "default": "./esm.js"},
                             "./feature": ["./missing.js", "./feature.cjs"],
                             "./lib/*.js": {"require": "./dist/*.cjs"}}}
                """#,
            "node_modules/dual/cjs.js": "module.exports = 'cjs';",
            "node_modules/dual/esm.js": "export default 'esm';",
            "node_modules/dual/feature.cjs": "module.exports = 'feature';",
            "node_modules/dual/dist/a.cjs": "module.exports = 'pattern a';",
            "node_modules/dual/hidden.js": "module.exports = 'hidden';",
            "node_modules/@scope/pkg/package.json": #"{"exports": "./entry.js"}"#,
            "node_modules/@scope/pkg/entry.js": "module.exports = 'scoped';",
            "node_modules/plain/package.json": #"{"exports": {"default": "./x.js"}}"#,
            "node_modules/plain/x.js": "module.exports = 'conditions only';",
            "node_modules/legacy/package.json": #"{"main": "lib/index.js", "exports": null}"#,
            "node_modules/legacy/lib/index.js": "module.exports = 'legacy main';",
        ])
        #expect(try load(tree, "main.js") == #"["cjs","feature","pattern a","scoped","conditions only","legacy main","ERR_PACKAGE_PATH_NOT_EXPORTED"]"#)
    }
}

@Suite struct UnsupportedModuleTests {
    @Test func modulesThatMakeNoSenseHereSayWhy() throws {
        let tree = try ScratchFolder(files: [
            "main.js": """
                const out = {};
                for (const name of ['node:cluster', 'worker_threads']) {
                  try { require(name); } catch (e) { out[name] = e.code + ' ' + e.message; }
                }
                try { require('child_process').spawn('ls'); } catch (e) { out.child_process = e.code + ' ' + e.message; }
                try { require('http2').connect('https://example.com'); } catch (e) { out.http2 = e.message; }
                out.http2Constant = require('http2').constants.HTTP2_HEADER_PATH;
                try { require('net').createServer(); } catch (e) { out.server = e.message; }
                module.exports = out;
                """,
        ])
        let runtime = try makeRuntime(CapturedText(), cwd: tree.root)
        let json = try runtime.requireMain(tree.path("main.js")).toJSON() ?? ""
        #expect(json.contains(#""child_process":"ERR_JSHOST_UNSUPPORTED_MODULE child_process.spawn() is not available in jshost: components may not start processes""#))
        #expect(json.contains(#""http2":"http2.connect() is not provided by jshost: HTTP/2 is not available; use HTTP/1.1, the default of HTTP clients""#))
        #expect(json.contains(#""http2Constant":":path""#))
        #expect(json.contains("require('cluster') is not available in jshost"))
        #expect(json.contains("require('worker_threads') is not available in jshost"))
        #expect(json.contains("net.createServer() is not available in jshost"))
    }
}

import Foundation
import Testing
@testable import NodeCompat
import JSEngine
import TestSupport

/// Builtins evaluated on first use must behave as if they had been there from the start.
@Suite struct DeferredBuiltinsTests {
    func run(_ source: String) throws -> String {
        let tree = try ScratchFolder(files: ["main.js": source])
        let runtime = try makeRuntime(CapturedText(), cwd: tree.root)
        let exports = try runtime.requireMain(tree.path("main.js"))
        try runtime.runLoop()
        return try exports.toJSON() ?? "undefined"
    }

    @Test func globalsAreAccessorsUntilFirstReadThenPlainValues() throws {
        let json = try run("""
            const before = typeof Object.getOwnPropertyDescriptor(globalThis, 'URL').get;
            const href = new URL('https://example.org/a?b=1').searchParams.get('b');
            const after = Object.getOwnPropertyDescriptor(globalThis, 'URL');
            module.exports = { before, href, afterIsValue: 'value' in after, enumerable: after.enumerable,
                               keys: Object.keys(globalThis).includes('URL'), fetch: typeof fetch, Headers: typeof Headers };
            """)
        #expect(json == #"{"before":"function","href":"1","afterIsValue":true,"enumerable":false,"keys":false,"fetch":"function","Headers":"function"}"#)
    }

    @Test func aModuleAndItsGlobalsComeFromOneEvaluation() throws {
        let json = try run("""
            const url = require('url');
            const crypto = require('node:crypto');
            module.exports = { sameURL: url.URL === URL, cryptoGlobal: typeof globalThis.crypto.getRandomValues,
                               hash: crypto.createHash('sha256').update('a').digest('hex').slice(0, 8),
                               strict: require('assert/strict') === require('assert').strict,
                               zlib: require('zlib').gunzipSync(require('zlib').gzipSync('z')).toString(),
                               vm: require('vm').runInNewContext('x + 1', { x: 1 }) };
            """)
        #expect(json == #"{"sameURL":true,"cryptoGlobal":"function","hash":"ca978112","strict":true,"zlib":"z","vm":2}"#)
    }

    @Test func aGlobalTheComponentSetFirstIsKept() throws {
        let json = try run("""
            globalThis.crypto = 'mine';
            URL = 'also mine';
            const hash = require('crypto').createHash('md5').update('').digest('hex');
            module.exports = { crypto: globalThis.crypto, URL, url: typeof require('url').URL, hash };
            """)
        #expect(json == #"{"crypto":"mine","URL":"also mine","url":"function","hash":"d41d8cd98f00b204e9800998ecf8427e"}"#)
    }

    @Test func unsupportedModulesStillExplainThemselves() throws {
        let json = try run("""
            let message;
            try { require('worker_threads'); } catch (e) { message = `${e.code}: ${e.message}`; }
            module.exports = { message, os: typeof require('node:os').cpus()[0].model };
            """)
        #expect(json == #"{"message":"ERR_JSHOST_UNSUPPORTED_MODULE: require('worker_threads') is not available in jshost: a component runs on the single thread jshost gives it","os":"string"}"#)
    }

    @Test func fsLoadedInsideATimerCallbackWorks() throws {
        let tree = try ScratchFolder(files: ["data.txt": "hello"])
        let json = try run("""
            module.exports = {};
            setTimeout(() => {
              require('fs').readFile(\(String(reflecting: tree.path("data.txt"))), 'utf8', (err, text) => { module.exports.text = err ? err.message : text; });
            }, 1);
            """)
        #expect(json == #"{"text":"hello"}"#)
    }
}

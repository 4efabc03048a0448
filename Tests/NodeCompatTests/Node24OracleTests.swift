import Foundation
import Testing
import TestSupport
@testable import NodeCompat

/// Fixtures of components that ask for Node 24 (`engines.node` 22 or later), run on Node 24 and on jshost with
/// Node 24's behaviour, where it differs from Node 20's: the oracle is the Node each fixture declares.
@Suite(.enabled(if: TestRequirements.met(TestRequirements.node24 != nil), "needs Node 24 as the second oracle"))
struct Node24OracleTests {
    static let scripts: [(name: String, source: String)] = [
        ("differences", """
            console.log(process.version.split('.')[0], process.versions.node.split('.')[0]);
            for (const text of ['{x', '{"a":1}x', '{\\n "a" x', '"abc', '[1,]', '']) {
              try { JSON.parse(text); } catch (e) { console.log(e.message); }
            }
            const assert = require('assert');
            for (const f of [() => assert.strictEqual(1, 2), () => assert.ok(false, 'said'), () => assert.fail('boom')]) {
              try { f(); } catch (e) { console.log(Object.keys(e).join(), e.diff); }
            }
            console.log(typeof navigator, Object.prototype.toString.call(navigator), navigator.hardwareConcurrency > 0, navigator.language,
              navigator.languages, navigator.platform, navigator.userAgent, typeof Navigator);
            const stats = require('fs').statSync(__filename);
            console.log(Object.keys(stats).length, stats.mtime instanceof Date, stats.mtime.getTime() === Math.round(stats.mtimeMs));
            """),
        ("additions", """
            const { promise, resolve } = Promise.withResolvers();
            resolve(5);
            promise.then((v) => console.log('withResolvers', v));
            Array.fromAsync((async function* () { yield 1; yield 2; })()).then((a) => console.log('fromAsync', a));
            console.log(URL.parse('https://a.example/x?y=1').searchParams.get('y'), URL.parse('nope'), URL.canParse('/x', 'http://h'));
            console.log(typeof process.getBuiltinModule('node:fs').readFileSync, process.getBuiltinModule('nope'), process.getBuiltinModule('zlib') === require('zlib'));
            console.log(AbortSignal.any([AbortSignal.abort('r')]).reason, structuredClone(new Map([[1, { a: [2] }]])));
            console.log(Object.groupBy([1, 2, 3], (n) => (n % 2 ? 'odd' : 'even')), new Set([1, 2]).union(new Set([3])).size);
            """),
    ]

    @Test(arguments: scripts.map(\.name))
    func matchesNode24(_ name: String) throws {
        let source = try #require(Self.scripts.first { $0.name == name }).source
        let tree = try ScratchFolder(files: [:])
        let expected = try NodeOracle.node(source, in: tree, major: 24)
        let actual = try NodeOracle.jshost(source, in: tree, nodeMajor: 24)
        #expect(!expected.isEmpty)
        #expect(actual == expected)
    }

    /// Web Crypto's reports that changed from Node 20 (key algorithms' member order, JWK `alg` first, the
    /// not-extractable error's name), with the fixture the Node 20 oracle runs too.
    @Test func webCryptoMatchesNode24() throws {
        let keys = try TestKeys()
        let source = try String(contentsOf: FixtureServer.fixtures.appendingPathComponent("webcrypto.js"), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let expected = try NodeOracle.node(source, in: tree, environment: ["KEY_DIR": keys.directory], major: 24)
        let actual = try NodeOracle.jshost(source, in: tree, environment: ["KEY_DIR": keys.directory], nodeMajor: 24)
        #expect(expected.contains("not extractable InvalidAccessError"))
        #expect(actual == expected)
    }

    /// The WebSocket global (Node 22 and later) against a ws server: messages of each kind, fragments of a long
    /// one, pings, closes from either side, a refused handshake, a dropped connection, the argument checks.
    @Test func webSocketMatchesNode24() throws {
        let port = FixtureServer.freePort()
        let server = try FixtureServer("ws-server.js", arguments: [String(port)], environment: ["NODE_PATH": TestRequirements.nodeLibraries])
        defer { withExtendedLifetime(server) {} }
        let source = try String(contentsOf: FixtureServer.fixtures.appendingPathComponent("websocket.js"), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let expected = try NodeOracle.node(source, in: tree, environment: ["WS_PORT": String(port)], major: 24)
        let actual = try NodeOracle.jshost(source, in: tree, environment: ["WS_PORT": String(port)], nodeMajor: 24)
        #expect(expected.contains("plain close 1005 true"))
        #expect(actual == expected)
    }

    /// The same script under Node 20's behaviour keeps Node 20's words: the choice follows the component.
    @Test func node20FixturesKeepNode20sWords() throws {
        let source = "try { JSON.parse('{x'); } catch (e) { console.log(e.message, process.version.split('.')[0], typeof navigator, typeof WebSocket, typeof CloseEvent); }"
        let tree = try ScratchFolder(files: [:])
        #expect(try NodeOracle.jshost(source, in: tree) == (try NodeOracle.node(source, in: tree)))
    }

    @Test func theNodeAComponentAsksForFollowsItsEngines() {
        #expect(NodeOptions.nodeMajor(forEngines: "24.x") == 24)
        #expect(NodeOptions.nodeMajor(forEngines: ">=22") == 24)
        #expect(NodeOptions.nodeMajor(forEngines: "^22.1.0") == 24)
        #expect(NodeOptions.nodeMajor(forEngines: ">=18") == 20)
        #expect(NodeOptions.nodeMajor(forEngines: "20.x") == 20)
        #expect(NodeOptions.nodeMajor(forEngines: nil) == 20)
        #expect(NodeOptions.nodeMajor(forEngines: "latest") == 20)
    }
}

import Foundation
import Testing
import TestSupport
@testable import NodeCompat

/// Runs the same script in Node v20 and in jshost and compares what each prints: Node is the oracle.
enum NodeOracle {
    static let nodePath: String? = TestRequirements.node

    struct OracleMissing: Error, CustomStringConvertible {
        var description: String { "Node (20, or 24 for a Node 24 fixture) is not installed: run scripts/install-dependencies test" }
    }

    /// Node's stdout for `source`.
    /// Node's stdout for `source`; `major` 24 runs it on Node 24 (TestRequirements.node24).
    static func node(_ source: String, in tree: ScratchFolder, environment: [String: String] = [:], major: Int = 20) throws -> String {
        try source.write(toFile: tree.path("oracle.js"), atomically: true, encoding: .utf8)
        let process = Process()
        guard let nodePath = major >= 24 ? TestRequirements.node24 : nodePath else { throw OracleMissing() }
        process.executableURL = URL(fileURLWithPath: nodePath)
        process.arguments = [tree.path("oracle.js")]
        process.currentDirectoryURL = URL(fileURLWithPath: tree.root)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// jshost's console output for `source` (console.log goes to its stderr stream, captured here).
    static func jshost(_ source: String, in tree: ScratchFolder, environment: [String: String] = [:], nodeMajor: Int = 20) throws -> String {
        try source.write(toFile: tree.path("oracle.js"), atomically: true, encoding: .utf8)
        let output = CapturedText()
        let runtime = try makeRuntime(output, cwd: tree.root, environment: environment.merging(["JSHOST_TEST": "yes"]) { $1 },
                                      nodeMajor: nodeMajor)
        _ = try runtime.requireMain(tree.path("oracle.js"))
        try runtime.runLoop()
        return output.value
    }
}

@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil), "needs Node v20 as the oracle"))
struct NodeOracleTests {
    static let scripts: [(name: String, source: String)] = [
        ("events", """
            const EventEmitter = require('events');
            const { once } = require('node:events');
            const e = new EventEmitter();
            const seen = [];
            e.on('newListener', (name) => seen.push('new:' + String(name)));
            e.on('x', (a, b) => seen.push('x1:' + a + b));
            e.prependListener('x', () => seen.push('x0'));
            e.once('x', () => seen.push('once'));
            console.log(e.emit('x', 1, 2), e.emit('x', 3, 4), e.emit('nothing'));
            console.log(seen.join(','));
            console.log(e.listenerCount('x'), e.eventNames().map(String).join(','), e.getMaxListeners());
            const f = () => {};
            e.on('y', f); e.on('y', f); e.removeListener('y', f);
            console.log(e.listeners('y').length, e.rawListeners('x').length);
            e.removeAllListeners('x');
            console.log(e.listenerCount('x'));
            try { e.emit('error', new Error('boom')); } catch (err) { console.log('threw', err.message); }
            try { e.emit('error', 'text'); } catch (err) { console.log(err.code, err.message); }
            class Sub extends EventEmitter {}
            const s = new Sub();
            s.on('ready', function () { console.log('this ok', this === s); });
            s.emit('ready');
            once(s, 'later').then(([v]) => console.log('once resolved', v));
            setTimeout(() => s.emit('later', 42), 1);
            console.log(typeof EventEmitter.EventEmitter, EventEmitter.defaultMaxListeners);
            """),
        ("util", """
            const util = require('util');
            console.log(util.format('%s:%d:%j', 'a', 7, { b: [1] }), util.inspect({ a: { b: { c: { d: 1 } } } }, { depth: 0 }));
            function Base() {} Base.prototype.hello = function () { return 'hi'; };
            function Child() { Base.call(this); } util.inherits(Child, Base);
            console.log(new Child().hello(), Child.super_ === Base);
            const later = util.promisify((x, cb) => setTimeout(() => cb(null, x * 2), 1));
            later(21).then((v) => console.log('promisify', v));
            const failing = util.promisify((cb) => cb(new Error('nope')));
            failing().catch((e) => console.log('rejected', e.message));
            util.callbackify(async (x) => x + 1)(1, (err, v) => console.log('callbackify', err, v));
            util.callbackify(async () => { throw null; })((err) => console.log('falsy', err.code));
            const t = util.types;
            console.log(t.isPromise(Promise.resolve()), t.isDate(new Date()), t.isRegExp(/x/), t.isMap(new Map()),
              t.isTypedArray(new Uint8Array(2)), t.isAsyncFunction(async () => {}), t.isGeneratorFunction(function* () {}),
              t.isNativeError(new TypeError()), t.isBoxedPrimitive(Object(1)), t.isArrayBuffer(new ArrayBuffer(1)));
            const deq = util.isDeepStrictEqual;
            console.log(deq({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), deq({ a: 1 }, { a: '1' }), deq([1, 2], [2, 1]),
              deq(new Map([[1, { x: 1 }]]), new Map([[1, { x: 1 }]])), deq(new Set([1, 2]), new Set([2, 1])),
              deq(NaN, NaN), deq(0, -0), deq(new Date(1), new Date(1)), deq(Object.create(null), {}));
            class Money { constructor(v) { this.v = v; } [util.inspect.custom]() { return `Money<${this.v}>`; } }
            console.log(util.inspect(new Money(5)), util.format('%o', [new Money(1)]));
            const enc = new util.TextEncoder().encode('héllo €😀');
            console.log(enc.length, Array.from(enc.slice(0, 4)).join(','), new TextDecoder().decode(enc));
            console.log(new TextDecoder().decode(new Uint8Array([0xff, 0x41])), JSON.stringify(new TextDecoder('latin1').decode(new Uint8Array([0xe9]))));
            console.log(util.isArray([]), util.isPrimitive('x'), util.isPrimitive({}), util.stripVTControlCharacters('\\u001b[31mred\\u001b[0m'));
            const old = util.deprecate(() => 'still works', 'old() is going away', 'DEP0999');
            console.log(old(), old());
            """),
        ("inspect", """
            const util = require('util');
            const a = { name: 'a' }; a.self = a;
            console.log(util.inspect(a));
            const arr = [1, 2]; arr.push(arr);
            console.log(util.inspect(arr));
            console.log(util.format('%o', { x: [1, 2], y: 'z' }));
            console.log(util.format('%O', { x: [1, 2], y: 'z' }));
            console.log(util.inspect(Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false }), { showHidden: true }));
            console.log(util.inspect(new Map([['k', { deep: { deeper: { deepest: 1 } } }]])));
            console.log(util.inspect([[[[1]]]]), util.inspect({ 'a-b': 1, [Symbol('s')]: 2 }));
            console.log(util.inspect('multi\\nline'), util.inspect([undefined, null, -0, 1e21, 0.1]));
            """),
        ("buffer-stream", """
            const { Buffer: B2 } = require('buffer');
            const { StringDecoder } = require('string_decoder');
            const { Readable, Writable, Transform, PassThrough, pipeline } = require('stream');
            const stream = require('node:stream');
            console.log(Buffer === B2, typeof stream, typeof stream.Readable, stream.Stream === stream);
            const b = Buffer.from('héllo wörld 😀');
            console.log(b.length, b.toString('hex'), b.toString('base64'), b.toString('base64url'));
            console.log(Buffer.from('aGk_-w', 'base64url'), Buffer.from('68c3a9', 'hex').toString(), Buffer.from('hi', 'utf16le'));
            console.log(Buffer.concat([Buffer.from('a'), Buffer.from('bc')]).toString('latin1'), Buffer.alloc(3, 1), Buffer.byteLength('€'), b.slice(0, 5).toString('ascii'));
            console.log(JSON.stringify(Buffer.from([1, 2, 3])), Buffer.isBuffer(b), b.readUInt16BE(0), Buffer.compare(Buffer.from('a'), Buffer.from('b')));
            const d = new StringDecoder('utf8');
            console.log(JSON.stringify(d.write(Buffer.from([0xE2, 0x82]))), JSON.stringify(d.write(Buffer.from([0xAC]))), JSON.stringify(d.end()));
            const upper = new Transform({ transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); } });
            const chunks = [];
            const sink = new Writable({ write(chunk, enc, cb) { chunks.push(chunk.toString()); cb(); } });
            pipeline(Readable.from(['a', 'b', 'c']), upper, new PassThrough(), sink, (err) => console.log('pipeline', err, chunks.join('')));
            require('stream/promises').pipeline(Readable.from(['x']), new Writable({ write(c, e, cb) { cb(); } })).then(() => console.log('promises ok'));
            console.log(Readable.prototype instanceof stream, new PassThrough() instanceof require('events'));
            process.nextTick(() => console.log('tick'));
            Promise.resolve().then(() => console.log('promise'));
            setImmediate(() => console.log('immediate'));
            """),
        ("small-builtins", """
            const qs = require('querystring');
            console.log(qs.stringify({ a: 'x y', b: ['1', '2'], c: true, d: null, 'é': "it's" }), JSON.stringify(qs.parse('a=x+y&b=1&b=2&c=%E2%82%AC&d')));
            console.log(qs.escape("a b!*'()"), qs.unescape('%41%zz'));
            const tp = require('timers/promises');
            tp.setTimeout(50, 'waited').then((v) => console.log(v));
            tp.setImmediate('imm').then((v) => console.log(v));
            const os = require('os');
            console.log(os.EOL === '\\n', os.platform(), os.type(), typeof os.cpus().length, os.endianness(), typeof os.totalmem(), os.loadavg().length, os.tmpdir());
            console.log(btoa('hello'), atob('aGVsbG8='), btoa(''), atob(' aGk= '));
            try { btoa('€'); } catch (e) { console.log(e.name); }
            const orig = { d: new Date(0), m: new Map([[1, { x: [1] }]]), s: new Set(['a']), r: /x/g, u: new Uint8Array([1, 2]), n: null };
            orig.self = orig;
            const copy = structuredClone(orig);
            console.log(copy !== orig, copy.self === copy, copy.d.getTime(), copy.m.get(1).x[0], copy.s.has('a'), copy.r.flags, copy.u[1]);
            try { structuredClone(() => 1); } catch (e) { console.log(e.name); }
            console.log(typeof performance.now(), performance.now() >= 0, typeof performance.timeOrigin);
            const ac = new AbortController();
            ac.signal.addEventListener('abort', (ev) => console.log('aborted', ev.type, ac.signal.aborted, ac.signal.reason.name));
            ac.abort();
            const et = new EventTarget();
            et.addEventListener('ping', (e) => console.log('ping', e instanceof Event), { once: true });
            et.dispatchEvent(new Event('ping')); et.dispatchEvent(new Event('ping'));
            tp.setTimeout(100, 'x', { signal: AbortSignal.abort() }).catch((e) => console.log('timer', e.name));
            """),
        ("url", """
            const inputs = [
              ['https://user:pa ss@Example.COM:443/a/./b/../c d?q=1 2&x=é#frag ment'],
              ['http://example.com:8080'], ['HTTP://EXAMPLE.com/%7Efoo/'], ['https://example.com/path?'],
              ['../x/y?z', 'http://h.com/a/b/c'], ['//other.org/p', 'https://h.com/a'], ['?only', 'http://h.com/a/b?old#h'],
              ['#frag', 'http://h.com/a?b'], ['/abs', 'http://h.com/a/b'], ['mailto:someone@example.com'],
              ['file:///home/user/file.txt'], ['file://localhost/etc/hosts'], ['data:text/plain,hello world'],
              ['http://0x7f.1/'], ['http://[::1]:3000/x'], ['https://xn--bcher-kva.example/'], ['https://bücher.example/'],
              ['not a url'], ['http://'], ['http://h.com:99999'], ['urn:isbn:0451450523'], ['ws://h.com:80/'], ['http://h.com/a\\\\b'],
            ];
            for (const [input, base] of inputs) {
              try {
                const u = base ? new URL(input, base) : new URL(input);
                console.log(JSON.stringify([u.href, u.origin, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash]));
              } catch (e) { console.log('error', e.name, e.code, e.message); }
            }
            const u = new URL('https://h.com/p?a=1&b=2&a=3');
            console.log(u.searchParams.getAll('a'), u.searchParams.get('b'), u.searchParams.has('c'), [...u.searchParams.keys()].join());
            u.searchParams.append('c', 'x y&z'); u.searchParams.delete('b'); console.log(u.href, u.search);
            u.searchParams.sort(); console.log(u.search);
            u.pathname = '/new path'; u.hash = 'h'; u.port = '8443'; console.log(u.href);
            const p = new URLSearchParams({ q: 'a+b', n: 1 }); p.set('q', 'é'); console.log(p.toString(), p.size, String(new URLSearchParams('a=1&a=2&b')));
            console.log(new URLSearchParams([['x', '1'], ['y', '2']]).toString(), JSON.stringify({ u: new URL('http://a.b/c') }));
            const url = require('url');
            console.log(url.fileURLToPath('file:///tmp/a%20b.txt'), url.pathToFileURL('/tmp/a b#c.txt').href);
            const legacy = url.parse('http://user:pw@host.com:8080/p/a/t/h?query=string#hash', true);
            console.log(legacy.protocol, legacy.auth, legacy.host, legacy.port, legacy.pathname, legacy.search, JSON.stringify(legacy.query), legacy.hash, legacy.href);
            console.log(url.resolve('http://example.com/one', '/two'), url.resolve('/one/two/three', 'four'), url.format({ protocol: 'https', hostname: 'ex.com', pathname: '/x', query: { a: 1 } }));
            console.log(url.format(new URL('http://a.com/x')), URL.canParse('x'), URL.canParse('x', 'http://a'));
            """),
        ("crypto", """
            const crypto = require('crypto');
            for (const alg of ['md5', 'sha1', 'sha256', 'sha512']) console.log(alg, crypto.createHash(alg).update('hello ').update(Buffer.from('world')).digest('hex'));
            console.log(crypto.createHash('sha256').update('é', 'utf8').digest('base64'), crypto.createHash('sha1').digest().length);
            console.log(crypto.createHmac('sha256', 'secret').update('message').digest('hex'), crypto.createHmac('md5', Buffer.from('k')).update('').digest('base64'));
            const key = crypto.createHash('sha256').update('password').digest();
            const iv = Buffer.from('any16_symbols!!!');
            const c = crypto.createCipheriv('aes-256-cbc', key, iv);
            const enc = Buffer.concat([c.update('{"body":{"a":1},"x":"a longer payload spanning blocks"}', 'utf8'), c.final()]);
            console.log(enc.toString('base64'));
            const c2 = crypto.createCipheriv('aes-256-cbc', key, iv);
            console.log(c2.update('short', 'utf8', 'hex') + c2.final('hex'));
            const d = crypto.createDecipheriv('aes-256-cbc', key, iv);
            console.log(d.update(enc.toString('base64'), 'base64', 'utf8') + d.final('utf8'));
            try { const bad = crypto.createDecipheriv('aes-256-cbc', key, iv); bad.update(Buffer.alloc(16)); bad.final(); } catch (e) { console.log('bad decrypt', e.code); }
            console.log(crypto.randomBytes(8).length, crypto.randomUUID().length, /^[0-9a-f-]{36}$/.test(crypto.randomUUID()), crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')));
            const r = crypto.randomInt(10); console.log(r >= 0 && r < 10, crypto.getHashes().includes('sha256'));
            crypto.randomBytes(4, (err, b) => console.log('async', err, b.length));
            try { crypto.createHash('nope'); } catch (e) { console.log(e.message); }
            """),
        ("assert", """
            const assert = require('assert');
            const strict = require('assert/strict');
            const show = (fn) => { try { fn(); console.log('passed'); } catch (e) { console.log(e.name, e.code, e.operator, JSON.stringify(e.actual), JSON.stringify(e.expected), e.generatedMessage); } };
            show(() => assert(true));
            show(() => assert.ok(0, 'custom message'));
            show(() => assert.equal(1, '1'));
            show(() => strict.equal(1, '1'));
            show(() => assert.strictEqual(NaN, NaN));
            show(() => assert.deepEqual({ a: 1 }, { a: '1' }));
            show(() => assert.deepStrictEqual({ a: 1 }, { a: '1' }));
            show(() => assert.deepStrictEqual([1, { b: [2] }], [1, { b: [2] }]));
            show(() => assert.notStrictEqual(1, 1));
            show(() => assert.throws(() => { throw new TypeError('bad'); }, TypeError));
            show(() => assert.throws(() => { throw new TypeError('bad'); }, /bad/));
            show(() => assert.throws(() => { throw new TypeError('bad'); }, { name: 'TypeError', message: 'bad' }));
            show(() => assert.throws(() => {}));
            show(() => assert.doesNotThrow(() => {}));
            show(() => assert.match('abc', /b/));
            show(() => assert.ifError(null));
            show(() => assert.fail('boom'));
            try { assert.strictEqual(1, 2, 'one is not two'); } catch (e) { console.log(e.message, String(e)); }
            assert.rejects(Promise.reject(new Error('x')), /x/).then(() => console.log('rejects ok'));
            assert.rejects(Promise.resolve(1)).catch((e) => console.log('rejects', e.code));
            console.log(typeof assert.AssertionError, assert.strict === strict, new assert.AssertionError({ message: 'm' }).code);
            """),
        ("vm", """
            const vm = require('vm');
            const sandbox = { a: 1, b: 2, list: [1, 2] };
            console.log(vm.runInNewContext('a + b', sandbox));
            vm.runInNewContext('x = a * 10; list.push(3); var y = "declared"', sandbox);
            console.log(sandbox.x, sandbox.y, sandbox.list.length);
            const ctx = vm.createContext({ count: 0 });
            vm.runInContext('count += 1; count += 1;', ctx);
            console.log(ctx.count, vm.isContext(ctx), vm.isContext({}));
            const script = new vm.Script('typeof require + ":" + typeof process + ":" + n * 2');
            console.log(script.runInNewContext({ n: 21 }));
            console.log(vm.runInNewContext('[] instanceof Array'), vm.runInNewContext('[]') instanceof Array);
            try { vm.runInNewContext('throw new TypeError("inside")'); } catch (e) { console.log(e.name, e.message, e instanceof TypeError); }
            try { vm.runInNewContext('syntax error here', {}, { filename: 'my.vm.js' }); } catch (e) { console.log(e.name); }
            console.log(vm.runInThisContext('typeof globalThis.process'), vm.compileFunction('return a + b', ['a', 'b'])(2, 3));
            """),
        ("zlib", """
            const zlib = require('zlib');
            const text = 'hello hello hello hello jshost '.repeat(20);
            const gz = zlib.gzipSync(text);
            console.log(gz[0], gz[1], zlib.gunzipSync(gz).toString() === text, zlib.unzipSync(gz).length);
            const df = zlib.deflateSync(Buffer.from(text), { level: 9 });
            console.log(df.toString('base64'), zlib.inflateSync(df).toString().length);
            const raw = zlib.deflateRawSync('abcabcabc');
            console.log(raw.toString('hex'), zlib.inflateRawSync(raw).toString());
            try { zlib.gunzipSync(Buffer.from('not gzip')); } catch (e) { console.log(e.code, e.errno, e.message); }
            // Independent async work finishes in an order that depends on Node's thread pool; run the steps one by one.
            const { Readable, Writable, pipeline } = require('stream');
            const steps = [
              () => new Promise((done) => zlib.gzip('async data', (err, buf) => zlib.gunzip(buf, (err2, out) => { console.log('callback', err, err2, out.toString()); done(); }))),
              () => new Promise((done) => {
                const parts = [];
                pipeline(Readable.from([Buffer.from('stream '), Buffer.from('of '), Buffer.from('chunks')]), zlib.createGzip(), zlib.createGunzip(),
                  new Writable({ write(c, e, cb) { parts.push(c.toString()); cb(); } }), (err) => { console.log('pipeline', err, parts.join('')); done(); });
              }),
              () => require('util').promisify(zlib.deflate)('promised').then((b) => console.log('promisify', zlib.inflateSync(b).toString())),
            ];
            (async () => { for (const step of steps) await step(); })();
            """),
        ("fs", """
            const fs = require('fs');
            const path = require('path');
            const os = require('os');
            const dir = path.join(os.tmpdir(), 'jshost-fs-oracle');
            fs.rmSync(dir, { recursive: true, force: true });
            console.log(fs.mkdirSync(path.join(dir, 'a/b'), { recursive: true }) === path.join(dir, 'a'));
            fs.writeFileSync(path.join(dir, 'a/f.txt'), 'héllo');
            fs.appendFileSync(path.join(dir, 'a/f.txt'), Buffer.from(' world'));
            console.log(fs.readFileSync(path.join(dir, 'a/f.txt'), 'utf8'), fs.readFileSync(path.join(dir, 'a/f.txt')).length);
            const st = fs.statSync(path.join(dir, 'a/f.txt'));
            console.log(st.isFile(), st.isDirectory(), st.size, st.mtime instanceof Date, fs.statSync(dir).isDirectory());
            console.log(fs.readdirSync(path.join(dir, 'a')), fs.readdirSync(path.join(dir, 'a'), { withFileTypes: true }).map((d) => d.name + ':' + d.isDirectory()));
            console.log(fs.existsSync(path.join(dir, 'nope')), fs.statSync(path.join(dir, 'nope'), { throwIfNoEntry: false }));
            try { fs.readFileSync(path.join(dir, 'nope')); } catch (e) { console.log(e.code, e.errno, e.syscall, e.message.replace(dir, '<dir>')); }
            try { fs.mkdirSync(path.join(dir, 'a')); } catch (e) { console.log(e.code, e.syscall); }
            fs.renameSync(path.join(dir, 'a/f.txt'), path.join(dir, 'g.txt'));
            fs.copyFileSync(path.join(dir, 'g.txt'), path.join(dir, 'h.txt'));
            fs.unlinkSync(path.join(dir, 'g.txt'));
            console.log(fs.readdirSync(dir));
            const steps = [
              () => new Promise((done) => fs.readFile(path.join(dir, 'h.txt'), 'utf8', (err, text) => { console.log('callback', err, text); done(); })),
              () => fs.promises.writeFile(path.join(dir, 'p.txt'), 'promised').then(() => fs.promises.readFile(path.join(dir, 'p.txt'), 'utf8')).then((t) => console.log('promises', t)),
              () => require('fs/promises').stat(path.join(dir, 'nope')).catch((e) => console.log('promise error', e.code)),
              () => new Promise((done) => {
                const ws = fs.createWriteStream(path.join(dir, 's.txt'));
                ws.write('line 1\\n'); ws.end('line 2\\n');
                ws.on('finish', () => {
                  const chunks = [];
                  fs.createReadStream(path.join(dir, 's.txt'), { encoding: 'utf8', highWaterMark: 4 }).on('data', (c) => chunks.push(c)).on('end', () => { console.log('streams', chunks.length, JSON.stringify(chunks.join(''))); done(); });
                });
              }),
              () => { fs.rmSync(dir, { recursive: true }); console.log('removed', fs.existsSync(dir)); },
            ];
            (async () => { for (const step of steps) await step(); })();
            """),
        ("net", """
            const net = require('net');
            console.log(['1.2.3.4', '256.1.1.1', '::1', 'fe80::1%eth0', '2001:db8::8a2e:370:7334', '::ffff:192.168.0.1', 'abc', '1:2:3:4:5:6:7:8', '1::2::3'].map((a) => net.isIP(a)).join(','));
            console.log(net.isIPv4('10.0.0.1'), net.isIPv6('10.0.0.1'));
            """),
        ("json-errors", """
            const inputs = ['{', '{"a":1', '{a:1}', '{"a":1,}', '[1,2', '[1,]', '', ' ', 'x', 'tru', 'true x', '{"a" 1}', '"abc', '"a\\nb"', '"\\\\x"', '01', '1.', '-', '1e', '[1 2]', '{"a":}', 'nul', '{"a":1}}', '"\\\\u12"', 'undefined', '{"a":1} x', '[', ']', '{"a":"b"', 'NaN', '{"a":01}', '"\\t"', '123abc', '{"a":1 "b":2}', ',', '{,}', '[[[', '{"":{"":{"":[1,2,{"x":tru}]}}}', 'A'.repeat(40), '{"long":"' + 'x'.repeat(30) + '" z}'];
            for (const text of inputs) {
              try { JSON.parse(text); console.log('ok', JSON.stringify(text)); } catch (e) { console.log(JSON.stringify(text), '→', e.name, JSON.stringify(e.message)); }
            }
            try { JSON.parse(undefined); } catch (e) { console.log('undefined →', e.message); }
            try { JSON.parse(Buffer.from('{"a":')); } catch (e) { console.log('buffer →', e.message); }
            try { JSON.parse({}); } catch (e) { console.log('object →', e.message); }
            try { JSON.parse('{"a":1}', (k, v) => { if (k === 'a') throw new SyntaxError('from the reviver'); return v; }); } catch (e) { console.log('reviver', e.message); }
            console.log(JSON.parse('{"a":[1,{"b":null}]}', (k, v) => (typeof v === 'number' ? v * 2 : v)).a[0], JSON.parse.length, JSON.parse.name);
            """),
        ("engine-errors", """
            'use strict';
            const cases = {
              readUndefined: () => { const msg = {}; return msg.body.x; },
              readNull: () => { const a = { b: null }; return a.b.c; },
              readIndex: () => { let list; return list[0]; },
              readQuoted: () => { let o; return o['key']; },
              setUndefined: () => { let o; o.x = 1; },
              callMissing: () => { const o = {}; o.missing(); },
              callVariable: () => { const f = undefined; f(); },
              callNumber: () => { const o = { n: 5 }; o.n(); },
              notDefined: () => nope + 1,
              arrayLength: () => new Array(-1),
              notConstructor: () => { const F = 5; return new F(); },
              bigint: () => 1n + 1,
              symbol: () => `${Symbol('s')}`,
              inOperator: () => 'a' in 5,
              resultOfCall: () => { const o = { f: () => undefined }; return o.f().g; },
              toFixed: () => (1).toFixed(200),
              instanceofBad: () => ({}) instanceof 5,
              forOfMember: () => { const o = { list: undefined }; for (const x of o.list) {} },
              forOfNumber: () => { const o = { n: 5 }; for (const x of o.n) {} },
              arrayPattern: () => { const o = {}; const [a] = o.list; },
              readAfterIterable: () => { const o = {}; return o.list.length; },
            };
            for (const [name, fn] of Object.entries(cases)) {
              try { fn(); console.log(name, 'no error'); } catch (e) { console.log(name, '|', e.name, '|', e.message, e instanceof TypeError); }
            }
            const thrower = async () => { const msg = {}; return msg.body.y; };
            thrower().catch((e) => console.log('promise catch', e.message));
            thrower().then(null, (e) => console.log('then rejection', e.message));
            (async () => { try { await thrower(); } catch (err) { console.log('await catch', err.message); } })();
            const text = 'catch (e) { not code }', re = /catch (e) {/;
            console.log(text, re.source, `catch (${'e'}) {`);
            class Thenable { catch(handler) { return typeof handler; } }
            console.log(new Thenable().catch(() => 1));
            try { null.x; } catch { console.log('optional binding'); }
            """),
        ("builtin-internals", """
            require('stream'); require('string_decoder'); require('url').parse('http://x/'); require('punycode'); Buffer.from('x');
            console.log('internal files in require.cache', Object.keys(require.cache).filter((k) => k.startsWith('/usr/share/')).length);
            for (const key of Object.keys(require.cache)) delete require.cache[key];
            const { Readable } = require('stream');
            const zlib = require('zlib');
            const util = require('util');
            console.log(typeof setTimeout[util.promisify.custom], typeof setImmediate[util.promisify.custom]);
            util.promisify(setImmediate)('imm').then((v) => console.log('promisified setImmediate', v))
              .then(() => util.promisify(setTimeout)(5, 'value')).then((v) => {
                console.log('promisified setTimeout', v);
                const chunks = [];
                Readable.from([zlib.gzipSync('after the cache was cleared')]).pipe(zlib.createGunzip())
                  .on('data', (c) => chunks.push(c)).on('end', () => console.log('gunzip', Buffer.concat(chunks).toString()));
              });
            """),
        ("url-branding", """
            const u = new URL('https://user:pw@example.org:8080/a/b?x=1&y=2#h');
            console.log(Object.prototype.toString.call(u), Object.prototype.toString.call(u.searchParams));
            console.log(Object.keys(u), Object.getOwnPropertyNames(u.searchParams), Object.getOwnPropertySymbols(u.searchParams).length);
            u.searchParams.append('z', '3');
            console.log(u.href, String(URL.parse('nope')), URL.parse('/p', 'http://h/').href, URL.canParse('x:'));
            console.log(JSON.stringify(require('url').urlToHttpOptions(u)));
            """),
        ("zlib", """
            const zlib = require('zlib');
            const text = 'brotli and gzip '.repeat(40);
            const br = zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
            console.log(zlib.brotliDecompressSync(br).toString() === text, zlib.gunzipSync(zlib.gzipSync(text, { level: 1 })).length);
            console.log(zlib.inflateRawSync(zlib.deflateRawSync(text, { windowBits: 9, memLevel: 3, strategy: zlib.constants.Z_HUFFMAN_ONLY })).length);
            console.log(zlib.crc32('hello'), zlib.crc32('world', 5), zlib.crc32(Buffer.from('hello')));
            console.log(zlib.codes.Z_DATA_ERROR, zlib.codes['-3'], zlib.Z_BEST_SPEED, zlib.constants.BROTLI_MAX_QUALITY, zlib.constants.Z_MAX_CHUNK);
            for (const bad of [() => zlib.gunzipSync(Buffer.from('not gzip')), () => zlib.brotliDecompressSync(Buffer.from('hello there')),
                               () => zlib.inflateSync(zlib.deflateSync(text).subarray(0, 10)), () => zlib.gunzipSync(text, { maxOutputLength: 1 })]) {
              try { bad(); } catch (e) { console.log(e.name, e.code, e.errno, e.message); }
            }
            try { zlib.gunzipSync(zlib.gzipSync(text), { maxOutputLength: 10 }); } catch (e) { console.log(e.code, e.message); }
            const g = zlib.Gzip();
            console.log(g instanceof zlib.Gzip, g instanceof require('stream').Transform, typeof zlib.createBrotliDecompress);
            const chunks = [];
            const b = zlib.createBrotliCompress();
            b.on('data', (c) => chunks.push(c));
            b.write(text.slice(0, 100));
            b.flush(() => {
              console.log('flushed', zlib.brotliDecompressSync(Buffer.concat(chunks), { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }).toString().length > 0);
              b.end(text.slice(100));
            });
            b.on('end', () => {
              console.log('brotli stream', zlib.brotliDecompressSync(Buffer.concat(chunks)).toString() === text);
              zlib.brotliCompress(text, (err, out) => zlib.brotliDecompress(out, (err2, back) => console.log('callbacks', err, err2, back.toString() === text)));
            });
            const d = zlib.createDeflate({ level: 1 });
            const parts = [];
            d.on('data', (c) => parts.push(c)).on('end', () => console.log('params', zlib.inflateSync(Buffer.concat(parts)).toString() === text + text));
            d.write(text);
            d.params(9, zlib.constants.Z_DEFAULT_STRATEGY, () => d.end(text));
            """),
        ("constants", """
            const c = require('constants'), os = require('os'), crypto = require('crypto'), fs = require('fs');
            console.log(Object.keys(c).length, c.ENOENT, c.SIGTERM, c.O_CREAT, c.RSA_PKCS1_OAEP_PADDING, 'defaultCipherList' in c);
            console.log(os.constants.signals.SIGKILL, os.constants.errno.EACCES, os.constants.priority.PRIORITY_HIGH, Object.isFrozen(os.constants.errno));
            console.log(crypto.constants.RSA_PKCS1_PSS_PADDING, crypto.constants.defaultCoreCipherList.split(':').length, fs.constants.S_IFREG === c.S_IFREG);
            """),
        ("stream-operators", """
            const { Readable, Writable, PassThrough, pipeline, compose, duplexPair, addAbortSignal, isErrored, isReadable, getDefaultHighWaterMark } = require('stream');
            const { pipeline: pipelineAsync } = require('stream/promises');
            const consumers = require('stream/consumers');
            (async () => {
              console.log(await Readable.from([1, 2, 3, 4, 5]).map((x) => x * 2, { concurrency: 2 }).filter((x) => x > 4).toArray());
              console.log(await Readable.from([1, 2, 3, 4]).drop(1).take(2).toArray(), await Readable.from([[1, 2], [3]]).flatMap((x) => x).toArray());
              console.log(await Readable.from([1, 2, 3]).reduce((a, b) => a + b, 10), await Readable.from([1, 2, 3]).some((x) => x > 2),
                await Readable.from([1, 2, 3]).every((x) => x > 2), await Readable.from([1, 2, 3]).find((x) => x > 1));
              try { await Readable.from([]).reduce((a, b) => a + b); } catch (e) { console.log(e.code, e.message); }
              const seen = []; await Readable.from(['a', 'b']).forEach((x) => seen.push(x)); console.log(seen.join());
              const out = [];
              await pipelineAsync(Readable.from(['x', 'y', 'z']), async function* (source) { for await (const chunk of source) yield chunk.toUpperCase(); },
                new Writable({ objectMode: true, write(chunk, e, cb) { out.push(chunk); cb(); } }));
              console.log('generator pipeline', out.join(''));
              console.log('sink result', await pipelineAsync(Readable.from(['1', '2']), async (source) => { let n = 0; for await (const c of source) n += Number(c); return n; }));
              const controller = new AbortController();
              const endless = new Readable({ read() { setTimeout(() => this.push('tick'), 5); } });
              setTimeout(() => controller.abort(), 20);
              try { await pipelineAsync(endless, new PassThrough(), { signal: controller.signal }); } catch (e) { console.log('aborted', e.name, e.code); }
              const c = compose(new PassThrough(), async function* (source) { for await (const chunk of source) yield String(chunk).length; });
              c.end('hello');
              console.log('compose', await c.toArray());
              const [a, b] = duplexPair();
              a.write('ping'); a.end();
              console.log('pair', String(await b.toArray()));
              const r = new Readable({ read() {} });
              addAbortSignal(AbortSignal.abort(), r);
              r.on('error', (e) => console.log('signal', e.name, isErrored(r), isReadable(r)));
              console.log(getDefaultHighWaterMark(false), getDefaultHighWaterMark(true), Readable.from([]).readable, new PassThrough().writable);
              console.log(await consumers.text(Readable.from(['a', 'b'])), await consumers.json(Readable.from(['{"k":', '1}'])), (await consumers.buffer(Readable.from([Buffer.from('zz')]))).length);
              pipeline(Readable.from(['p']), new PassThrough(), (err) => console.log('callback pipeline', err));
            })();
            """),
        ("web-streams", """
            const web = require('stream/web');
            const { Readable, Writable } = require('stream');
            (async () => {
              console.log(Object.keys(web).join(), ReadableStream === web.ReadableStream, typeof CompressionStream);
              const rs = ReadableStream.from(['a', 'b', 'c']);
              const got = [];
              for await (const chunk of rs) got.push(chunk);
              console.log(got.join(), rs.locked);
              const upper = new TransformStream({ transform(chunk, controller) { controller.enqueue(chunk.toUpperCase()); } });
              const reader = ReadableStream.from(['x', 'y']).pipeThrough(upper).getReader();
              console.log((await reader.read()).value, (await reader.read()).value, (await reader.read()).done);
              const bytes = ReadableStream.from(['héllo ', 'wörld']).pipeThrough(new TextEncoderStream()).pipeThrough(new CompressionStream('gzip'))
                .pipeThrough(new DecompressionStream('gzip')).pipeThrough(new TextDecoderStream());
              let text = '';
              for await (const chunk of bytes) text += chunk;
              console.log(text, new TextDecoderStream('utf-8', { fatal: true }).fatal, new TextEncoderStream().encoding);
              const written = [];
              const ws = new WritableStream({ write(chunk) { written.push(chunk); } }, new CountQueuingStrategy({ highWaterMark: 2 }));
              const writer = ws.getWriter();
              console.log(writer.desiredSize);
              await writer.write('one'); await writer.close();
              console.log(written, new ByteLengthQueuingStrategy({ highWaterMark: 16 }).highWaterMark);
              const fromNode = Readable.toWeb(Readable.from(['n1', 'n2']));
              const back = [];
              for await (const chunk of fromNode) back.push(String(chunk));
              console.log('toWeb', back.join());
              console.log('fromWeb', (await Readable.fromWeb(ReadableStream.from(['w1', 'w2']), { objectMode: true }).toArray()).join());
              const sink = [];
              const nodeSink = Writable.toWeb(new Writable({ write(chunk, e, cb) { sink.push(String(chunk)); cb(); } }));
              const w2 = nodeSink.getWriter(); await w2.write('s1'); await w2.close();
              console.log('Writable.toWeb', sink.join());
              try { new CompressionStream('zip'); } catch (e) { console.log(e.code); }
            })();
            """),
        ("buffer-node20", """
            const buffer = require('buffer');
            const b = Buffer.from('héllo wörld');
            console.log(b.latin1Slice(0, 3), b.hexSlice(0, 4), b.base64Slice(), b.base64urlSlice(0, 5), b.utf8Slice(1, 3), b.asciiSlice(0, 2), b.ucs2Slice(0, 4));
            const w = Buffer.alloc(8);
            console.log(w.hexWrite('ff00aa'), w.latin1Write('é', 3), w.utf8Write('z', 5), w, w.subarray(1, 3) instanceof Buffer, w.subarray(2).length);
            console.log(Buffer.of(1, 2, 3), Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1, 1), w.readBigUint64BE === w.readBigUInt64BE);
            console.log(buffer.isUtf8(b), buffer.isUtf8(Buffer.from([0xc3])), buffer.isAscii(Buffer.from('abc')), buffer.isAscii(b));
            console.log(buffer.transcode(Buffer.from('h€llo é'), 'utf8', 'latin1'), buffer.transcode(Buffer.from('hé'), 'utf8', 'ucs2'), buffer.transcode(Buffer.from('hé'), 'utf8', 'ascii'));
            console.log(buffer.atob(buffer.btoa('ok')), typeof buffer.constants.MAX_LENGTH, buffer.Blob === Blob, buffer.File === File);
            """),
        ("blob", """
            (async () => {
              const blob = new Blob(['ab', new Uint8Array([99, 100]), new Blob(['e'])], { type: 'Text/Plain' });
              console.log(blob, blob.size, blob.type, Object.prototype.toString.call(blob), Object.keys(blob));
              console.log(await blob.text(), (await blob.arrayBuffer()).byteLength, await blob.slice(1, -1).text(), blob.slice(-2, undefined, 'x/Y').type);
              console.log(await new Blob(['a\\r\\nb'], { endings: 'native' }).text() === 'a\\nb', (await blob.bytes()) instanceof Uint8Array);
              const chunks = [];
              for await (const chunk of blob.stream()) chunks.push(chunk.length);
              console.log(chunks);
              const file = new File(['xyz'], 'f.txt', { type: 'text/plain', lastModified: 42 });
              console.log(file, file.name, file.lastModified, file instanceof Blob, await file.text());
              try { new Blob('nope'); } catch (e) { console.log(e.code); }
              try { new File(['x']); } catch (e) { console.log(e.code); }
              const url = URL.createObjectURL(blob);
              console.log(url.startsWith('blob:nodedata:'), await require('buffer').resolveObjectURL(url).text());
              URL.revokeObjectURL(url);
              console.log(require('buffer').resolveObjectURL(url));
            })();
            """),
        ("dom-events", """
            const d = new DOMException('broke', 'AbortError');
            console.log(d.name, d.message, d.code, d instanceof Error, Object.prototype.toString.call(d), Object.keys(d), DOMException.TIMEOUT_ERR, new DOMException('x').name);
            const target = new EventTarget();
            const order = [];
            const listener = (e) => order.push('l:' + e.type + ':' + (e.target === target) + ':' + e.eventPhase);
            target.addEventListener('ping', listener);
            target.addEventListener('ping', listener);
            target.addEventListener('ping', { handleEvent: (e) => order.push('h') }, { once: true });
            const event = new Event('ping', { cancelable: true });
            console.log(Object.keys(event), event.type, event.cancelable, event.bubbles, event.eventPhase, event.isTrusted);
            console.log(target.dispatchEvent(event), target.dispatchEvent(new Event('ping')), order.join());
            event.preventDefault();
            console.log(event.defaultPrevented, event.returnValue, event.currentTarget, Event.AT_TARGET);
            const custom = new CustomEvent('c', { detail: { n: 1 } });
            console.log(custom.detail, custom instanceof Event, Object.prototype.toString.call(custom));
            const controller = new AbortController();
            const seen = [];
            controller.signal.addEventListener('abort', (e) => seen.push(e.type));
            controller.signal.onabort = () => seen.push('onabort');
            controller.abort();
            console.log(seen, controller.signal.aborted, controller.signal.reason instanceof DOMException, controller.signal.reason.name, controller.signal.reason.message);
            try { controller.signal.throwIfAborted(); } catch (e) { console.log('thrown', e.name); }
            try { new AbortSignal(); } catch (e) { console.log(e.code, e.message); }
            const any = AbortSignal.any([new AbortController().signal, AbortSignal.abort('why')]);
            console.log(any.aborted, any.reason, AbortSignal.abort().reason.code);
            const later = AbortSignal.timeout(5);
            later.addEventListener('abort', () => console.log('timeout', later.reason.name, later.reason.code));
            const removable = new EventTarget(), c2 = new AbortController();
            removable.addEventListener('x', () => console.log('should not run'), { signal: c2.signal });
            c2.abort();
            removable.dispatchEvent(new Event('x'));
            """),
        ("stacks", #"""
            // Stacks read as V8 writes them: the same heading as Node's, frames in V8's form, and the first frame at
            // the same file and line (columns differ between the engines).
            const shape = (stack) => {
              const [heading, ...frames] = stack.split('\n');
              const ok = frames.every((f) => /^    at (\S.* \(.+:\d+:\d+\)|\S.* \(<anonymous>\)|[^ ()]+:\d+:\d+)$/.test(f));
              const first = (/\(?([^ ()]+):(\d+):\d+\)?$/.exec(frames[0] || '') || []).slice(1, 3).join(':').replace(__dirname, '.');
              return [heading, ok, first].join(' | ');
            };
            class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }
            function thrower() { throw new Error('boom'); }
            const errors = [];
            try { thrower(); } catch (e) { errors.push(e); }
            try { null.deep; } catch (e) { errors.push(e); }
            try { throw new ValidationError('field x'); } catch (e) { errors.push(e); }
            try { throw new RangeError(''); } catch (e) { errors.push(e); }
            const o = {}; Error.captureStackTrace(o); errors.push(o);
            for (const e of errors) console.log(shape(e.stack));
            (async () => { await null; throw new TypeError('later'); })().catch((e) => console.log(shape(e.stack)));
            console.log(require('util').inspect(new Error('shown')).split('\n')[0]);
            """#),
        ("vm-realms", """
            const vm = require('vm'), util = require('util');
            const made = vm.runInNewContext(`({ date: new Date(0), map: new Map([[1, 'a']]), set: new Set([2]), promise: Promise.resolve(3),
              regexp: /x+/g, error: new TypeError('inner'), bytes: new Uint8Array([1, 2]), buffer: new ArrayBuffer(2),
              boxed: new String('s'), weak: new WeakMap(), array: [1, 2] })`);
            const t = util.types;
            console.log(t.isDate(made.date), t.isMap(made.map), t.isSet(made.set), t.isPromise(made.promise), t.isRegExp(made.regexp),
              t.isNativeError(made.error), t.isUint8Array(made.bytes), t.isTypedArray(made.bytes), t.isArrayBuffer(made.buffer),
              t.isStringObject(made.boxed), t.isBoxedPrimitive(made.boxed), t.isWeakMap(made.weak), made.date instanceof Date);
            console.log(t.isDate({}), t.isMap({ size: 1 }), t.isPromise({ then() {} }), t.isRegExp({ source: 'x' }), t.isNativeError({ message: 'm', name: 'Error' }));
            console.log(util.inspect(made.map), util.inspect(made.set), util.inspect(made.date), util.inspect(made.regexp), util.inspect(made.boxed), util.inspect(made.bytes));
            console.log(util.isDeepStrictEqual(made.array, [1, 2]), Array.isArray(made.array));
            for (const code of ['const o = {}; o.a.deep', 'missing + 1', 'null.x', 'let f; f()']) {
              try { vm.runInNewContext(code); } catch (e) { console.log(e.name, e.message); }
            }
            try { vm.runInThisContext('undefined.y'); } catch (e) { console.log(e.message); }
            console.log(vm.createScript('1 + 1').runInNewContext(), typeof vm.constants.DONT_CONTEXTIFY);
            """),
        ("readline", #"""
            const readline = require('readline'), fs = require('fs'), path = require('path'), { PassThrough, Readable } = require('stream');
            const file = path.join(process.cwd(), 'lines.csv');
            fs.writeFileSync(file, 'id,name\r\n1,Ada\r\n2,Grace\n\n3,Linus');
            (async () => {
              const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
              const lines = [];
              for await (const line of rl) lines.push(line);
              console.log(lines);
              const events = [];
              const input = new PassThrough();
              const rl2 = readline.createInterface({ input });
              rl2.on('line', (l) => events.push('line:' + l)).on('close', () => { events.push('close'); console.log(events.join(' ')); });
              input.write('a\nb'); input.write('c\r'); input.write('\nd\n'); input.end('tail');
              const handle = await fs.promises.open(file);
              const counted = [];
              for await (const line of handle.readLines()) counted.push(line.length);
              console.log('readLines', counted);
              const out = new PassThrough();
              let written = '';
              out.on('data', (c) => { written += c; });
              const ask = readline.createInterface({ input: Readable.from(['blue\n']), output: out });
              ask.question('Colour? ', (answer) => { console.log('answer', answer, JSON.stringify(written)); ask.close(); });
              const rp = require('readline/promises');
              const asked = rp.createInterface({ input: Readable.from(['42\n']), output: new PassThrough() });
              console.log('promise answer', await asked.question('n? '));
              asked.close();
              console.log(readline.cursorTo(out, 3), readline.moveCursor(out, -1, 2), readline.clearLine(out, 0), JSON.stringify(written.slice(-20)));
              const closed = readline.createInterface({ input: new PassThrough() });
              closed.close();
              try { closed.question('x', () => {}); } catch (e) { console.log(e.code); }
            })();
            """#),
        ("async-context", #"""
            const { AsyncLocalStorage, AsyncResource, executionAsyncId } = require('async_hooks');
            const dc = require('diagnostics_channel');
            const { EventEmitter, on, once, addAbortListener, getEventListeners, EventEmitterAsyncResource } = require('events');
            const als = new AsyncLocalStorage();
            const seen = [];
            als.run({ id: 1 }, () => {
              seen.push('sync:' + als.getStore().id);
              setTimeout(() => seen.push('timeout:' + als.getStore().id), 1);
              setImmediate(() => seen.push('immediate:' + als.getStore().id));
              process.nextTick(() => seen.push('tick:' + als.getStore().id));
              queueMicrotask(() => seen.push('microtask:' + als.getStore().id));
              const bound = AsyncResource.bind(() => seen.push('bound:' + als.getStore().id));
              als.run({ id: 2 }, () => { bound(); seen.push('inner:' + als.getStore().id); });
              als.exit(() => seen.push('exit:' + als.getStore()));
            });
            seen.push('outside:' + als.getStore());
            const channel = dc.channel('jshost:test');
            console.log(channel.hasSubscribers, dc.hasSubscribers('jshost:test'));
            const onMessage = (message, name) => console.log('published', message, name);
            dc.subscribe('jshost:test', onMessage);
            channel.publish({ n: 1 });
            console.log(channel.hasSubscribers, dc.unsubscribe('jshost:test', onMessage), channel.hasSubscribers);
            const tracing = dc.tracingChannel('jshost:op');
            const trace = [];
            tracing.subscribe({ start: () => trace.push('start'), end: () => trace.push('end'), asyncStart: () => trace.push('asyncStart'),
              asyncEnd: () => trace.push('asyncEnd'), error: (c) => trace.push('error:' + c.error.message) });
            console.log(tracing.traceSync((a, b) => a + b, { op: 'add' }, null, 2, 3), trace.join());
            tracing.tracePromise(async () => 'done', {}).then((v) => console.log('traced', v, trace.join()));
            (async () => {
              const emitter = new EventEmitter();
              setTimeout(() => { emitter.emit('tick', 1); emitter.emit('tick', 2); emitter.emit('stop'); }, 2);
              const ticks = [];
              for await (const [n] of on(emitter, 'tick', { close: ['stop'] })) ticks.push(n);
              console.log('on', ticks);
              const target = new EventTarget();
              setTimeout(() => target.dispatchEvent(new Event('ready')), 1);
              const [event] = await once(target, 'ready');
              console.log('once target', event.type);
              const controller = new AbortController();
              setTimeout(() => controller.abort(), 1);
              try { await once(emitter, 'never', { signal: controller.signal }); } catch (e) { console.log('once aborted', e.name, e.code); }
              const c2 = new AbortController();
              addAbortListener(c2.signal, () => console.log('abort listener'));
              c2.abort();
              const listener = () => {};
              target.addEventListener('x', listener);
              console.log(getEventListeners(target, 'x').length === 1, getEventListeners(emitter, 'tick').length);
              const resourceful = new EventEmitterAsyncResource({ name: 'Mine' });
              resourceful.on('go', () => console.log('async resource emit', typeof resourceful.asyncId, resourceful.asyncResource instanceof AsyncResource));
              resourceful.emit('go');
              // Last, in program order rather than after a wall-clock wait (a loaded machine runs the lines above
              // past any fixed time): the timeout and immediate above came before the first await here resolved.
              console.log(seen.join(' '));
            })();
            """#),
        ("util-node20", #"""
            const util = require('util');
            console.log(util.getSystemErrorName(-2), util.getSystemErrorName(-13), util.getSystemErrorMap().get(-98), util.getSystemErrorMap().size);
            try { util.getSystemErrorName(2); } catch (e) { console.log(e.code); }
            console.log(JSON.stringify(util.styleText('red', 'x')), JSON.stringify(util.styleText(['bold', 'underline'], 'y')), util.inspect.colors.red, util.inspect.colors.grey, util.inspect.styles.number);
            try { util.styleText('nope', 'x'); } catch (e) { console.log(e.code); }
            const m = new util.MIMEType('Text/HTML; Charset="UTF-8"; q=0.5; empty=""');
            console.log(String(m), m.essence, m.type, m.subtype, [...m.params], m.params.get('charset'), m.params.has('q'), JSON.stringify(m));
            m.params.set('x', 'a b'); m.subtype = 'plain';
            console.log(m.toString());
            try { new util.MIMEType('nothing'); } catch (e) { console.log(e.code, e.message); }
            console.log(util.parseArgs({ args: ['-f', '--bar', 'b', '--list=1', '--list', '2', 'pos'], options: { foo: { type: 'boolean', short: 'f' }, bar: { type: 'string' }, list: { type: 'string', multiple: true }, d: { type: 'string', default: 'dflt' } }, allowPositionals: true }));
            console.log(util.parseArgs({ args: ['-abc', 'x'], options: { a: { type: 'boolean' }, b: { type: 'boolean' }, c: { type: 'string' } }, tokens: true }).tokens.length);
            try { util.parseArgs({ args: ['--nope'], options: {} }); } catch (e) { console.log(e.code); }
            try { util.parseArgs({ args: ['p'], options: {} }); } catch (e) { console.log(e.code); }
            console.log(util.parseEnv('A=1\n# comment\nB="two words"\nexport C=3\nD=\'single\'\nE=x # tail'));
            const controller = new AbortController();
            util.aborted(controller.signal, {}).then(() => console.log('aborted resolved'));
            controller.abort();
            console.log(util.transferableAbortSignal(controller.signal) === controller.signal, util.transferableAbortController() instanceof AbortController);
            """#),
        ("console", """
            console.table([{ a: 1, b: 'Y' }, { a: 'long value', c: true }]);
            console.table({ x: { v: 1 }, y: 2 });
            console.table([[1, 2], [3]]);
            console.table(['p', 'q'], ['a']);
            console.table(5);
            const { Console } = require('console');
            const c = new Console({ stdout: process.stdout, stderr: process.stdout });
            c.log('via Console %d', 5); c.error('err'); c.group('G'); c.info('inner'); c.group(); c.warn('deeper'); c.groupEnd(); c.groupEnd(); c.warn('w');
            c.count(); c.count(); c.countReset(); c.count('x');
            c.assert(false, 'bad %s', 'thing'); c.assert(true, 'no'); c.assert(false, { o: 1 });
            const { log } = c; log('detached');
            console.log(console instanceof Console, typeof console.context, typeof console.createTask, require('console') === console);
            """),
        ("small-node20", """
            console.log(typeof process.getuid(), process.getuid() === require('os').userInfo().uid, Array.isArray(process.getgroups()), Object.keys(process.resourceUsage()).join(), process.resourceUsage().maxRSS > 0);
            console.log(process.hasUncaughtExceptionCaptureCallback(), process.mainModule === require.main, typeof process.availableMemory(), process.domain, typeof process.report.getReport);
            const assert = require('assert');
            console.log(assert.ok === assert, assert.ok.strictEqual === assert.strictEqual, typeof assert.CallTracker, require('assert/strict').ok === require('assert/strict'));
            const tracker = new assert.CallTracker();
            const tracked = tracker.calls(function named() { return 1; }, 2);
            tracked();
            console.log(tracker.getCalls(tracked).length, tracker.report().map((r) => r.message));
            try { tracker.verify(); } catch (e) { console.log(e.name, e.message); }
            const timers = require('timers');
            const item = { _onTimeout() { console.log('enrolled fired'); } };
            timers.enroll(item, 5); timers.active(item);
            console.log(timers.promises === require('timers/promises'));
            const qs = require('querystring');
            console.log(qs.unescapeBuffer('a%20b+c%zz').toString(), qs.unescapeBuffer('a+b', true).toString());
            console.log(require('os').getPriority(), require('os').getPriority(0) === require('os').getPriority(process.pid));
            process.setUncaughtExceptionCaptureCallback((e) => console.log('captured', e.message));
            setTimeout(() => { throw new Error('late'); }, 10);
            """),
        ("perf-hooks", """
            const ph = require('perf_hooks');
            console.log(Object.keys(ph).join(), performance === ph.performance, performance instanceof ph.Performance, typeof performance.now(), performance.timeOrigin > 0);
            const seen = [];
            const observer = new ph.PerformanceObserver((list) => { seen.push(...list.getEntries().map((e) => e.entryType + ':' + e.name)); });
            observer.observe({ entryTypes: ['mark', 'measure'] });
            const a = performance.mark('a', { detail: { step: 1 } });
            const b = performance.mark('b', { startTime: a.startTime + 5 });
            const m = performance.measure('a to b', 'a', 'b');
            const ms = (v) => Math.round(v * 1000) / 1000;
            console.log(a instanceof ph.PerformanceEntry, a.entryType, a.detail, ms(b.startTime - a.startTime), ms(m.duration), m.detail, Object.keys(a.toJSON()).join());
            console.log(performance.getEntriesByType('mark').length, performance.getEntriesByName('a to b').length, performance.getEntries().length);
            console.log(ms(performance.measure('from options', { start: 'a', duration: 2 }).duration));
            try { performance.measure('bad', 'nope'); } catch (e) { console.log(e.name, e.code); }
            performance.clearMarks('a');
            console.log(performance.getEntriesByType('mark').map((e) => e.name));
            const h = ph.createHistogram();
            for (const v of [1, 2, 3, 4, 100]) h.record(v);
            console.log(h.count, h.min, h.max, h.mean, h.percentile(50), h.percentile(100), [...h.percentiles.keys()].length > 0);
            const timed = performance.timerify(function work(n) { return n * 2; });
            console.log(timed.name, timed(21), typeof performance.eventLoopUtilization().utilization, ph.PerformanceObserver.supportedEntryTypes.includes('mark'));
            try { new ph.PerformanceEntry(); } catch (e) { console.log(e.code); }
            setTimeout(() => { console.log(seen.join(' ')); observer.disconnect(); }, 10);
            """),
        ("net-addresses", """
            const net = require('net');
            const list = new net.BlockList();
            list.addAddress('123.123.123.123');
            list.addRange('10.0.0.1', '10.0.0.10');
            list.addSubnet('8592:757c:efae:4e45::', 64, 'ipv6');
            list.addSubnet('192.168.0.0', 16);
            console.log(list.check('123.123.123.123'), list.check('10.0.0.3'), list.check('222.111.111.222'), list.check('8592:757c:efae:4e45:f::', 'ipv6'),
              list.check('::ffff:7b7b:7b7b', 'ipv6'), list.check('::ffff:123.123.123.123', 'ipv6'), list.check('192.168.3.4'), list.check('192.169.0.1'));
            console.log(list.rules);
            const address = new net.SocketAddress({ address: '::1', port: 8080, family: 'ipv6' });
            console.log(address.address, address.port, address.family, address.flowlabel, address.toJSON(), net.SocketAddress.isSocketAddress(address));
            console.log(new net.SocketAddress().address, list.check(new net.SocketAddress({ address: '10.0.0.5' })));
            try { new net.SocketAddress({ address: 'nope' }); } catch (e) { console.log(e.code); }
            try { new net.SocketAddress({ port: 70000 }); } catch (e) { console.log(e.code); }
            const socket = new net.Socket();
            console.log(socket.bytesRead, socket.remoteAddress, socket.localPort, 'bytesRead' in net.Socket.prototype, Object.keys(socket).includes('remoteAddress'));
            """),
        ("messaging", """
            const { port1, port2 } = new MessageChannel();
            const got = [];
            port2.onmessage = (event) => { got.push(event.data); if (got.length === 2) { console.log('port', got, event instanceof MessageEvent, event.origin === '', event.ports.length); port1.close(); } };
            const original = { deep: { list: [1, 2] }, when: new Date(0) };
            port1.postMessage(original);
            port1.postMessage('second');
            original.deep.list.push(3);
            port2.on('close', () => console.log('closed'));
            const c = new MessageChannel();
            c.port2.on('message', (data) => { console.log('emitter style', data); c.port1.close(); });
            c.port1.postMessage({ n: 1 });
            const a = new BroadcastChannel('news'), b = new BroadcastChannel('news'), other = new BroadcastChannel('other');
            b.onmessage = (event) => { console.log('broadcast', a.name, event.data); a.close(); b.close(); other.close(); };
            other.onmessage = () => console.log('wrong channel');
            a.postMessage({ headline: 'hi' });
            const event = new MessageEvent('message', { data: 5, lastEventId: 'x' });
            console.log(event.data, event.lastEventId, event.source, event.type);
            try { new MessagePort(); } catch (e) { console.log(e.name); }
            """),
        ("crypto-ciphers", """
            const crypto = require('crypto');
            const key = Buffer.alloc(32, 1), iv = Buffer.alloc(16, 2);
            for (const name of ['aes-256-cbc', 'aes-256-ctr', 'aes-128-ecb', 'des-ede3-cbc', 'chacha20']) {
              const info = crypto.getCipherInfo(name);
              const k = key.subarray(0, info.keyLength), v = info.ivLength ? Buffer.alloc(info.ivLength, 3) : null;
              const c = crypto.createCipheriv(name, k, v);
              const sealed = Buffer.concat([c.update('attack at dawn, '), c.update('hold the line'), c.final()]);
              const d = crypto.createDecipheriv(name, k, v);
              console.log(name, info, sealed.toString('hex'), Buffer.concat([d.update(sealed), d.final()]).toString(), c instanceof crypto.Cipheriv);
            }
            const noPad = crypto.createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
            console.log(noPad.update(Buffer.alloc(32, 9)).length, noPad.final().length);
            try { const p = crypto.createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false); p.update('short'); p.final(); } catch (e) { console.log('no padding', e.code); }
            try { const d = crypto.createDecipheriv('aes-256-cbc', key, iv); d.update(Buffer.alloc(16, 7)); d.final(); } catch (e) { console.log(e.message, e.code, e.reason); }
            try { crypto.createCipheriv('aes-256-cbc', Buffer.alloc(5), iv); } catch (e) { console.log(e.name, e.code, e.message); }
            try { crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(3)); } catch (e) { console.log(e.name, e.code, e.message); }
            try { crypto.createCipheriv('nope-cipher', key, iv); } catch (e) { console.log(e.name, e.code, e.message); }
            const legacy = crypto.createCipher('aes-128-cbc', 'password');
            const legacySealed = Buffer.concat([legacy.update('legacy'), legacy.final()]).toString('hex');
            const legacyOpen = crypto.createDecipher('aes-128-cbc', 'password');
            console.log('createCipher', legacySealed, Buffer.concat([legacyOpen.update(Buffer.from(legacySealed, 'hex')), legacyOpen.final()]).toString());
            const streamed = crypto.createCipheriv('aes-256-cbc', key, iv);
            const chunks = [];
            streamed.on('data', (c) => chunks.push(c)).on('end', () => console.log('streamed', Buffer.concat(chunks).toString('hex')));
            streamed.write('via '); streamed.end('the stream');
            console.log(crypto.getCiphers().includes('aes-256-gcm'), crypto.getCiphers().includes('aes-128-cbc'), crypto.getCurves().includes('prime256v1'), crypto.getCurves().includes('secp256k1'));
            console.log(crypto.hash('sha1', 'abc'), crypto.hash('sha256', 'abc', 'base64'), crypto.checkPrimeSync(7n), crypto.checkPrimeSync(Buffer.from([9])));
            const prime = crypto.generatePrimeSync(64, { bigint: true });
            console.log(typeof prime, crypto.checkPrimeSync(prime), crypto.generatePrimeSync(32).byteLength);
            console.log(crypto.getFips(), crypto.fips, typeof crypto.Sign, typeof crypto.Verify, crypto.createSign('sha256') instanceof crypto.Sign);
            """),
        ("diffie-hellman", """
            const crypto = require('crypto');
            const group = crypto.getDiffieHellman('modp14');
            console.log(group.verifyError, group.getGenerator('hex'), group.getPrime().length, group instanceof crypto.DiffieHellmanGroup, typeof group.setPublicKey);
            const alice = crypto.createDiffieHellman(group.getPrime(), group.getGenerator());
            const bob = crypto.createDiffieHellmanGroup('modp14');
            alice.generateKeys(); bob.generateKeys();
            console.log(alice.verifyError, alice instanceof crypto.DiffieHellman, alice.computeSecret(bob.getPublicKey()).equals(bob.computeSecret(alice.getPublicKey())),
              alice.getPrivateKey().length > 0, bob.getPrivateKey().length <= 32, alice.getPublicKey().length > 250, alice.computeSecret(bob.getPublicKey('hex'), 'hex', 'base64').length);
            for (const name of ['modp1', 'modp2', 'modp5', 'modp15']) console.log(name, crypto.getDiffieHellman(name).getPrime().length);
            try { crypto.getDiffieHellman('modp99'); } catch (e) { console.log(e.code, e.message); }
            const small = crypto.createDiffieHellman(512);
            console.log(small.getPrime().length, small.getGenerator('hex'), small.verifyError);
            try { crypto.createDiffieHellman(512).getPublicKey(); } catch (e) { console.log(e.code); }
            """),
        ("inspect-arrays", """
            const util = require('util');
            console.log([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
            console.log(Array.from({ length: 30 }, (_, i) => i * 37));
            console.log(['apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape', 'honeydew']);
            console.log([1, 'two', 3, 'four', 5, 'six', 7]);
            console.log({ list: Array.from({ length: 12 }, (_, i) => i) });
            console.log(Array.from({ length: 120 }, (_, i) => i));
            console.log(new Uint8Array(20));
            console.log([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [13, 14]]);
            console.log(util.inspect(Array.from({ length: 8 }, (_, i) => 'x'.repeat(i * 3))));
            console.log([1.5, 22.25, 333.125, 4, 55, 666, 7777, 88888, 999999]);
            """),
    ]

    @Test(arguments: scripts.map(\.name))
    func matchesNode(_ name: String) throws {
        let source = try #require(Self.scripts.first { $0.name == name }).source
        let tree = try ScratchFolder(files: [:])
        let expected = try NodeOracle.node(source, in: tree)
        // jshost's warnings (deprecation) go to stderr together with console output; Node's go to its stderr.
        let actual = try NodeOracle.jshost(source, in: tree).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("(jshost) Warning") }.joined(separator: "\n")
        #expect(actual == expected)
    }
}

/// Real npm packages, as Debian ships them under /usr/share/nodejs, exercised the same way in Node and in jshost.
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil && FileManager.default.fileExists(atPath: "/usr/share/nodejs/lodash")),
                "needs Node v20 and Debian's node-* packages (scripts/install-dependencies test)"))
struct PackageCompatibilityTests {
    static var script: String {
        get throws {
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/packages.js")
            return try String(contentsOf: file, encoding: .utf8)
        }
    }

    @Test func pureJSPackagesPrintWhatNodePrints() throws {
        let tree = try ScratchFolder(files: [:])
        let environment = ["NODE_PATH": "/usr/share/nodejs"]
        let expected = try NodeOracle.node(try Self.script, in: tree, environment: environment)
        let actual = try NodeOracle.jshost(try Self.script, in: tree, environment: environment)
        #expect(expected.hasSuffix("all steps done\n"))
        #expect(actual == expected)
    }
}

/// The dns resolvers against a local DNS server (Node's own dgram and net servers, on loopback).
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil), "needs Node v20 as the oracle and the test server"))
struct DNSOracleTests {
    @Test func resolversMatchNode() throws {
        let port = FreePort.next()
        let server = try FixtureServer("dns-server.js", arguments: [String(port)])
        defer { withExtendedLifetime(server) {} }
        let source = try String(contentsOf: HTTPClientOracleTests.fixtures.appendingPathComponent("dns-client.js"), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let environment = ["ORACLE_PORT": String(port)]
        let expected = try NodeOracle.node(source, in: tree, environment: environment)
        let actual = try NodeOracle.jshost(source, in: tree, environment: environment)
        #expect(expected.contains("ANY"))
        #expect(actual == expected)
    }
}

/// The http client against a local server (Node's own http server, on loopback), in Node and in jshost.
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil), "needs Node v20 as the oracle and the test server"))
struct HTTPClientOracleTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test(arguments: ["http-client.js", "fetch-client.js", "axios-client.js", "node-fetch-client.js", "listener-throws.js"])
    func requestsMatchNode(_ script: String) throws {
        let port = FreePort.next()
        let server = try FixtureServer("http-server.js", arguments: [String(port)])
        defer { withExtendedLifetime(server) {} }
        let source = try String(contentsOf: Self.fixtures.appendingPathComponent(script), encoding: .utf8)
        let tree = try ScratchFolder(files: [:])
        let environment = ["ORACLE_PORT": String(port), "NODE_PATH": "/usr/share/nodejs"]
        let expected = try NodeOracle.node(source, in: tree, environment: environment)
        let actual = try NodeOracle.jshost(source, in: tree, environment: environment)
        #expect(expected.contains("200") || expected.contains("uncaught"))
        #expect(actual == expected)
    }
}

import Foundation
import Testing
import TestSupport
@testable import NodeCompat

/// `fs` against Node v20: the file-descriptor calls, FileHandle, streams with start and end, links, modes and
/// times, cp, opendir, watching, and the errors each gives. Every script works in a folder of its own under the
/// working folder and prints nothing that differs between runs.
@Suite(.enabled(if: TestRequirements.met(NodeOracle.nodePath != nil), "needs Node v20 as the oracle"))
struct FileSystemOracleTests {
    static let prelude = """
        const fs = require('fs'), fsp = require('fs/promises'), path = require('path');
        const dir = fs.mkdtempSync(path.join(process.cwd(), 'w-'));
        const at = (name) => path.join(dir, name);
        const show = (e) => console.log(e.code, e.syscall, e.errno, e.message.split(dir).join('<dir>'), e.path ? path.relative(dir, e.path) : '-', e.dest ? path.relative(dir, e.dest) : '-');

        """

    static let scripts: [(name: String, source: String)] = [
        ("descriptors", """
            const fd = fs.openSync(at('a.txt'), 'w+');
            console.log(typeof fd, fs.writeSync(fd, 'hello world'), fs.writeSync(fd, Buffer.from('!!'), 0, 2, 11));
            const buf = Buffer.alloc(20);
            console.log(fs.readSync(fd, buf, 0, 5, 0), buf.toString('utf8', 0, 5), fs.readSync(fd, buf, { position: 6 }), JSON.stringify(buf.toString('utf8', 0, 7)));
            console.log(fs.fstatSync(fd).size, fs.fstatSync(fd).isFile(), Object.keys(fs.fstatSync(fd)).join());
            fs.ftruncateSync(fd, 5);
            fs.fsyncSync(fd); fs.fdatasyncSync(fd);
            console.log(fs.readFileSync(at('a.txt'), 'utf8'), fs.readFileSync(fd, 'utf8').length);
            console.log(fs.writevSync(fd, [Buffer.from('ab'), Buffer.from('cd')], 0), fs.readFileSync(at('a.txt'), 'latin1'));
            const parts = [Buffer.alloc(2), Buffer.alloc(3)];
            console.log(fs.readvSync(fd, parts, 1), JSON.stringify(parts.map(String)));  // JSON: a NUL would cut a failure's report short
            fs.futimesSync(fd, 1000, new Date(2000000));
            console.log(fs.statSync(at('a.txt')).mtimeMs, fs.statSync(at('a.txt')).atime.toISOString());
            fs.fchmodSync(fd, 0o600);
            console.log((fs.statSync(at('a.txt')).mode & 0o777).toString(8));
            fs.closeSync(fd);
            // A descriptor that is never open: the script runs inside the test process, where another test's file
            // may take the number just closed.
            try { fs.closeSync(2147483647); } catch (e) { show(e); }
            try { fs.readSync(9999, Buffer.alloc(1)); } catch (e) { show(e); }
            try { fs.openSync(at('missing/x'), 'r'); } catch (e) { show(e); }
            try { fs.openSync(at('a.txt'), 'wx'); } catch (e) { show(e); }
            try { fs.openSync(at('a.txt'), 'q'); } catch (e) { console.log(e.code, e.message); }
            try { fs.closeSync('1'); } catch (e) { console.log(e.code, e.message); }
            const fd2 = fs.openSync(at('b.txt'), 'a');
            fs.writeSync(fd2, 'one,'); fs.writeFileSync(fd2, 'two'); fs.appendFileSync(at('b.txt'), ',three');
            fs.closeSync(fd2);
            console.log(fs.readFileSync(at('b.txt'), { encoding: 'utf8', flag: 'r' }));
            fs.read(fs.openSync(at('b.txt')), (err, n, b) => console.log('read cb', err, n, b.toString('utf8', 0, n)));
            fs.open(at('b.txt'), 'r', (err, f) => fs.read(f, Buffer.alloc(3), 0, 3, 4, (e, n, b) => {
              console.log('read at', n, b.toString()); fs.close(f, (e2) => console.log('closed', e2));
            }));
            fs.write(fs.openSync(at('c.txt'), 'w'), 'xyz', (err, n, s) => console.log('write cb', err, n, s));
            """),
        ("paths", """
            fs.writeFileSync(at('f.txt'), 'data');
            fs.symlinkSync('f.txt', at('link'));
            console.log(fs.readlinkSync(at('link')), fs.lstatSync(at('link')).isSymbolicLink(), fs.statSync(at('link')).isFile());
            fs.linkSync(at('f.txt'), at('hard'));
            console.log(fs.statSync(at('f.txt')).nlink, fs.readFileSync(at('hard'), 'utf8'));
            fs.chmodSync(at('f.txt'), '640');
            console.log((fs.statSync(at('f.txt')).mode & 0o777).toString(8));
            fs.utimesSync(at('f.txt'), 1500, 2500.5);
            console.log(fs.statSync(at('f.txt')).mtimeMs, fs.statSync(at('f.txt')).mtime.getTime());
            fs.truncateSync(at('f.txt'), 2);
            console.log(fs.readFileSync(at('f.txt'), 'utf8'));
            console.log(fs.mkdirSync(at('m/n/o'), { recursive: true }) === at('m'), fs.mkdirSync(at('m/n'), { recursive: true }));
            fs.writeFileSync(at('m/n/o/deep.txt'), 'deep');
            console.log(fs.readdirSync(dir).join(), fs.readdirSync(at('m'), { recursive: true }).join());
            console.log(fs.readdirSync(dir, { withFileTypes: true }).map((d) => d.name + ':' + d.isDirectory() + d.isSymbolicLink()).join());
            fs.cpSync(at('m'), at('copy'), { recursive: true });
            console.log(fs.readFileSync(at('copy/n/o/deep.txt'), 'utf8'));
            try { fs.cpSync(at('m'), at('copy2')); } catch (e) { console.log(e.code); }
            const d = fs.opendirSync(at('m/n'));
            console.log(d.path === at('m/n'), d.readSync().name, d.readSync());
            d.closeSync();
            try { d.closeSync(); } catch (e) { console.log(e.code, e.message); }
            console.log(typeof fs.statfsSync(dir).bsize, fs.statfsSync(dir).bsize > 0);
            console.log(fs.statSync(at('none'), { throwIfNoEntry: false }), typeof fs.statSync(dir, { bigint: true }).size);
            try { fs.renameSync(at('none'), at('other')); } catch (e) { show(e); }
            try { fs.mkdirSync(at('m')); } catch (e) { show(e); }
            try { fs.rmdirSync(at('m')); } catch (e) { show(e); }
            try { fs.readdirSync(at('f.txt')); } catch (e) { show(e); }
            try { fs.unlinkSync(at('none')); } catch (e) { show(e); }
            try { fs.readFileSync(dir); } catch (e) { show(e); }
            try { fs.copyFileSync(at('f.txt'), at('hard'), fs.constants.COPYFILE_EXCL); } catch (e) { show(e); }
            const t = fs.mkdtempSync(at('tmp-'));
            console.log(path.basename(t).length, path.basename(t).startsWith('tmp-'));
            fs.rmSync(dir, { recursive: true });
            console.log(fs.existsSync(dir));
            """),
        ("promises", """
            (async () => {
              const h = await fsp.open(at('h.txt'), 'w+');
              console.log(typeof h.fd, Object.keys(h).includes('close'));
              console.log((await h.write('hello handle')).bytesWritten, (await h.write(Buffer.from('!'), 0, 1, 12)).bytesWritten);
              const { bytesRead, buffer } = await h.read(Buffer.alloc(5), 0, 5, 0);
              console.log(bytesRead, buffer.toString());
              console.log((await h.read({ buffer: Buffer.alloc(6), position: 6 })).buffer.toString());
              console.log((await h.stat()).size, await h.readFile('utf8'));
              await h.truncate(5); await h.sync(); await h.datasync();
              await h.writeFile('rewritten');
              await h.appendFile('+more');
              await h.close();
              await h.close();
              console.log(await fsp.readFile(at('h.txt'), 'utf8'));
              try { await h.stat(); } catch (e) { console.log(e.code); }
              await fsp.writeFile(at('lines.txt'), 'one\\ntwo\\nthree\\n');
              const r = await fsp.open(at('lines.txt'));
              const chunks = [];
              for await (const chunk of r.createReadStream({ encoding: 'utf8', start: 4 })) chunks.push(chunk);
              console.log(JSON.stringify(chunks.join('')));
              await fsp.mkdir(at('p/q'), { recursive: true });
              await fsp.cp(at('lines.txt'), at('p/q/copy.txt'));
              console.log((await fsp.readdir(at('p'), { recursive: true })).join(), (await fsp.stat(at('p/q/copy.txt'))).size);
              const d = await fsp.opendir(at('p'));
              for await (const entry of d) console.log('entry', entry.name, entry.isDirectory());
              await fsp.symlink('lines.txt', at('l2'));
              console.log(await fsp.readlink(at('l2')), (await fsp.lstat(at('l2'))).isSymbolicLink());
              await fsp.rm(at('p'), { recursive: true });
              try { await fsp.access(at('p')); } catch (e) { show(e); }
              try { await fsp.readFile(at('nothing')); } catch (e) { show(e); }
              console.log(Object.keys(fsp).sort().join());
            })();
            """),
        ("streams", """
            fs.writeFileSync(at('s.txt'), '0123456789abcdef');
            const rs = fs.createReadStream(at('s.txt'), { start: 2, end: 5, encoding: 'utf8' });
            console.log(rs.pending, rs.path === at('s.txt'), rs instanceof fs.ReadStream);
            const seen = [];
            rs.on('open', (fd) => seen.push('open:' + typeof fd)).on('ready', () => seen.push('ready'));
            rs.on('data', (c) => seen.push('data:' + c)).on('end', () => seen.push('end'));
            rs.on('close', () => {
              console.log(seen.join(), rs.bytesRead, rs.pending);
              const ws = fs.createWriteStream(at('w.txt'), { flags: 'w' });
              ws.write('abc'); ws.write(Buffer.from('def'));
              ws.end('!', () => {
                console.log('finish', ws.bytesWritten, fs.readFileSync(at('w.txt'), 'utf8'));
                const ws2 = fs.createWriteStream(at('w.txt'), { flags: 'r+', start: 2 });
                ws2.end('XY');
                ws2.on('close', () => {
                  console.log('patched', fs.readFileSync(at('w.txt'), 'utf8'));
                  const fd = fs.openSync(at('s.txt'), 'r');
                  const byFd = fs.createReadStream(null, { fd, start: 10, highWaterMark: 3 });
                  const parts = [];
                  byFd.on('data', (c) => parts.push(c.toString())).on('close', () => {
                    console.log(parts.join('|'));
                    const missing = fs.createReadStream(at('none.txt'));
                    missing.on('error', (e) => { show(e); console.log('closed after error', missing.destroyed); });
                  });
                });
              });
            });
            """),
    ]

    @Test(arguments: scripts.map(\.name))
    func matchesNode(_ name: String) throws {
        let source = Self.prelude + (try #require(Self.scripts.first { $0.name == name }).source)
        let tree = try ScratchFolder(files: [:])
        let expected = try NodeOracle.node(source, in: tree)
        let actual = try NodeOracle.jshost(source, in: tree)
        #expect(!expected.isEmpty)
        #expect(actual == expected)
    }
}

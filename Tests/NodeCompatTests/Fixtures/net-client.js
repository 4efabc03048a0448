// net client sockets against the local echo server (socket-servers.js); Node v20 is the oracle.
const net = require('net');
const port = Number(process.env.TCP_PORT);
const steps = [
  () => new Promise((done) => {
    const s = net.connect(port, '127.0.0.1', () => {
      console.log('connected', s.remoteAddress, s.remotePort, s.remoteFamily, typeof s.localPort, s.readyState, s.pending, s.connecting);
      s.write('hello'); s.end();
    });
    console.log('before', s.readyState, s.pending, s.connecting);
    // Whether our end's shutdown or the server's answer comes first is a race in Node too: 'finish' is shown at close.
    for (const e of ['lookup', 'connect', 'ready', 'end']) s.on(e, (...a) => console.log('event', e, a.length));
    // How TCP cuts the stream into chunks is the kernel's choice (the server echoes each chunk it reads): compare
    // the bytes, not the chunks.
    const chunks = [];
    s.on('data', (d) => chunks.push(String(d)));
    s.on('close', (hadError) => { console.log('close', hadError, s.writableFinished, chunks.join(''), s.bytesRead, s.bytesWritten, s.readyState, s.destroyed); done(); });
  }),
  () => new Promise((done) => {
    const s = net.connect(1, '127.0.0.1');
    s.on('error', (e) => console.log('error', e.message, e.code, e.errno, e.syscall, e.address, e.port, Object.keys(e).join()));
    s.on('close', (hadError) => { console.log('close', hadError); done(); });
  }),
  () => new Promise((done) => {
    const s = net.createConnection({ port, host: 'localhost' });
    s.on('lookup', (err, address, family, host) => console.log('lookup', err, address, family, host));
    s.setEncoding('utf8');
    s.on('connect', () => { s.setNoDelay(true); s.setKeepAlive(true, 1000); s.setTimeout(50, () => { console.log('timeout', s.timeout); s.destroy(); }); });
    s.on('close', () => done());
  }),
  () => new Promise((done) => {
    const s = net.connect(80, 'nonexistent.invalid');
    s.on('lookup', (err) => console.log('lookup failed', err.code));
    s.on('error', (e) => { console.log('error', e.message, e.code, e.errno, e.hostname, Object.keys(e).join()); done(); });
  }),
  () => new Promise((done) => {
    // Half-open: the server's "bye" arrives after our end; with allowHalfOpen we may still write.
    const s = new net.Socket({ allowHalfOpen: true });
    const chunks = [];
    s.on('data', (d) => chunks.push(String(d)));
    s.on('end', () => { console.log('peer ended', chunks.join('').replace(/echo:/g, ''), s.writable); s.end(); });
    s.on('close', () => { console.log('half-open closed'); done(); });
    s.connect({ port, host: '127.0.0.1' }, () => { s.write('a'); setTimeout(() => s.end('b'), 20); });
  }),
  () => new Promise((done) => {
    // Many writes and a large payload: everything arrives, in order.
    const s = net.connect(port, '127.0.0.1');
    let received = 0;
    s.on('data', (d) => { received += d.length; });
    for (let i = 0; i < 100; i++) s.write(Buffer.alloc(10000, 'x'));
    s.end();
    s.on('close', () => { console.log('received all', received >= 1000000, s.bytesWritten); done(); });
  }),
  () => new Promise((done) => {
    try { net.connect({ port: 70000 }); } catch (e) { console.log(e.name, e.code, e.message); }
    try { net.connect({}); } catch (e) { console.log(e.name, e.code, e.message); }
    const s = new net.Socket();
    console.log(s.readyState, s.pending, s.address(), typeof s.ref, s.unref() === s);
    // Node also emits 'error' here; readable-stream 3, which backs jshost's stream builtin, does not (docs/builtins.md).
    s.on('error', () => {});
    s.write('x', (e) => { console.log('write callback', e && e.code); done(); });
  }),
  () => new Promise((done) => {
    // An unref'd socket does not keep the process alive; ref'd again, it does.
    const s = net.connect(port, '127.0.0.1');
    s.unref(); s.ref();
    s.on('connect', () => { s.destroy(); });
    s.on('close', () => { console.log('ref/unref ok'); done(); });
  }),
];
(async () => { for (const step of steps) await step(); console.log('all steps done'); })();

// tls client sockets against the local TLS echo server (socket-servers.js), whose certificate a test CA signed
// for localhost and 127.0.0.1; Node v20 is the oracle.
const tls = require('tls');
const fs = require('fs');
const path = require('path');
const port = Number(process.env.TLS_PORT);
const ca = fs.readFileSync(path.join(process.env.CERT_DIR, 'ca.pem'));
const show = (cert) => [JSON.stringify(cert.subject), JSON.stringify(cert.issuer), cert.subjectaltname, cert.ca, cert.bits,
  cert.exponent, cert.modulus && cert.modulus.length, cert.pubkey && cert.pubkey.length, cert.valid_from === undefined,
  /^([0-9A-F]{2}:){19}[0-9A-F]{2}$/.test(cert.fingerprint), cert.fingerprint256.length, cert.fingerprint512.length,
  typeof cert.serialNumber, cert.raw.length > 500, Object.keys(cert).join()].join(' ');
const steps = [
  () => new Promise((done) => {
    const s = tls.connect({ port, host: '127.0.0.1', ca, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
      console.log('secure', s.authorized, s.authorizationError, s.alpnProtocol, s.getProtocol(), s.encrypted, s.servername);
      console.log(show(s.getPeerCertificate()));
      const detailed = s.getPeerCertificate(true);
      console.log('issuer', JSON.stringify(detailed.issuerCertificate.subject), detailed.issuerCertificate.issuerCertificate === detailed.issuerCertificate);
      s.write('hello'); s.end();
    });
    // 'finish' (our shutdown) and the server's answer race in Node too: both are shown at close.
    for (const e of ['connect', 'ready', 'secureConnect', 'end']) s.on(e, () => console.log('event', e));
    const chunks = [];
    s.on('data', (d) => chunks.push(String(d)));
    s.on('close', (hadError) => { console.log('close', hadError, s.writableFinished, chunks.join('').replace(/echo:/g, '')); done(); });
  }),
  () => new Promise((done) => {
    const s = tls.connect({ port, host: 'localhost', ca, servername: 'localhost' }, () => { console.log('by name', s.authorized, s.servername); s.end(); });
    s.resume();   // a socket nobody reads never ends, and Node exits without its 'close'
    s.on('close', () => done());
  }),
  () => new Promise((done) => {
    const s = tls.connect(port, 'localhost');
    s.on('error', (e) => { console.log('untrusted', e.message, e.code, Object.keys(e).join()); });
    s.on('close', (hadError) => { console.log('closed', hadError); done(); });
  }),
  () => new Promise((done) => {
    const s = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => { console.log('unverified', s.authorized, s.authorizationError); s.end(); });
    s.resume();
    s.on('close', () => done());
  }),
  () => new Promise((done) => {
    const s = tls.connect({ port, host: '127.0.0.1', ca, servername: 'example.com' });
    s.on('error', (e) => { console.log('name', e.message, e.code, e.reason, e.host, Object.keys(e).join()); done(); });
  }),
  () => new Promise((done) => {
    const s = tls.connect({ port, host: '127.0.0.1', ca, checkServerIdentity: (host, cert) => { console.log('custom check', host, cert.subject.CN); return undefined; } }, () => { console.log('custom ok', s.authorized); s.end(); });
    s.resume();
    s.on('close', () => done());
  }),
  () => new Promise((done) => {
    // TLS over a socket already open, as proxy agents and STARTTLS do.
    const raw = require('net').connect(port, '127.0.0.1', () => {
      const s = tls.connect({ socket: raw, ca, servername: 'localhost' }, () => { console.log('upgraded', s.authorized); s.write('over'); s.end(); });
      const chunks = [];
      s.on('data', (d) => chunks.push(String(d)));
      s.on('close', () => { console.log('upgraded data', chunks.join('').replace(/echo:/g, '')); done(); });
    });
  }),
  () => new Promise((done) => {
    // A TLS client to a plain TCP server fails the handshake.
    const s = tls.connect({ port: Number(process.env.TCP_PORT), host: '127.0.0.1', ca });
    s.on('error', (e) => { console.log('plain server', e.code); done(); });
  }),
  () => new Promise((done) => {
    // A client certificate (cert and key) for a server that requires one.
    const s = tls.connect({ port: port + 1, host: '127.0.0.1', ca, servername: 'localhost',
      cert: fs.readFileSync(path.join(process.env.CERT_DIR, 'client.pem')), key: fs.readFileSync(path.join(process.env.CERT_DIR, 'client.key')) });
    const chunks = [];
    s.on('data', (d) => chunks.push(String(d)));
    s.on('close', () => { console.log('client certificate', s.authorized, chunks.join('')); done(); });
  }),
  () => new Promise((done) => {
    const s = tls.connect({ port: port + 1, host: '127.0.0.1', ca, servername: 'localhost' });
    s.on('data', () => {});
    s.on('error', (e) => console.log('no client certificate', e.code));
    s.on('close', () => done());
  }),
  () => {
    const cert = { subject: { CN: 'a.example.com' }, subjectaltname: 'DNS:*.example.com, DNS:example.org, IP Address:10.0.0.1' };
    for (const host of ['x.example.com', 'example.com', 'a.b.example.com', 'example.org', '10.0.0.1', '10.0.0.2', 'X.EXAMPLE.COM.']) {
      const e = tls.checkServerIdentity(host, cert);
      console.log('identity', host, e ? e.reason : 'ok');
    }
    console.log('cn only', tls.checkServerIdentity('a.example.com', { subject: { CN: 'a.example.com' } }), tls.checkServerIdentity('b.example.com', { subject: { CN: 'a.example.com' } }).reason);
    console.log('none', tls.checkServerIdentity('a.example.com', { subject: {} }).reason);
    console.log(typeof tls.createSecureContext({ ca }).context, typeof tls.TLSSocket, tls.DEFAULT_MIN_VERSION);
    console.log(tls.DEFAULT_CIPHERS === require('crypto').constants.defaultCipherList, Array.isArray(tls.rootCertificates), tls.rootCertificates.length > 10,
      tls.rootCertificates.every((pem) => pem.startsWith('-----BEGIN CERTIFICATE-----')));
    const out = {};
    tls.convertALPNProtocols(['h2', 'http/1.1'], out);
    console.log(out.ALPNProtocols);
  },
  // What the handshake settled: finished messages, shared signature algorithms, the peer's X509Certificate, and a
  // session to resume.
  () => new Promise((done) => {
    const s = tls.connect({ port, host: '127.0.0.1', ca, maxVersion: 'TLSv1.2' }, () => {
      console.log('finished', s.getFinished().length, s.getPeerFinished().length, s.getSharedSigalgs().length > 0, s.getSharedSigalgs().every((a) => /^[A-Za-z0-9-]+\+[A-Z0-9-]+$/.test(a)));
      const peer = s.getPeerX509Certificate();
      console.log('peer x509', peer instanceof require('crypto').X509Certificate, peer.checkHost('localhost'), peer.subject, s.getX509Certificate(), JSON.stringify(s.getCertificate()));
      console.log('cipher', JSON.stringify(s.getCipher()));
      const session = s.getSession();
      console.log('session', Buffer.isBuffer(session), session.length > 50);
      s.disableRenegotiation();
      s.end();
      s.on('close', () => {
        const again = tls.connect({ port, host: '127.0.0.1', ca, maxVersion: 'TLSv1.2', session }, () => { console.log('resumed connection', again.authorized, again.isSessionReused(), again.getCipher().version); again.end(); });
        again.resume();
        again.on('close', () => done());
      });
    });
    s.resume();
  }),
];
(async () => { for (const step of steps) await step(); console.log('all steps done'); })();

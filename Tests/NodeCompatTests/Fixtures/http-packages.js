// HTTP client packages (Debian's builds) against the local servers of web-servers.js; Node v20 is the oracle.
// What a server sees (its raw headers included) is printed, so jshost must send exactly what Node sends.
const fs = require('fs');
const path = require('path');
const http = require('http');
const https = require('https');
const ports = JSON.parse(process.env.WEB_PORTS);
const ca = fs.readFileSync(path.join(process.env.CERT_DIR, 'ca.pem'));
const base = `http://127.0.0.1:${ports.http}`;
const secureBase = `https://localhost:${ports.https}`;
// form-data's boundary is random: its digits are masked.
const mask = (text) => String(text).replace(/-{10,}[0-9a-f-]{24,36}/g, '--BOUNDARY');
const seen = (label, text) => { const s = JSON.parse(text); console.log(label, s.method, s.url, mask(JSON.stringify(s.headers)), mask(s.body)); };
const request = require('request');
const steps = [
  () => new Promise((done) => request(`${base}/plain`, (err, res, body) => { console.log('request get', err, res.statusCode, res.headers['content-type']); seen('  server saw', body); done(); })),
  () => new Promise((done) => request.post({ url: `${base}/json`, json: { a: 1, list: [true, null] } }, (err, res, body) => { console.log('request json', err, res.statusCode, typeof body); seen('  server saw', JSON.stringify(body)); done(); })),
  () => new Promise((done) => request.post({ url: `${base}/form`, form: { name: 'ada lovelace', n: 2 } }, (err, res, body) => { seen('request form', body); done(); })),
  () => new Promise((done) => request.post({ url: `${base}/multipart`, formData: { field: 'value', file: { value: Buffer.from('file contents'), options: { filename: 'a.txt', contentType: 'text/plain' } } } }, (err, res, body) => { seen('request multipart', body); done(); })),
  () => new Promise((done) => {
    const jar = request.jar();
    request({ url: `${base}/cookie`, jar }, () => request({ url: `${base}/with-cookies`, jar }, (err, res, body) => { seen('request jar', body); console.log('  jar', jar.getCookieString(base)); done(); }));
  }),
  () => new Promise((done) => request({ url: `${base}/redirect`, json: true }, (err, res, body) => { console.log('request redirect', res.statusCode, body.url, res.request.uri.path); done(); })),
  () => new Promise((done) => request({ url: `${base}/gzip`, gzip: true, json: true }, (err, res, body) => { console.log('request gzip', err, JSON.stringify(body)); done(); })),
  () => new Promise((done) => request({ url: `${secureBase}/secure`, agentOptions: { ca } }, (err, res, body) => { console.log('request https', err, res && res.statusCode); seen('  server saw', body); done(); })),
  () => new Promise((done) => request({ url: `${secureBase}/untrusted` }, (err) => { console.log('request untrusted', err.code, err.message); done(); })),
  () => new Promise((done) => request({ url: 'http://127.0.0.1:1/refused' }, (err) => { console.log('request refused', err.code, err.message, err.syscall, err.address, err.port); done(); })),
  () => new Promise((done) => request({ url: `${base}/status/500`, json: true }, (err, res, body) => { console.log('request 500', err, res.statusCode, JSON.stringify(body)); done(); })),
  () => require('co')(function* () {
    const a = yield Promise.resolve(1);
    const [b, c] = yield [Promise.resolve(2), new Promise((ok) => setTimeout(() => ok(3), 5))];
    const res = yield new Promise((ok, fail) => request(`${base}/co`, (err, r, body) => (err ? fail(err) : ok(body))));
    console.log('co', a + b + c, JSON.parse(res).url);
  }),
  () => Promise.resolve(require('got')).then(async (module) => {
    const got = module.default || module;
    // got offers br only where zlib has Brotli, which jshost's zlib lacks (docs/builtins.md): Accept-Encoding is left out.
    const shown = (headers) => JSON.stringify(headers.filter((h, i, all) => !/^accept-encoding$/i.test(i % 2 ? all[i - 1] : h)));
    const body = await got(`${base}/got`).json();
    console.log('got', body.method, body.url, shown(body.headers));
    const posted = await got.post(`${base}/got-post`, { json: { x: 1 } }).json();
    console.log('got post', shown(posted.headers), posted.body);
    try { await got(`${base}/status/500`, { retry: { limit: 0 } }); } catch (e) { console.log('got error', e.name, e.message, e.response.statusCode); }
  }),
  () => require('superagent').get(`${base}/superagent`).set('X-Test', 'yes').then((res) => {
    console.log('superagent', res.status, res.body.method, JSON.stringify(res.body.headers));
  }),
  () => require('superagent').post(`${base}/superagent-post`).send({ y: 2 }).then((res) => console.log('superagent post', JSON.stringify(res.body.headers), res.body.body)),
  () => new Promise((done) => {
    const HttpsProxyAgent = require('https-proxy-agent');
    const agent = new HttpsProxyAgent(`http://127.0.0.1:${ports.proxy}`);
    https.get(`${secureBase}/through-proxy`, { agent, ca }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => { console.log('https-proxy-agent', res.statusCode); seen('  server saw', text); done(); });
    }).on('error', (e) => { console.log('https-proxy-agent error', e.message); done(); });
  }),
  () => new Promise((done) => {
    const WebSocket = require('ws');
    const socket = new WebSocket(`ws://127.0.0.1:${ports.ws}/path`);
    const got = [];
    socket.on('open', () => { socket.send('hi'); socket.send(Buffer.from([1, 2, 3])); });
    socket.on('message', (data, isBinary) => {
      got.push(isBinary ? [...data].join(',') : String(data));
      if (got.length === 3) socket.close(1000, 'done');
    });
    socket.on('close', (code, reason) => { console.log('ws', got.join(' | '), code, String(reason)); done(); });
    socket.on('error', (e) => { console.log('ws error', e.message); done(); });
  }),
  () => {
    const FormData = require('form-data');
    const form = new FormData();
    form.append('a', '1');
    form.append('b', Buffer.from('xyz'), { filename: 'b.bin' });
    console.log('form-data', mask(JSON.stringify(form.getHeaders())), form.getLengthSync());
    const { CookieJar } = require('tough-cookie');
    const jar = new CookieJar();
    jar.setCookieSync('k=v; Domain=example.com; Path=/', 'https://example.com/a');
    jar.setCookieSync('other=1; Path=/private', 'https://example.com/private/x');
    console.log('tough-cookie', jar.getCookieStringSync('https://example.com/'), '|', jar.getCookieStringSync('https://sub.example.com/private/y'));
  },
  () => new Promise((done) => {
    // Keep-alive: the global agent reuses one socket for requests in turn.
    const first = http.get(`${base}/keep-1`, (res) => {
      res.resume();
      res.on('end', () => setImmediate(() => {
        const second = http.get(`${base}/keep-2`, (res2) => { res2.resume(); res2.on('end', () => { console.log('keep-alive reused', second.reusedSocket, first.reusedSocket); done(); }); });
      }));
    });
  }),
  () => new Promise((done) => {
    // A POST with a body written in pieces goes out chunked, without a Content-Type nobody set.
    const req = http.request(`${base}/chunked`, { method: 'POST' }, (res) => { let t = ''; res.on('data', (c) => { t += c; }); res.on('end', () => { seen('chunked post', t); done(); }); });
    req.write('part one, ');
    req.end('part two');
  }),
  () => new Promise((done) => {
    const agent = new http.Agent({ keepAlive: false, maxSockets: 1 });
    let finished = 0;
    for (const n of [1, 2, 3]) {
      http.get(`${base}/limited-${n}`, { agent }, (res) => { res.resume(); res.on('end', () => { finished++; console.log('maxSockets', n, finished); if (finished === 3) done(); }); });
    }
  }),
  () => new Promise((done) => {
    // abort() before the response: 'abort', then Node's 'socket hang up' error, then 'close'.
    const events = [];
    const req = http.get(`${base}/aborted`);
    req.on('abort', () => events.push('abort'));
    req.on('error', (e) => events.push(`error ${e.code} ${e.message}`));
    req.on('close', () => { console.log('aborted request', events.join(', ')); done(); });
    req.on('socket', () => setImmediate(() => req.abort()));
  }),
];
(async () => { for (const step of steps) await step(); console.log('all steps done'); })();

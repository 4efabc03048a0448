// The same requests in Node and in jshost against Fixtures/http-server.js; Node is the oracle.
const http = require('http');
const base = 'http://127.0.0.1:' + process.env.ORACLE_PORT;
const fetchText = (url, options = {}, body) => new Promise((resolve, reject) => {
  const req = http.request(url, options, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c) => { text += c; });
    res.on('end', () => resolve([res.statusCode, res.statusMessage, res.headers['content-type'] || null, res.headers['x-custom'] || null, JSON.stringify(res.headers['set-cookie'] || null), res.headers.location || null, text]));
  });
  req.on('error', reject);
  if (body) req.write(body);
  req.end();
});
(async () => {
  console.log(JSON.stringify(await fetchText(base + '/hello')));
  console.log(JSON.stringify(await fetchText(base + '/json?x=1', { method: 'POST', headers: { 'Content-Type': 'text/plain' } }, 'payload')));
  console.log(JSON.stringify(await fetchText(base + '/redirect')));
  console.log(JSON.stringify(await fetchText(base + '/missing')));
  console.log(JSON.stringify(await fetchText(base + '/chunks')));
  console.log(JSON.stringify(await new Promise((resolve) => { const req = http.request({ hostname: '127.0.0.1', port: Number(process.env.ORACLE_PORT), path: '/opts', method: 'PUT' }, (res) => { let t = ''; res.on('data', (c) => { t += c; }); res.on('end', () => resolve([res.statusCode, t])); }); req.end(); })));
  await new Promise((resolve) => http.get('http://127.0.0.1:1/', (res) => {}).on('error', (e) => { console.log('error', e.code); resolve(); }));
})();

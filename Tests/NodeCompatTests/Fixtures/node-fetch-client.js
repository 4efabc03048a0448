// The same requests through node-fetch in Node and in jshost; Node is the oracle.
const base = 'http://127.0.0.1:' + process.env.ORACLE_PORT;
const fetch = require('node-fetch');
(async () => {
  const r = await fetch(base + '/json?q=2', { method: 'POST', body: 'raw body', headers: { 'Content-Type': 'text/plain' } });
  console.log(r.status, r.ok, r.headers.get('content-type'), JSON.stringify(await r.json()));
  const t = await fetch(base + '/chunks');
  console.log(await t.text());
  const m = await fetch(base + '/missing');
  console.log(m.status, m.statusText, await m.text());
})().catch((e) => console.log('failed', e.message));

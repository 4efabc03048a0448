// The fetch global against Fixtures/http-server.js, in Node and in jshost; Node is the oracle.
const base = 'http://127.0.0.1:' + process.env.ORACLE_PORT;
(async () => {
  const r = await fetch(base + '/json?x=1', { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'Content-Type': 'application/json' } });
  const data = await r.json();
  console.log(r.status, r.ok, r.headers.get('content-type'), r.redirected, data.method, data.body);
  const red = await fetch(base + '/redirect');
  console.log(red.status, red.redirected, red.url.endsWith('/json'), (await red.json()).method);
  const manual = await fetch(base + '/redirect', { redirect: 'manual' });
  console.log(manual.status, manual.headers.get('location'));
  const missing = await fetch(base + '/missing');
  console.log(missing.status, missing.ok, missing.statusText, await missing.text(), missing.bodyUsed);
  try { await missing.text(); } catch (e) { console.log(e.name); }
  const h = new Headers({ 'X-A': '1' }); h.append('x-a', '2'); console.log(h.get('x-a'), [...h.keys()].join());
  const made = Response.json({ ok: true }); console.log(made.status, made.headers.get('content-type'), await made.text());
  try { await fetch('http://127.0.0.1:1/'); } catch (e) { console.log(e.name, e.message); }
  const ac = new AbortController(); ac.abort();
  try { await fetch(base + '/hello', { signal: ac.signal }); } catch (e) { console.log('aborted', e.name); }
})();

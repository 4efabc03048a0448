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
  // Streaming bodies, FormData, Blobs, clones, and the classes as Node has them.
  const streamed = await fetch(base + '/chunks');
  console.log(streamed.body instanceof ReadableStream, streamed.bodyUsed);
  const parts = [];
  for await (const chunk of streamed.body) parts.push(Buffer.from(chunk).toString());
  console.log(parts.join(''), streamed.bodyUsed);
  const form = new FormData();
  form.append('name', 'Ada'); form.append('file', new Blob(['file body'], { type: 'text/plain' }), 'notes.txt'); form.set('name', 'Grace');
  console.log([...form.keys()].join(), form.get('name'), form.get('file') instanceof File, form.get('file').name, form.getAll('none'));
  const posted = await (await fetch(base + '/json', { method: 'POST', body: form })).json();
  console.log(/^multipart\/form-data/.test(posted.body) || posted.body.includes('name="name"\r\n\r\nGrace') ? 'multipart sent' : posted.body,
    posted.body.includes('filename="notes.txt"'), posted.body.includes('Content-Type: text/plain\r\n\r\nfile body'));
  const blobbed = await (await fetch(base + '/json', { method: 'PUT', body: new Blob(['{"b":2}'], { type: 'application/json' }) })).json();
  console.log(blobbed.method, blobbed.body);
  const viaStream = await (await fetch(base + '/json', { method: 'POST', body: ReadableStream.from(['s1', 's2']), duplex: 'half' })).json();
  console.log(viaStream.body);
  const original = await fetch(base + '/json?clone');
  const copy = original.clone();
  console.log((await original.json()).method, (await copy.json()).method);
  const encoded = new Response('a=1&b=two+words', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  console.log([...(await encoded.formData())]);
  const multi = new Response(form);
  console.log([...(await multi.formData()).keys()].join());
  const bytes = await new Response(new Uint8Array([104, 105])).bytes();
  console.log(bytes instanceof Uint8Array, Buffer.from(bytes).toString(), (await new Response('blob text').blob()).size);
  const req = new Request(base + '/json', { method: 'POST', body: 'x' });
  console.log(req.method, req.headers.get('content-type'), req.redirect, req.mode, req.cache, req.credentials, req.signal instanceof AbortSignal, await req.clone().text());
  const cookies = new Headers([['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
  console.log(cookies.getSetCookie(), cookies.get('set-cookie'), [...cookies].length);
  console.log(Object.prototype.toString.call(new Headers()), Object.prototype.toString.call(form), Object.keys(new Response('')), Response.error().type, Response.redirect(base + '/x', 301).status);
})();

// The same requests through axios in Node and in jshost; Node is the oracle. async_hooks is loaded first, so
// axios and its dependencies load with their awaits carrying the store (the loader's rewrite), which the lines
// below print after each request.
const { AsyncLocalStorage } = require('async_hooks');
const als = new AsyncLocalStorage();
const base = 'http://127.0.0.1:' + process.env.ORACLE_PORT;
const axios = require('axios');
als.run({ request: 'axios' }, async () => {
  const r = await axios.get(base + '/json?q=1');
  console.log(r.status, JSON.stringify(r.data), r.headers['content-type'], als.getStore());
  const p = await axios.post(base + '/json', { a: 1 });
  console.log(p.status, JSON.stringify(p.data));
  const form = await axios.post(base + '/json', new URLSearchParams({ a: '1', b: 'x y' }));
  console.log(form.data.body);
  const e = await axios.get(base + '/encoded');
  console.log(e.status, e.data.encoding, e.data.text.length, e.headers['content-encoding'] === undefined ? 'decoded' : e.headers['content-encoding']);
  try { await axios.get(base + '/missing'); } catch (e) { console.log('axios error', e.response.status, e.message, als.getStore()); }
  await axios.get(base + '/json').then(() => console.log('then', als.getStore()));
}).catch((e) => console.log('failed', e.message));

// The engine's ceiling for B2: the map action's process() 100,000 times with a minimal sailor-like `this`, no I/O,
// no host in between. Runs unchanged in Node (node.js beside this file) and in jshost (component/).
const path = require('path');
const mod = require(path.join(__dirname, '..', 'components', 'map', 'lib', 'map.js'));
module.exports = async function run(log) {
  let snapshot = {};
  const out = [];
  const started = Date.now();
  for (let i = 1; i <= 100000; i++) {
    const msg = { body: { id: i, firstName: 'Ada', lastName: 'Lovelace' + i, email: 'ADA' + i + '@EXAMPLE.ORG',
      items: [{ price: 2.5, quantity: i % 5 + 1 }, { price: 10, quantity: 1 }], tags: ['a', 'internal', 'b'] } };
    const line = JSON.stringify(msg);
    const parsed = JSON.parse(line);
    await new Promise((done) => {
      const ctx = { emit(name, data) {
        if (name === 'snapshot') { snapshot = data; out.push(JSON.stringify(data)); }
        else if (name === 'data') out.push(JSON.stringify(data));
        else if (name === 'end') done();
        return Promise.resolve(true);
      } };
      new Promise((resolve) => { const r = mod.process.call(ctx, parsed, {}, JSON.parse(JSON.stringify(snapshot))); if (r) resolve(r); })
        .then(async (data) => { if (data) await ctx.emit('data', data); await ctx.emit('end'); });
    });
    if (out.length > 10000) out.length = 0;
  }
  log(`${Date.now() - started} ms`);
};

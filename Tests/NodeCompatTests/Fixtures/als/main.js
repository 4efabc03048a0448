// AsyncLocalStorage across awaits, promise callbacks, timers and modules; Node is the oracle.
const before = require('./before');
const { AsyncLocalStorage, AsyncResource } = require('async_hooks');
const after = require('./after');
const als = new AsyncLocalStorage();
const other = new AsyncLocalStorage();
const store = () => als.getStore();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function request(id, delay) {
  return als.run({ id }, async () => {
    const log = [];
    log.push(['start', store()]);
    await sleep(delay);
    log.push(['after sleep', store()]);
    await other.run('inner', async () => { await sleep(1); log.push(['nested', store(), other.getStore()]); });
    log.push(['after nested', store(), other.getStore()]);
    log.push(['relay', await before.relay(id, store)]);
    log.push(['after relay', store()]);
    await new Promise((resolve) => setTimeout(() => { log.push(['timer', store()]); resolve(); }, 1));
    process.nextTick(() => log.push(['tick', store()]));
    await sleep(1);
    log.push(['exit', als.exit(() => store()), store()]);
    const snapshot = AsyncLocalStorage.snapshot();
    await sleep(1);
    log.push(['snapshot', snapshot(() => store())]);
    const { seen, ...shapes } = await after.shapes(store);
    log.push(['shapes', JSON.stringify(shapes)], ['seen', seen.join(' ')]);
    const ns = await import('./module.mjs');
    log.push(['module', await ns.later(store)]);
    return log;
  });
}
(async () => {
  const results = await Promise.all([request(1, 5), request(2, 1)]);
  for (const log of results) for (const entry of log) console.log(JSON.stringify(entry));
  console.log('outside', store());
  als.enterWith({ entered: true });
  await sleep(1);
  console.log('entered', store());
  const bound = AsyncResource.bind(() => store());
  als.run('elsewhere', () => console.log('bound', bound(), store()));
  Promise.resolve().then(() => console.log('then after enterWith', store()));
})();

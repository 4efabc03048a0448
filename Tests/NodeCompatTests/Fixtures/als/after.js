// Loaded after async_hooks: its awaits carry the stores although it never names them.
const tick = (value) => new Promise((resolve) => setTimeout(() => resolve(value), 1));
exports.shapes = async function shapes(store) {
  const seen = [];
  const note = (label) => seen.push(`${label}=${JSON.stringify(store())}`);
  const object = { value: 2, async method() { return this.value; } };
  const { a } = await tick({ a: 1 }); note('destructured');
  const sum = await tick(1) + await tick(2); note('sum');
  const chosen = sum > 2 ? await tick('yes') : await tick('no'); note('conditional');
  const member = (await tick({ deep: { x: 5 } })).deep.x; note('member');
  const optional = await tick(null)?.missing; note('optional');
  const negated = !await tick(false); note('negated');
  const kind = typeof await tick(1); note('typeof');
  const literal = { one: await tick(1), list: [await tick(2), await tick(3)] }; note('literal');
  const text = `t${await tick('x')}${`n${await tick('y')}`}`; note('template');
  const called = Math.max(await tick(4), await object.method()); note('call');
  const made = await new Promise((resolve) => setImmediate(() => resolve('made'))); note('new');
  const regex = await /a+/.exec('caaat')[0]; note('regex');
  let counter = 0;
  for await (const n of (async function* () { yield await tick(1); yield 2; })()) { counter += n; note('for await'); }
  const tagged = ((strings, ...values) => strings.raw.join('|') + values.join(','))`a${await tick(1)}b`; note('tagged');
  const caught = await Promise.reject(new Error('no')).catch((e) => (note('catch'), e.message)).finally(() => note('finally'));
  const all = await Promise.all([tick(1), tick(2).then((v) => (note('then in all'), v))]); note('all');
  class Klass { async run() { await tick(); return 'klass'; } }
  const klass = await new Klass().run(); note('class');
  const arrow = await (async () => { await tick(); note('arrow inner'); return 'arrow'; })(); note('arrow');
  return { a, sum, chosen, member, optional, negated, kind, literal, text, called, made, regex, counter, tagged, caught, all, klass, arrow, seen };
};

const m = require('esm-only');
console.log(Object.keys(m), m.answer, m.twice(2), new m.default().greet('x'), m.more, m.a, m.c, m.d, m.where);
console.log(m.bump(), m.counter, m.bump(), m.counter);
console.log(require('dual').kind, m);
const dynamicImports = (async () => {
  const ns = await import('esm-only');
  console.log(Object.keys(ns), ns.counter, ns === m, require('util').types.isModuleNamespaceObject(ns));
  console.log((await import('dual')).kind, (await import('./node_modules/dual/index.cjs')).default);
  const path = await import('node:path');
  console.log(path.default === require('path'), typeof path.join);
  await import('nope').catch((e) => console.log(e.code, e.message));
  await import('./nope.mjs').catch((e) => console.log(e.code, e.message));
  const o = { import(x) { return 'method ' + x; } };
  console.log(o.import(1), `${'import('} in a string`, /import(x)/.source);
})();
// After the dynamic imports, in program order: a fixed wait here raced them, and a loaded machine lost the race.
(async () => {
  await dynamicImports;
  const s = require('syntax');
  console.log(Object.keys(s), s.report(), s.default(), s.first, s.second.b(2), s.inner, s.one, s.three, s.later, s.Klass.import(), s.generator().next().value,
    await s.asyncFunction(), s.default2, s.reexported, Object.keys(s.partsAgain));
  try { require('tla'); } catch (e) { console.log('require tla', e.code); }
  const t = await import('tla');
  console.log(t.value, Object.keys(t));
})();

'use strict';
// J2's reference: the same suite loop in Node, over jshost's own JSONata scripts (Sources/JSONata/Scripts), each
// evaluation as jshost's engine makes it (input parsed from JSON text, result written as JSON text).
// Usage: node benchmarks/jsonata/suite-loop.js [seconds (5)] [suite folder]
const fs = require('fs');
const path = require('path');
const seconds = Number(process.argv[2] || 5);
const suite = process.argv[3] || path.join(__dirname, '../../../shared/jsonata-test-suite');
const scripts = path.join(__dirname, '../../Sources/JSONata/Scripts');
for (const name of ['lexer', 'parser', 'signature', 'evaluator', 'functions', 'datetime', 'number-format', 'api', 'host', 'edges']) {
  (0, eval)(fs.readFileSync(path.join(scripts, `jsonata-${name}.js`), 'utf8'));
}
const host = globalThis.__jsonata.host;
const datasets = {};
for (const file of fs.readdirSync(path.join(suite, 'datasets'))) {
  datasets[file.slice(0, -5)] = fs.readFileSync(path.join(suite, 'datasets', file), 'utf8');
}
const evaluations = [];
for (const group of fs.readdirSync(path.join(suite, 'groups')).sort()) {
  const folder = path.join(suite, 'groups', group);
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
    for (const entry of Array.isArray(parsed) ? parsed : [parsed]) {
      if (entry.timelimit !== undefined || entry.depth !== undefined) continue;
      const expression = entry['expr-file'] ? fs.readFileSync(path.join(folder, entry['expr-file']), 'utf8') : entry.expr;
      const input = 'data' in entry ? JSON.stringify(entry.data) : (entry.dataset ? datasets[entry.dataset] : undefined);
      const bindings = entry.bindings && Object.keys(entry.bindings).length ? JSON.stringify(entry.bindings) : undefined;
      evaluations.push([expression, input, bindings]);
    }
  }
}
const run = ([expression, input, bindings]) => host.evaluate(expression, input, bindings, '{}', 2000, 1000, 10485760);
evaluations.forEach(run);
const started = process.hrtime.bigint();
let count = 0;
while (Number(process.hrtime.bigint() - started) / 1e9 < seconds) {
  evaluations.forEach(run);
  count += evaluations.length;
}
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ cases: evaluations.length, evaluations: count, seconds: elapsed, perSecond: count / elapsed }));

// The Node reference for the benchmarks: how a developer runs an elastic.io component with Node today, without the
// platform. It requires the component, calls process(msg, cfg, snapshot) with sailor's `this` and return-value rules,
// prints events as JSON lines, and keeps the snapshot in a JSON file written with fsync and an atomic rename.
//
//   node runner.js <component-dir> [--function F] [--cfg JSON] [--state FILE]            one message
//   node runner.js <component-dir> --input FILE [--output FILE] [--commit-every N] ...   JSON lines, in order
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const componentDir = path.resolve(args[0]);
const stateFile = option('--state', path.join(componentDir, '.node-state.json'));
const cfg = JSON.parse(option('--cfg', '{}'));
const commitEvery = Number(option('--commit-every', '1000'));

// Serve require('elasticio-node') as `npm install elasticio-node` would.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'elasticio-node') return path.join(__dirname, 'elasticio-node', 'index.js');
  return resolve.call(this, request, ...rest);
};

const component = JSON.parse(fs.readFileSync(path.join(componentDir, 'component.json'), 'utf8'));
const functions = Object.assign({}, component.actions || {}, component.triggers || {});
const functionName = option('--function', Object.keys(functions)[0]);
const mod = require(path.join(componentDir, functions[functionName].main));

let snapshot = {};
try { snapshot = JSON.parse(fs.readFileSync(stateFile, 'utf8')) || {}; } catch (e) { /* first run */ }

function saveSnapshot() {
  const tmp = stateFile + '.tmp';
  const fd = fs.openSync(tmp, 'w');
  fs.writeSync(fd, JSON.stringify(snapshot));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, stateFile);
}

function formatError(err) {
  if (err instanceof Error || (err && typeof err === 'object' && 'message' in err)) {
    return { name: err.name || 'Error', message: err.message, stack: err.stack || 'Not Available' };
  }
  return { name: 'Error', message: err || 'Not Available', stack: 'Not Available' };
}

// A component that never emits end (the iteration counter) is over when Node has nothing left to do.
let finishCurrent = null;
process.on('beforeExit', () => { if (finishCurrent) finishCurrent(); });

// One message through sailor's rules; resolves when `end` was emitted.
function runMessage(msg, write, tag) {
  return new Promise((resolveMessage) => {
    let ended = false;
    const done = () => { finishCurrent = null; resolveMessage(); };
    finishCurrent = () => { if (!ended) { ended = true; done(); } };
    const logger = {};
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal']) {
      logger[level] = (...a) => process.stderr.write(JSON.stringify({ level, msg: require('util').format(...a.map((x, i) => (i === 0 ? String(x) : x))) }) + '\n');
    }
    const ctx = {
      logger,
      emit(name, data) {
        if (name === 'data') { data.headers = data.headers || {}; write(tag + '"event":"data","data":' + JSON.stringify(data) + '}\n'); }
        else if (name === 'snapshot') { snapshot = data; write(tag + '"event":"snapshot","data":' + JSON.stringify(data) + '}\n'); }
        else if (name === 'updateSnapshot') { Object.assign(snapshot, data); write(tag + '"event":"updateSnapshot","data":' + JSON.stringify(data) + '}\n'); }
        else if (name === 'error') { write(tag + '"event":"error","data":' + JSON.stringify(formatError(data)) + '}\n'); }
        else if (name === 'end') { if (!ended) { ended = true; write(tag + '"event":"end"}\n'); done(); } }
        return Promise.resolve(true);
      },
      getFlowVariables: () => ({}),
    };
    new Promise((resolve) => {
      const result = mod.process.call(ctx, msg, JSON.parse(JSON.stringify(cfg)), JSON.parse(JSON.stringify(snapshot)));
      if (result) resolve(result);
    }).then(async (data) => { if (data) await ctx.emit('data', data); await ctx.emit('end'); },
      async (err) => { await ctx.emit('error', err); await ctx.emit('end'); });
  });
}

async function main() {
  if (typeof mod.init === 'function') await mod.init(cfg);
  const input = option('--input');
  if (!input) {
    await runMessage({ attachments: {}, body: {}, headers: {}, metadata: {} }, (s) => process.stdout.write(s), '{');
    saveSnapshot();
    return;
  }
  const out = fs.openSync(option('--output', '/dev/stdout'), 'w');
  let buffer = '';
  const write = (s) => { buffer += s; if (buffer.length > 65536) { fs.writeSync(out, buffer); buffer = ''; } };
  const lines = fs.readFileSync(input, 'utf8').split('\n');
  let sinceCommit = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    let msg;
    try { msg = JSON.parse(lines[i]); } catch (e) {
      write(`{"line":${i + 1},"event":"error","data":${JSON.stringify({ name: 'SyntaxError', message: `line ${i + 1} is not valid JSON` })}}\n`);
      continue;
    }
    await runMessage(msg, write, `{"line":${i + 1},`);
    if (++sinceCommit >= commitEvery) { fs.writeSync(out, buffer); buffer = ''; fs.fsyncSync(out); saveSnapshot(); sinceCommit = 0; }
  }
  fs.writeSync(out, buffer);
  fs.fsyncSync(out);
  saveSnapshot();
}

main().catch((e) => { console.error(e); process.exit(1); });

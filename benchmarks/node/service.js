// The Node reference for the service benchmarks (W1-W3): what a developer would write to run elastic.io flows on
// one machine with Node, with sailor's rules and the same durability as jshost serve. A `node:http` server reads the
// same flow files, runs each step's component in this process (module loaded once, init once), one message at a
// time per step, in order; every step run appends its outputs and snapshot to a journal and fsyncs it before its
// messages go on, so a webhook is answered only after its execution's data and snapshots are on disk.
//
//   node service.js <flows-dir> [--port P] [--state DIR]
// Endpoints: POST|GET /hook/{flow}, POST /v2/flows/{flow}/run-now, GET /metrics (executions per step).
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const crypto = require('crypto');
const Module = require('module');

const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const flowsDir = path.resolve(args[0]);
const port = Number(option('--port', '8090'));
const stateDir = path.resolve(option('--state', '.node-service'));
fs.mkdirSync(stateDir, { recursive: true });

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'elasticio-node') return path.join(__dirname, 'elasticio-node', 'index.js');
  return resolve.call(this, request, ...rest);
};

// The journal: one JSON line per step run, written and fdatasync'ed before the run's messages go on.
const journal = fs.openSync(path.join(stateDir, 'journal.jsonl'), 'a');
const snapshots = {};
try {
  for (const line of fs.readFileSync(path.join(stateDir, 'journal.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line);
    if (record.snapshot !== undefined) snapshots[record.key] = record.snapshot;
  }
} catch (e) { /* a new journal */ }
function durable(record) {
  return new Promise((done, fail) => {
    fs.write(journal, JSON.stringify(record) + '\n', (err) => {
      if (err) return fail(err);
      fs.fdatasync(journal, (err2) => (err2 ? fail(err2) : done()));
    });
  });
}

function formatError(err) {
  if (err instanceof Error || (err && typeof err === 'object' && 'message' in err)) {
    return { name: err.name || 'Error', message: err.message, stack: err.stack || 'Not Available' };
  }
  return { name: 'Error', message: err || 'Not Available', stack: 'Not Available' };
}

const logger = {};
for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal']) logger[level] = () => {};

// One message through sailor's rules: events collected; resolves on `end`, on the returned promise settling, or
// when the component has nothing pending (a component that never emits end).
function runStep(step, msg) {
  return new Promise((finish) => {
    const events = [];
    let ended = false;
    const done = () => { if (!ended) { ended = true; setImmediate(() => finish(events)); } };
    const ctx = {
      logger,
      emit(name, data) {
        if (name === 'end') done();
        else if (name === 'snapshot') { step.snapshot = data; events.push({ name, data }); }
        else if (name === 'updateSnapshot') { Object.assign(step.snapshot, data); events.push({ name, data }); }
        else events.push({ name, data: name === 'error' ? formatError(data) : data });
        return Promise.resolve(true);
      },
      getFlowVariables: () => ({}),
    };
    new Promise((ok) => {
      const result = step.mod.process.call(ctx, msg, JSON.parse(JSON.stringify(step.cfg)), JSON.parse(JSON.stringify(step.snapshot || {})));
      if (result) ok(result);
      else setTimeout(done, 0);
    }).then((data) => { if (data) events.push({ name: 'data', data }); done(); },
      (err) => { events.push({ name: 'error', data: formatError(err) }); done(); });
  });
}

const flows = {};
const executions = {};
const waiting = {};
for (const file of fs.readdirSync(flowsDir).filter((f) => f.endsWith('.json'))) {
  const doc = JSON.parse(fs.readFileSync(path.join(flowsDir, file), 'utf8')).data;
  const flow = { id: doc.id, steps: {}, starts: [] };
  const targets = new Set(doc.attributes.graph.edges.map((e) => e.target));
  for (const node of doc.attributes.graph.nodes) {
    const [where, fn] = node.command.split(':');
    const dir = path.resolve(flowsDir, where);
    const component = JSON.parse(fs.readFileSync(path.join(dir, 'component.json'), 'utf8'));
    const def = Object.assign({}, component.actions || {}, component.triggers || {})[fn];
    const key = `${doc.id}/${node.id}`;
    const step = { key, mod: require(path.join(dir, def.main)), cfg: node.fields || {}, snapshot: snapshots[key] || {},
      next: doc.attributes.graph.edges.filter((e) => e.source === node.id).map((e) => e.target),
      queue: [], busy: false, flow };
    flow.steps[node.id] = step;
    if (!targets.has(node.id)) flow.starts.push(node.id);
  }
  flows[doc.id] = flow;
}

async function initAll() {
  for (const flow of Object.values(flows)) {
    for (const step of Object.values(flow.steps)) if (typeof step.mod.init === 'function') await step.mod.init(step.cfg);
  }
}

// A step takes its messages one at a time, in order (sailor's prefetch of 1).
function enqueue(step, item) {
  step.queue.push(item);
  if (!step.busy) drain(step);
}

async function drain(step) {
  step.busy = true;
  while (step.queue.length) {
    const { msg, thread } = step.queue.shift();
    const events = await runStep(step, msg);
    const out = [];
    for (const event of events) {
      if (event.name !== 'data') continue;
      for (const target of step.next) {
        const next = Object.assign({}, event.data);
        const own = Object.assign({}, event.data); delete own.passthrough;
        next.passthrough = Object.assign({}, msg.passthrough || {}, { [step.key.split('/')[1]]: own });
        out.push([target, next]);
      }
    }
    const snapshotChanged = events.some((e) => e.name === 'snapshot' || e.name === 'updateSnapshot');
    await durable({ key: step.key, thread, events, forwarded: out.length, snapshot: snapshotChanged ? step.snapshot : undefined });
    executions[step.key] = (executions[step.key] || 0) + 1;
    const execution = waiting[thread];
    if (execution) {
      execution.pending += out.length - 1;
      const reply = events.find((e) => e.name === 'httpReply');
      const error = events.find((e) => e.name === 'error');
      if (reply) execution.answer(reply.data.statusCode || 200, reply.data.headers || {}, reply.data.body);
      else if (error) execution.answer(500, { 'x-execution-id': thread }, { error: error.data });
      else if (execution.pending === 0) execution.answer(200, {}, { requestId: thread, message: 'thank you' });
    }
    for (const [target, next] of out) enqueue(step.flow.steps[target], { msg: next, thread });
  }
  step.busy = false;
}

function fire(flow, msg, thread) {
  for (const start of flow.starts) enqueue(flow.steps[start], { msg, thread });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const parts = url.pathname.split('/').filter(Boolean);
    const json = (status, headers, body) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, Object.assign({ 'content-type': 'application/json' }, headers));
      res.end(text);
    };
    if (req.method === 'GET' && url.pathname === '/metrics') {
      const lines = Object.entries(executions).map(([key, n]) => {
        const [flow, step] = key.split('/');
        return `jshost_executions_total{flow="${flow}",step="${step}"} ${n}`;
      });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(lines.join('\n') + '\n');
    }
    if (parts[0] === 'v2' && parts[3] === 'run-now' && flows[parts[2]]) {
      fire(flows[parts[2]], { attachments: {}, body: {}, headers: {}, metadata: {} }, crypto.randomUUID());
      return json(202, {}, { data: { type: 'flow', id: parts[2] } });
    }
    if (parts[0] === 'hook' && flows[parts[1]]) {
      const thread = crypto.randomUUID();
      let body = {};
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'GET') body = Object.fromEntries(url.searchParams);
      else if (raw.trim()) { try { body = JSON.parse(raw); } catch (e) { return json(400, {}, { errors: [{ detail: 'not JSON' }] }); } }
      const msg = { id: thread, attachments: {}, body, headers: req.headers, query: Object.fromEntries(url.searchParams),
        method: req.method, url: req.url, additionalUrlPath: '/' + parts.slice(2).join('/'), metadata: {} };
      waiting[thread] = {
        pending: flows[parts[1]].starts.length,
        answer(status, headers, replyBody) { delete waiting[thread]; json(status, headers, replyBody); },
      };
      return fire(flows[parts[1]], msg, thread);
    }
    json(404, {}, { errors: [{ detail: `Flow ${parts[1]} either does not exist or is inactive` }] });
  });
});

initAll().then(() => server.listen(port, '127.0.0.1', () => console.log(`node service: listening on http://127.0.0.1:${server.address().port}`)));

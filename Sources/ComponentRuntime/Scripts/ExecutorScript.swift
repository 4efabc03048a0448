/// The JS half of the executor: sailor's TaskExec (`this` of process), its emit handlers, the return-value
/// rules of lib/executor.js, the bunyan-style logger, init, and the service calls (verifyCredentials, models).
/// Every effect is reported to Swift through `host` (`event`, `snapshot`, `log`, …); Swift owns output and storage.
enum ExecutorScript {
    static let source = #"""
(function (host, internals, options) {
  'use strict';
  const levels = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
  const threshold = levels[String(options.logLevel || 'info').toLowerCase()] || 30;
  const knownEvents = new Set(['data', 'error', 'rebound', 'snapshot', 'updateSnapshot', 'updateKeys', 'httpReply', 'end']);

  function makeLogger(fields) {
    const logger = {};
    for (const [name, level] of Object.entries(levels)) {
      logger[name] = function log(...args) {
        if (args.length === 0) return level >= threshold;
        if (level < threshold) return undefined;
        // sailor's ComponentLogger: a non-string first argument is coerced with String(), the rest is printf-style.
        const first = typeof args[0] === 'string' ? args[0] : String(args[0]);
        const msg = internals.format(first, ...args.slice(1));
        const record = Object.assign({ name: options.loggerName, hostname: options.hostname, pid: options.pid, level },
          fields, { msg, time: host.wallClock(), v: 0 });
        host.log(JSON.stringify(record));
        return undefined;
      };
    }
    logger.child = (extra) => makeLogger(Object.assign({}, fields, extra));
    logger.level = () => threshold;
    return logger;
  }

  // jshost's own frames say nothing about the component; drop them from reported stacks.
  function componentFrames(stack) {
    if (typeof stack !== 'string') return stack;
    const kept = stack.split('\n').filter((frame) => !frame.includes('@jshost:internal/') && frame !== 'Promise@[native code]');
    return kept.length ? kept.join('\n') : stack;
  }

  function formatError(err) {
    if (err instanceof Error || (err !== null && typeof err === 'object' && Object.prototype.hasOwnProperty.call(err, 'message'))) {
      return { name: err.name || 'Error', message: err.message, stack: componentFrames(err.stack) || 'Not Available' };
    }
    return { name: 'Error', message: err || 'Not Available', stack: 'Not Available' };
  }

  const isPlainObject = (v) => v !== null && typeof v === 'object' &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
  const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  const stringify = (v) => { const json = JSON.stringify(v); return json === undefined ? 'null' : json; };

  // The step's in-memory snapshot, as sailor keeps `sailor.snapshot` between messages, kept as its JSON: each
  // message gets a fresh copy (sailor's cloneDeep) with one JSON.parse. `accepted` is the JSON of the last snapshot
  // the current message stored (undefined: none).
  const state = { snapshotJSON: '{}', ended: false, accepted: undefined, onEnd: null };

  // UTF-8 bytes of a string, without leaving JS (the snapshot limit counts UTF-8).
  function utf8Length(text) {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xD800 && c <= 0xDBFF) { bytes += 4; i++; }
      else bytes += 3;
    }
    return bytes;
  }

  function storeSnapshot(ctx, kind, value, delta) {
    const json = JSON.stringify(value);
    // Most snapshots are far below the limit: only count bytes when the length says it could be over.
    if (json.length * 3 > options.snapshotLimit && utf8Length(json) > options.snapshotLimit) {
      const error = new Error(`${kind} not stored: ${host.describeOversize(json)}`);
      error.name = 'SnapshotLimitError';
      dispatch(ctx, 'error', error);
      return;
    }
    state.snapshotJSON = json;
    state.accepted = json;
    if (json === 'null') host.snapshotCleared();
    out(kind, kind === 'updateSnapshot' ? delta : json);
  }

  // Stream mode collects a batch of messages' events here; one run sends each event to Swift as it happens.
  const batch = {
    active: false, line: 0, output: [], outbox: [], outboxLines: [], errors: 0, messages: 0, malformed: 0,
    snapshot: undefined, done: true, resolveCurrent: null, checkpoint: null, initError: undefined,
  };

  function out(name, json) {
    if (!batch.active) { host.event(name, json); return; }
    batch.output.push(json === null ? `{"line":${batch.line},"event":"${name}"}` : `{"line":${batch.line},"event":"${name}","data":${json}}`);
    if (name === 'data') { batch.outbox.push(json); batch.outboxLines.push(batch.line); }
    else if (name === 'error') batch.errors += 1;
  }

  function dispatch(ctx, name, data) {
    switch (name) {
      case 'data': {
        if (data === null || typeof data !== 'object') {
          throw new TypeError(`emit('data') needs a message object such as messages.newMessageWithBody(body); got ${data === null ? 'null' : typeof data}`);
        }
        data.headers = data.headers || {};
        out('data', stringify(data));
        return true;
      }
      case 'error':
        ctx.errorCount += 1;
        out('error', JSON.stringify(formatError(data)));
        return true;
      case 'rebound':
        out('rebound', JSON.stringify(formatError(data)));
        return true;
      case 'snapshot':
        if (data === undefined) {
          ctx.logger.error('ERROR: snapshot event without a value is ignored: undefined cannot be stored');
          return true;
        }
        storeSnapshot(ctx, 'snapshot', data, null);
        return true;
      case 'updateSnapshot': {
        if (!isPlainObject(data)) {
          ctx.logger.error('ERROR: updateSnapshot event needs a plain object; got %s, ignored', data === null ? 'null' : typeof data);
          return true;
        }
        if (Object.prototype.hasOwnProperty.call(data, '$set')) {
          ctx.logger.error('ERROR: $set is not supported any more in `updateSnapshot` event');
          return true;
        }
        const current = JSON.parse(state.snapshotJSON);
        const base = isPlainObject(current) ? current : {};
        storeSnapshot(ctx, 'updateSnapshot', Object.assign(base, data), JSON.stringify(data));
        return true;
      }
      case 'updateKeys':
      case 'httpReply':
        out(name, stringify(data));
        return true;
      case 'end':
        if (state.ended) {
          ctx.logger.warn('end was emitted more than once; ignoring this one');
          return true;
        }
        state.ended = true;
        out('end', null);
        if (state.onEnd) state.onEnd();
        return true;
      default:
        ctx.logger.debug(`Event '${String(name)}' is not one sailor handles; ignored`);
        return false;
    }
  }

  // The logger's fields are the same for every message of this process, so one logger serves them all
  // (building six closures per message showed in stream profiles).
  let sharedLogger = null;

  class TaskExec {
    constructor() {
      this.errorCount = 0;
      this.logger = sharedLogger || (sharedLogger = makeLogger({
        threadId: options.threadId, messageId: options.messageId, parentMessageId: options.parentMessageId }));
      this._variables = Object.assign({}, options.variables);
      this.$events = {};
    }
    emit(name, ...args) {
      let handled;
      try { handled = dispatch(this, name, args[0]); } catch (err) { return Promise.reject(err); }
      const extra = this.$events[name];
      // Almost always no listener was added: settle at once rather than through an async chain (stream speed).
      if (!extra || extra.length === 0) return Promise.resolve(handled);
      return (async () => {
        for (const listener of [].concat(extra)) await listener.apply(this, args);
        return true;
      })();
    }
    on(name, fn) { this.$events[name] = [].concat(this.$events[name] || [], fn); return this; }
    addListener(name, fn) { return this.on(name, fn); }
    once(name, fn) {
      const self = this;
      function wrapped(...args) { self.removeListener(name, wrapped); return fn.apply(this, args); }
      wrapped.listener = fn;
      return this.on(name, wrapped);
    }
    removeListener(name, fn) {
      this.$events[name] = [].concat(this.$events[name] || []).filter((l) => l !== fn && l.listener !== fn);
      return this;
    }
    removeAllListeners(name) { if (name === undefined) this.$events = {}; else delete this.$events[name]; return this; }
    listeners(name) { return [].concat(this.$events[name] || []); }
    getFlowVariables() { return this._variables; }
    getConfig() { return options.settings; }
    getApiClient() { throw new Error('getApiClient() needs the elastic.io platform API, which jshost does not provide'); }
  }

  // sailor's lib/executor.js: the return value of process() decides what is implied.
  function runProcess(mod, msg, cfg) {
    const ctx = new TaskExec();
    const onError = async (err) => {
      ctx.logger.error('Error occurred during trigger or action processing');
      await ctx.emit('error', err);
      await ctx.emit('end');
    };
    if (typeof mod.process !== 'function') return onError(new Error('Process function is not found'));
    new Promise((resolve) => {
      const result = mod.process.call(ctx, msg, cfg, JSON.parse(state.snapshotJSON));
      if (result) resolve(result);
    })
      .then(async (data) => {
        if (data) await ctx.emit('data', data);
        await ctx.emit('end');
      })
      .catch(onError);
    return undefined;
  }

  function runInit(mod, cfg) {
    if (typeof mod.init !== 'function') return Promise.resolve();
    return new Promise((resolve) => resolve(mod.init.call(mod, cfg)));
  }

  // A message through the step: init once (awaited, its result ignored), then process.
  // One message: sailor's per-message set-up, then process().
  function begin(mod, msg, cfg) {
    state.ended = false;
    state.accepted = undefined;
    if (msg !== null && typeof msg === 'object') msg.headers = msg.headers || {};
    runProcess(mod, msg, cfg);
  }

  // One run: init once (awaited, its result ignored), then the message. `snapshot` undefined keeps the in-memory
  // one, as a sailor container does between messages.
  function start(mod, msg, cfg, snapshot, runInitFirst) {
    if (snapshot !== undefined) state.snapshotJSON = stringify(snapshot);
    state.accepted = undefined;
    const ready = runInitFirst ? runInit(mod, clone(cfg)) : Promise.resolve();
    ready.then(() => begin(mod, msg, cfg), (err) => host.initFailed(JSON.stringify(formatError(err))));
    internals.drainTicks();
  }

  function acceptedSnapshot() { return state.accepted; }

  // Stream mode: the messages of `text` (JSON lines, the first numbered `firstLine`) in order, each awaited until
  // it emits `end` (Swift calls abandonCurrent when the event loop goes idle without it). host.batchDone() when over.
  // Written for a watcher on another thread (ComponentHost.messageStarts) when the engine does not keep the time.
  const starts = host.messageStarts;
  function runBatch(mod, text, firstLine, cfgJSON, snapshotJSON, runInitFirst) {
    Object.assign(batch, { active: true, output: [], outbox: [], outboxLines: [], errors: 0, messages: 0, malformed: 0,
      snapshot: undefined, done: false, resolveCurrent: null, initError: undefined });
    checkpoint();
    if (snapshotJSON !== undefined) state.snapshotJSON = snapshotJSON;
    (async () => {
      if (runInitFirst) {
        try { await runInit(mod, JSON.parse(cfgJSON)); } catch (err) { batch.initError = JSON.stringify(formatError(err)); finish(); return; }
      }
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line.trim() === '') continue;
        batch.line = firstLine + i;
        let msg;
        try { msg = JSON.parse(line); } catch (e) {
          out('error', JSON.stringify({ name: 'SyntaxError', message: `line ${batch.line} is not valid JSON; the line was skipped and the stream goes on`, stack: 'Not Available' }));
          batch.malformed += 1;
          batch.messages += 1;
          checkpoint();
          continue;
        }
        if (starts) { starts[0] = batch.line; starts[1] = (starts[1] + 1) | 0; } else host.messageStarted(batch.line);
        await new Promise((resolve) => {
          batch.resolveCurrent = resolve;
          state.onEnd = resolve;
          begin(mod, msg, JSON.parse(cfgJSON));
        });
        batch.resolveCurrent = null;
        state.onEnd = null;
        if (state.accepted !== undefined) batch.snapshot = state.accepted;
        batch.messages += 1;
        checkpoint();
      }
      finish();
    })().catch((err) => internals.reportUncaught(err));
    internals.drainTicks();
  }

  function checkpoint() {
    batch.checkpoint = { output: batch.output.length, outbox: batch.outbox.length, errors: batch.errors,
      messages: batch.messages, malformed: batch.malformed, line: batch.line, snapshot: batch.snapshot };
  }
  function finish() { batch.done = true; batch.active = false; host.batchDone(); }
  function abandonCurrent() { if (batch.resolveCurrent) batch.resolveCurrent(); }

  // What the batch did, as few strings as possible; `completedOnly` keeps only messages that finished.
  function takeBatch(completedOnly) {
    const cp = completedOnly ? batch.checkpoint : { output: batch.output.length, outbox: batch.outbox.length,
      errors: batch.errors, messages: batch.messages, malformed: batch.malformed, line: batch.line, snapshot: batch.snapshot };
    batch.active = false;
    return {
      output: cp.output ? batch.output.slice(0, cp.output).join('\n') + '\n' : '',
      outbox: batch.outbox.slice(0, cp.outbox).join('\n'),
      lines: batch.outboxLines.slice(0, cp.outbox).join(','),
      errors: cp.errors, messages: cp.messages, malformed: cp.malformed, lastLine: cp.line,
      snapshot: cp.snapshot, initError: batch.initError,
    };
  }

  // sailor's lib/service.js: a truthy return is adopted, otherwise the callback decides.
  function callService(fn, scope, cfg) {
    return new Promise((resolve, reject) => {
      const callback = (err, result) => (err ? reject(err) : resolve(result));
      const result = fn.call(scope, cfg, callback);
      if (result) resolve(result);
    });
  }

  function serviceScope() {
    const scope = new TaskExec();
    scope.emit = function emit(name, data) {
      if (name === 'updateKeys') host.event('updateKeys', stringify(data));
      else scope.logger.debug(`Event '${String(name)}' from a service call ignored`);
      return Promise.resolve(name === 'updateKeys');
    };
    scope.getConfig = () => options.environment;
    return scope;
  }

  function verify(fn, cfg) {
    if (fn === null) { host.result(JSON.stringify({ verified: true })); return; }
    let promise;
    try {
      if (typeof fn !== 'function') throw new Error('verifyCredentials must export a function (module.exports = function (credentials, cb) {...})');
      promise = callService(fn, serviceScope(), cfg);
    } catch (e) { promise = Promise.reject(e); }
    promise
      .then((r) => (r !== null && typeof r === 'object' && Object.prototype.hasOwnProperty.call(r, 'verified') ? r : { verified: true }))
      .catch((e) => ({ verified: false, reason: e && e.message !== undefined ? e.message : String(e) }))
      .then((r) => host.result(stringify(r)));
  }

  function model(mod, method, cfg) {
    let promise;
    try {
      if (typeof mod[method] !== 'function') throw new Error(`Method "${method}" is not found in "${options.functionName}" action or trigger`);
      promise = callService(mod[method], serviceScope(), cfg);
    } catch (e) { promise = Promise.reject(e); }
    promise.then(
      (data) => host.result(stringify(data)),
      (e) => host.serviceFailed(JSON.stringify({ status: 'error', data: { message: e && e.message !== undefined ? e.message : String(e) } })));
  }

  return { start, verify, model, acceptedSnapshot, runBatch, abandonCurrent, takeBatch };
})
"""#
}

// The JS half of the executor: sailor's TaskExec (`this` of process), its emit handlers, the return-value
// rules of lib/executor.js, the bunyan-style logger, init, and the service calls (verifyCredentials, models).
// Every effect is reported to Swift through `host` (`event`, `snapshot`, `log`, …); Swift owns output and storage.
(function (host, internals, options) {
  'use strict';
  // jshost's own serialisation and bookkeeping use these, taken before any component code runs: a component that
  // replaces JSON.stringify or Array.prototype.push must not change what jshost prints or stores.
  const uncurry = (fn) => Function.prototype.call.bind(fn);
  const stringifyJSON = JSON.stringify, parseJSON = internals.nativeJSONParse || JSON.parse;
  const push = uncurry(Array.prototype.push), join = uncurry(Array.prototype.join), slice = uncurry(Array.prototype.slice);
  const split = uncurry(String.prototype.split), trim = uncurry(String.prototype.trim);
  const hasOwn = uncurry(Object.prototype.hasOwnProperty), objectToString = uncurry(Object.prototype.toString);
  const functionToString = uncurry(Function.prototype.toString);
  const assign = Object.assign, entries = Object.entries, getPrototypeOf = Object.getPrototypeOf;
  const ErrorIntrinsic = Error, StringIntrinsic = String;
  const levels = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
  const threshold = levels[String(options.logLevel || 'info').toLowerCase()] || 30;
  const knownEvents = new Set(['data', 'error', 'rebound', 'snapshot', 'updateSnapshot', 'updateKeys', 'httpReply', 'end']);

  // The current message's ids, which every log line carries; set by Swift with each message (`start`), and the
  // same for every message of a stream.
  let messageFields = { threadId: options.threadId, messageId: options.messageId, parentMessageId: options.parentMessageId };

  function makeLogger(fields) {
    const logger = {};
    for (const [name, level] of entries(levels)) {
      logger[name] = function log(...args) {
        if (args.length === 0) return level >= threshold;
        if (level < threshold) return undefined;
        // sailor's ComponentLogger: a non-string first argument is coerced with String(), the rest is printf-style.
        const first = typeof args[0] === 'string' ? args[0] : text(args[0]);
        const msg = internals.format(first, ...slice(args, 1));
        const record = assign({ name: options.loggerName, hostname: options.hostname, pid: options.pid, level },
          messageFields, options.logFields, fields, { msg, time: host.wallClock(), v: 0 });
        host.log(stringifyJSON(record));
        return undefined;
      };
    }
    logger.child = (extra) => makeLogger(assign({}, fields, extra));
    logger.level = () => threshold;
    return logger;
  }

  // jshost's own frames say nothing about the component; drop them from reported stacks.
  function componentFrames(stack) {
    if (typeof stack !== 'string') return stack;
    const kept = [];
    for (const frame of split(stack, '\n')) {
      if (!frame.includes('jshost:internal/') && frame !== 'Promise@[native code]' && frame !== '    at Promise (<anonymous>)') push(kept, frame);
    }
    return kept.length ? join(kept, '\n') : stack;
  }

  // String(v) that cannot throw (a throwing toString, a Symbol, a revoked proxy).
  function text(v) {
    if (typeof v === 'string') return v;
    try { return StringIntrinsic(v); } catch (e) { try { return objectToString(v); } catch (e2) { return '[value that cannot be shown]'; } }
  }

  // A property read that cannot throw: a hostile getter gives a note in its place.
  function read(object, key) {
    try { return { value: object[key] }; } catch (e) { return { value: `[${key} could not be read: ${text(e && typeof e === 'object' ? read(e, 'message').value : e)}]` }; }
  }

  // sailor's error shape, from anything a component may throw or emit, without ever throwing itself.
  function formatError(err) {
    err = internals.nodeError(err);
    let errorLike = false;
    try { errorLike = err instanceof ErrorIntrinsic || (err !== null && typeof err === 'object' && hasOwn(err, 'message')); } catch (e) { errorLike = true; }
    if (errorLike) {
      const name = read(err, 'name').value, message = read(err, 'message').value, stack = read(err, 'stack').value;
      return { name: name ? text(name) : 'Error', message: typeof message === 'string' || message === undefined ? message : jsonSafe(message),
        stack: typeof stack === 'string' ? componentFrames(stack) || 'Not Available' : 'Not Available' };
    }
    return { name: 'Error', message: err ? (typeof err === 'string' ? err : jsonSafe(err)) : 'Not Available', stack: 'Not Available' };
  }
  // A value that JSON.stringify can write (else its text), for an error's message.
  function jsonSafe(v) {
    try { return stringifyJSON(v) === undefined ? text(v) : v; } catch (e) { return text(v); }
  }
  const errorJSON = (err) => stringifyJSON(formatError(err));

  // lodash's isPlainObject, which sailor uses: an object whose prototype is null, or whose prototype's own
  // constructor is an `Object` function of any realm (a vm context's objects pass too).
  const objectSource = functionToString(Object);
  const isPlainObject = (v) => {
    if (v === null || typeof v !== 'object') return false;
    try {
      if (objectToString(v) !== '[object Object]') return false;
      const proto = getPrototypeOf(v);
      if (proto === null) return true;
      const Ctor = hasOwn(proto, 'constructor') && proto.constructor;
      return typeof Ctor === 'function' && Ctor instanceof Ctor && functionToString(Ctor) === objectSource;
    } catch { return false; }
  };
  const clone = (v) => (v === undefined ? undefined : parseJSON(stringifyJSON(v)));
  const stringify = (v) => { const json = stringifyJSON(v); return json === undefined ? 'null' : json; };

  // The step's in-memory snapshot, as sailor keeps `sailor.snapshot` between messages, kept as its JSON: each
  // message gets a fresh copy (sailor's cloneDeep) with one JSON.parse. `accepted` is the JSON of the last snapshot
  // the current message stored (undefined: none).
  const state = { snapshotJSON: '{}', ended: false, accepted: undefined, onEnd: null, dataCharacters: 0 };

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
    // What sailor would store is what JSON.stringify writes, so its rules decide; each case is said out loud.
    let json;
    try { json = stringifyJSON(value); } catch (err) {
      const error = new ErrorIntrinsic(`${kind} not stored: it cannot be written as JSON (${text(read(err, 'message').value)}); the stored snapshot is unchanged`);
      error.name = 'SnapshotError';
      dispatch(ctx, 'error', error);
      return;
    }
    if (json === undefined) {
      ctx.logger.error(`ERROR: ${kind} event with a ${typeof value} is ignored: JSON.stringify writes nothing for it, so nothing can be stored`);
      return;
    }
    if (json === 'null' && value !== null) {
      ctx.logger.warn(`${kind} event with ${text(value)} is stored as null, as JSON.stringify writes it: the snapshot is cleared`);
    }
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
    active: false, line: 0, kinds: [], jsons: [], eventLines: [], errors: 0, messages: 0, malformed: 0,
    snapshot: undefined, done: true, resolveCurrent: null, checkpoint: null, initError: undefined, dataCharacters: 0, consumed: 0,
  };

  // A stream batch's events go to Swift as data, three texts for the whole batch: a letter per event (its kind),
  // the events' JSON one per line (JSON text holds no raw newline), and their input lines. Swift writes the
  // command line's lines and takes the outbox from the data events: each event's JSON crosses once.
  const kindLetters = { data: 'd', snapshot: 's', updateSnapshot: 'u', error: 'e', rebound: 'r', updateKeys: 'k', httpReply: 'h', end: 'n' };
  function out(name, json) {
    // One run's host may refuse an event with a reason (an httpReply with nowhere to go): the emit then rejects.
    if (!batch.active) return host.event(name, json);
    // Index stores rather than push: as safe from a replaced Array.prototype.push, and cheaper per event.
    const n = batch.kinds.length;
    batch.kinds[n] = kindLetters[name];
    batch.jsons[n] = json === null ? '' : json;
    batch.eventLines[n] = batch.line;
    if (name === 'data') batch.dataCharacters += json.length;
    else if (name === 'error') batch.errors += 1;
    return undefined;
  }

  function dispatch(ctx, name, data) {
    switch (name) {
      case 'data': {
        if (data === null || data === undefined || (typeof data !== 'object' && typeof data !== 'function')) {
          // sailor reads data.id, then sets data.headers: V8's words for what that does to a value that is not an
          // object are what the error says (`return await this.emit('end')` returns true, which becomes data).
          ctx.logger.error(`emit('data') needs a message object such as messages.newMessageWithBody(body); got ${data === null ? 'null' : typeof data}`);
          throw new TypeError(data === null || data === undefined ? `Cannot read properties of ${data} (reading 'id')`
            : `Cannot create property 'headers' on ${typeof data} '${text(data)}'`);
        }
        data.headers = data.headers || {};
        const json = stringify(data);
        // One commit holds a run's data messages, and SQLite holds at most 1e9 bytes in one value: refuse the
        // message that would go over, before it is printed, rather than fail the commit after everything was.
        if (state.dataCharacters + json.length > options.maxRunDataCharacters) {
          const error = new ErrorIntrinsic(`data message not emitted: it is ${json.length} characters of JSON, and the data messages of one message's run may hold at most ${options.maxRunDataCharacters} characters in all (${state.dataCharacters} so far); emit less data per message, or split it over several messages`);
          error.name = 'DataLimitError';
          dispatch(ctx, 'error', error);
          return true;
        }
        state.dataCharacters += json.length;
        out('data', json);
        return true;
      }
      case 'error':
        ctx.errorCount += 1;
        out('error', errorJSON(data));
        return true;
      case 'rebound':
        out('rebound', errorJSON(data));
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
        if (hasOwn(data, '$set')) {
          ctx.logger.error('ERROR: $set is not supported any more in `updateSnapshot` event');
          return true;
        }
        const current = parseJSON(state.snapshotJSON);
        const base = isPlainObject(current) ? current : {};
        let delta;
        try { delta = stringifyJSON(data); } catch (err) { delta = undefined; }
        storeSnapshot(ctx, 'updateSnapshot', assign(base, data), delta);
        return true;
      }
      case 'updateKeys':
      case 'httpReply': {
        const refusal = out(name, stringify(data));
        if (typeof refusal === 'string') throw new ErrorIntrinsic(refusal);
        return true;
      }
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
        ctx.logger.debug(`Event '${text(name)}' is not one sailor handles; ignored`);
        return false;
    }
  }

  // One logger serves every message (building six closures per message showed in stream profiles); the message's
  // ids come from messageFields when a line is written.
  let sharedLogger = null;

  class TaskExec {
    constructor() {
      this.errorCount = 0;
      this.logger = sharedLogger || (sharedLogger = makeLogger({}));
      this._variables = assign({}, options.variables);
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
      const result = mod.process.call(ctx, msg, cfg, parseJSON(state.snapshotJSON));
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
    state.dataCharacters = 0;
    if (msg !== null && typeof msg === 'object') msg.headers = msg.headers || {};
    runProcess(mod, msg, cfg);
    // sailor calls process() from a macrotask, so Node runs the ticks it queued before its promise jobs; begin runs
    // in a promise job here, so the ticks are run now, before the jobs process() queued.
    internals.drainTicks();
  }

  // One run: init once (awaited, its result ignored), then the message. `snapshot` undefined keeps the in-memory
  // one, as a sailor container does between messages.
  function start(mod, msg, cfg, snapshot, runInitFirst, context) {
    if (context) messageFields = { threadId: context.threadId, messageId: context.messageId, parentMessageId: context.parentMessageId };
    // sailor hands the component the transport's reply_to among the message's headers.
    if (context && context.replyTo !== undefined && msg !== null && typeof msg === 'object') {
      msg.headers = msg.headers || {};
      msg.headers.reply_to = context.replyTo;
    }
    if (snapshot !== undefined) state.snapshotJSON = stringify(snapshot);
    state.accepted = undefined;
    const ready = runInitFirst ? runInit(mod, clone(cfg)) : Promise.resolve();
    ready.then(() => begin(mod, msg, cfg), (err) => host.initFailed(errorJSON(err)));
    internals.drainTicks();
  }

  function acceptedSnapshot() { return state.accepted; }

  // init(cfg) on its own, before any message, as a sailor container runs it at start: its failure is sailor's
  // error shape, for the container to report.
  function init(mod, cfg) {
    runInit(mod, clone(cfg)).then(() => host.result('{}'), (err) => host.serviceFailed(errorJSON(err)));
    internals.drainTicks();
  }

  // Stream mode: the messages of `linesText` (JSON lines, the first numbered `firstLine`) in order, each awaited
  // until it emits `end` (Swift calls abandonCurrent when the event loop goes idle without it). host.batchDone()
  // when over. A batch stops early, after a message, once its data messages reach options.batchDataCharacters, so one
  // commit never grows past what the store can hold: `consumed` says how many lines it took, and Swift hands the
  // rest to the next batch. Written for a watcher on another thread (ComponentHost.messageStarts) when the engine
  // does not keep the time.
  const starts = host.messageStarts;
  function runBatch(mod, linesText, firstLine, cfgJSON, snapshotJSON, runInitFirst, context) {
    if (context) messageFields = { threadId: context.threadId, messageId: context.messageId, parentMessageId: context.parentMessageId };
    assign(batch, { active: true, kinds: [], jsons: [], eventLines: [], errors: 0, messages: 0, malformed: 0,
      snapshot: undefined, done: false, resolveCurrent: null, initError: undefined, dataCharacters: 0, consumed: 0 });
    checkpoint();
    if (snapshotJSON !== undefined) state.snapshotJSON = snapshotJSON;
    (async () => {
      if (runInitFirst) {
        try { await runInit(mod, parseJSON(cfgJSON)); } catch (err) { batch.initError = errorJSON(err); finish(); return; }
      }
      const lines = split(linesText, '\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        batch.consumed = i + 1;
        // Almost every line starts with `{`; only others can be blank.
        if (line.length === 0 || (line[0] !== '{' && trim(line) === '')) continue;
        batch.line = firstLine + i;
        let msg;
        try { msg = parseJSON(line); } catch (e) {
          out('error', stringifyJSON({ name: 'SyntaxError', message: `line ${batch.line} is not valid JSON; the line was skipped and the stream goes on`, stack: 'Not Available' }));
          batch.malformed += 1;
          batch.messages += 1;
          checkpoint();
          continue;
        }
        if (starts) { starts[0] = batch.line; starts[1] = (starts[1] + 1) | 0; } else host.messageStarted(batch.line);
        await new Promise((resolve) => {
          batch.resolveCurrent = resolve;
          state.onEnd = resolve;
          begin(mod, msg, parseJSON(cfgJSON));
        });
        batch.resolveCurrent = null;
        state.onEnd = null;
        if (state.accepted !== undefined) batch.snapshot = state.accepted;
        batch.messages += 1;
        checkpoint();
        if (batch.dataCharacters >= options.batchDataCharacters) break;
      }
      finish();
    })().catch((err) => internals.reportUncaught(err));
    internals.drainTicks();
  }

  function checkpoint() {
    batch.checkpoint = { events: batch.kinds.length, errors: batch.errors,
      messages: batch.messages, malformed: batch.malformed, line: batch.line, snapshot: batch.snapshot, consumed: batch.consumed,
      dataCharacters: batch.dataCharacters };
  }
  function finish() { batch.done = true; batch.active = false; host.batchDone(); }
  function abandonCurrent() { if (batch.resolveCurrent) batch.resolveCurrent(); }

  // What the batch did, as few strings as possible; `completedOnly` keeps only messages that finished.
  function takeBatch(completedOnly) {
    const cp = completedOnly ? batch.checkpoint : { events: batch.kinds.length,
      errors: batch.errors, messages: batch.messages, malformed: batch.malformed, line: batch.line, snapshot: batch.snapshot,
      consumed: batch.consumed, dataCharacters: batch.dataCharacters };
    batch.active = false;
    return {
      kinds: join(slice(batch.kinds, 0, cp.events), ''),
      jsons: join(slice(batch.jsons, 0, cp.events), '\n'),
      lines: join(slice(batch.eventLines, 0, cp.events), ','),
      errors: cp.errors, messages: cp.messages, malformed: cp.malformed, lastLine: cp.line,
      snapshot: cp.snapshot, initError: batch.initError, consumed: cp.consumed, dataCharacters: cp.dataCharacters,
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

  // sailor's `e.message`, or the value's text, never throwing.
  function reasonOf(e) {
    const message = e && typeof e === 'object' ? read(e, 'message').value : undefined;
    return message !== undefined ? jsonSafe(message) : text(e);
  }

  function serviceScope() {
    const scope = new TaskExec();
    scope.emit = function emit(name, data) {
      if (name === 'updateKeys') host.event('updateKeys', stringify(data));
      else scope.logger.debug(`Event '${text(name)}' from a service call ignored`);
      return Promise.resolve(name === 'updateKeys');
    };
    scope.getConfig = () => options.environment;
    return scope;
  }

  function verify(fn, cfg) {
    if (fn === null) { host.result(stringifyJSON({ verified: true })); return; }
    let promise;
    try {
      if (typeof fn !== 'function') throw new Error('verifyCredentials must export a function (module.exports = function (credentials, cb) {...})');
      promise = callService(fn, serviceScope(), cfg);
    } catch (e) { promise = Promise.reject(e); }
    promise
      .then((r) => (r !== null && typeof r === 'object' && hasOwn(r, 'verified') ? r : { verified: true }))
      .catch((e) => ({ verified: false, reason: reasonOf(e) }))
      .then((r) => host.result(stringify(r)));
  }

  function model(mod, method, cfg, functionName) {
    let promise;
    try {
      if (typeof mod[method] !== 'function') throw new Error(`Method "${method}" is not found in "${functionName}" action or trigger`);
      promise = callService(mod[method], serviceScope(), cfg);
    } catch (e) { promise = Promise.reject(e); }
    promise.then(
      (data) => host.result(stringify(data)),
      (e) => host.serviceFailed(stringifyJSON({ status: 'error', data: { message: reasonOf(e) } })));
  }

  // sailor's flow hooks: startup(cfg) when the flow starts, its result kept; shutdown(cfg, startupData) when it
  // stops. A module without the hook has nothing to do: its result is {}.
  function hook(mod, name, cfg, data) {
    if (typeof mod[name] !== 'function') { host.result('{}'); return; }
    let promise;
    try {
      const scope = serviceScope();
      promise = Promise.resolve(name === 'shutdown' ? mod[name].call(scope, cfg, data) : mod[name].call(scope, cfg));
    } catch (e) { promise = Promise.reject(e); }
    promise.then(
      (result) => host.result(result === undefined || result === null ? '{}' : stringify(result)),
      (e) => host.serviceFailed(stringifyJSON({ status: 'error', data: { message: reasonOf(e) } })));
  }

  return { start, init, verify, model, hook, acceptedSnapshot, runBatch, abandonCurrent, takeBatch };
})

// The `stream` builtin: Debian's readable-stream 3 under Node's legacy `Stream` function, brought to Node 20's
// surface: the state getters, the operators (`map`, `filter`, `toArray`…), `compose`, `duplexPair`,
// `addAbortSignal`, `pipeline` with async generator stages and signals, and the bridges to and from web streams.
(function (internals) {
  'use strict';
  const typeError = (code, message) => { const e = new TypeError(message); e.code = code; return e; };
  const abortError = (reason) => {
    const e = new Error('The operation was aborted');
    e.name = 'AbortError';
    e.code = 'ABORT_ERR';
    if (reason !== undefined) e.cause = reason;
    return e;
  };
  const Buffer = () => internals.Module._load('buffer', null).Buffer;

  function build() {
    const EventEmitter = internals.EventEmitter;
    // Node's legacy Stream: what Readable and Writable inherit from, and what require('stream') returns.
    function Stream(options) { EventEmitter.call(this, options); }
    Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
    Object.setPrototypeOf(Stream, EventEmitter);
    Stream.prototype.pipe = function pipe(dest, options) {
      const source = this;
      source.on('data', (chunk) => { if (dest.writable && dest.write(chunk) === false && source.pause) source.pause(); });
      dest.on('drain', () => { if (source.readable && source.resume) source.resume(); });
      if (!options || options.end !== false) source.on('end', () => dest.end());
      dest.emit('pipe', source);
      return dest;
    };
    // Only the events that still have listeners, as Node's legacy Stream reports them.
    Stream.prototype.eventNames = function eventNames() {
      const events = this._events || {};
      return Reflect.ownKeys(events).filter((key) => typeof events[key] === 'function' || (Array.isArray(events[key]) && events[key].length > 0));
    };
    internals.partialBuiltin('stream', Stream);
    const lib = internals.requireLibrary('readable-stream', 'node-readable-stream', 'stream');
    const { Readable, Writable, Duplex, Transform, PassThrough } = lib;

    // Node's Readable.from emits a string or a Buffer as one chunk; readable-stream 3 would iterate it.
    const from = Readable.from;
    Readable.from = function (iterable, options) {
      const whole = typeof iterable === 'string' || iterable instanceof Uint8Array;
      return from.call(this, whole ? [iterable] : iterable, options);
    };
    Readable.wrap = function wrap(source, options) { return new Readable({ objectMode: source.readableObjectMode ?? source.objectMode ?? true, ...options }).wrap(source); };
    Readable.prototype.off = Readable.prototype.removeListener;
    Duplex.prototype.destroy = Duplex.prototype.destroy;

    // readable-stream 3 does not keep the error a stream was destroyed with; Node's `errored` reports it.
    const kErrored = Symbol('errored');
    for (const prototype of [Readable.prototype, Writable.prototype, Duplex.prototype]) {
      const destroy = prototype.destroy;
      prototype.destroy = function (error, callback) {
        if (error && this[kErrored] === undefined) this[kErrored] = error;
        return destroy.call(this, error, callback);
      };
    }
    const erroredOf = (stream) => (stream[kErrored] === undefined ? null : stream[kErrored]);
    // State getters Node 20 has and readable-stream 3 lacks.
    const getters = (prototype, stateKey, map) => {
      for (const [name, read] of Object.entries(map)) {
        if (Object.prototype.hasOwnProperty.call(prototype, name)) continue;
        Object.defineProperty(prototype, name, {
          configurable: true, enumerable: false,
          get() { const state = this[stateKey]; return state ? read(state, this) : undefined; },
        });
      }
    };
    const writableState = {
      writableFinished: (state) => state.finished, writableEnded: (state) => state.ending,
      writableNeedDrain: (state) => Boolean(state.needDrain), writableObjectMode: (state) => state.objectMode,
      writableCorked: (state) => state.corked, writableAborted: (state, stream) => Boolean(state.destroyed || erroredOf(stream)) && !state.finished,
      closed: (state) => Boolean(state.closeEmitted), errored: (state, stream) => erroredOf(stream),
    };
    const readableState = {
      readableEnded: (state) => state.endEmitted, readableObjectMode: (state) => state.objectMode,
      readableAborted: (state) => Boolean(state.destroyed) && !state.endEmitted,
      readableDidRead: (state) => Boolean(state.dataEmitted || state.endEmitted || state.readingMore),
      readableEncoding: (state) => state.encoding || null,
      closed: (state) => Boolean(state.closeEmitted), errored: (state, stream) => erroredOf(stream),
    };
    getters(Writable.prototype, '_writableState', writableState);
    getters(Duplex.prototype, '_writableState', writableState);
    getters(Readable.prototype, '_readableState', readableState);
    getters(Duplex.prototype, '_readableState', readableState);
    // `readable` and `writable` are Node's prototype accessors; readable-stream 3 assigns them on each stream.
    const flag = (prototype, name, compute) => {
      const own = Symbol(name);
      Object.defineProperty(prototype, name, { configurable: true, enumerable: false,
        get() { return this[own] === undefined ? compute(this) : this[own] && compute(this); },
        set(value) { this[own] = Boolean(value); } });
    };
    flag(Readable.prototype, 'readable', (s) => !s.destroyed && !(s._readableState && s._readableState.endEmitted));
    const writableOpen = (s) => !s.destroyed && !erroredOf(s) && !(s._writableState && s._writableState.ending);
    flag(Writable.prototype, 'writable', writableOpen);
    flag(Duplex.prototype, 'writable', writableOpen);

    let defaultHighWaterMark = 16 * 1024, defaultObjectHighWaterMark = 16;
    const helpers = {
      isDestroyed: (stream) => Boolean(stream && (stream.destroyed || (stream._readableState || stream._writableState || {}).destroyed)),
      isErrored: (stream) => Boolean(stream && (erroredOf(stream) || (stream._readableState || {}).errorEmitted || (stream._writableState || {}).errorEmitted)),
      isReadable: (stream) => Boolean(stream && typeof stream.read === 'function' && stream.readable && !helpers.isDestroyed(stream)),
      isWritable: (stream) => Boolean(stream && typeof stream.write === 'function' && stream.writable && !helpers.isDestroyed(stream)),
      isDisturbed: (stream) => Boolean(stream && stream._readableState && (stream._readableState.dataEmitted || stream._readableState.endEmitted || stream._readableState.flowing !== null)),
      getDefaultHighWaterMark: (objectMode) => (objectMode ? defaultObjectHighWaterMark : defaultHighWaterMark),
      setDefaultHighWaterMark(objectMode, value) {
        if (!Number.isInteger(value) || value < 0) throw typeError('ERR_INVALID_ARG_VALUE', `The argument 'value' is invalid. Received ${internals.inspect(value)}`);
        if (objectMode) defaultObjectHighWaterMark = value; else defaultHighWaterMark = value;
      },
      destroy(stream, error) { if (stream && typeof stream.destroy === 'function') stream.destroy(error); },
      addAbortSignal(signal, stream) {
        if (!signal || typeof signal.addEventListener !== 'function') throw typeError('ERR_INVALID_ARG_TYPE', 'The "signal" argument must be an instance of AbortSignal.');
        const abort = () => stream.destroy(abortError(signal.reason));
        if (signal.aborted) abort(); else signal.addEventListener('abort', abort, { once: true });
        return stream;
      },
    };

    // Operators: each reads the stream as an async iterable; those that make a stream return an object-mode Readable.
    const optionsOf = (options) => {
      if (options !== undefined && (options === null || typeof options !== 'object')) throw typeError('ERR_INVALID_ARG_TYPE', `The "options" argument must be of type object. ${internals.received(options)}`);
      const concurrency = options && options.concurrency !== undefined ? options.concurrency : 1;
      return { concurrency, signal: options && options.signal };
    };
    const needFunction = (fn) => {
      if (typeof fn !== 'function') throw typeError('ERR_INVALID_ARG_TYPE', `The "fn" argument must be of type function. ${internals.received(fn)}`);
    };
    const checkSignal = (signal) => { if (signal && signal.aborted) throw abortError(signal.reason); };
    // Calls fn on each value with up to `concurrency` calls at once, yielding results in order.
    async function* mapped(source, fn, options) {
      const { concurrency, signal } = optionsOf(options);
      const pending = [];
      for await (const value of source) {
        checkSignal(signal);
        const result = Promise.resolve().then(() => fn(value, { signal }));
        result.catch(() => {});
        pending.push(result);
        if (pending.length >= concurrency) yield await pending.shift();
      }
      while (pending.length) yield await pending.shift();
    }
    const skip = Symbol('skip');
    const operators = {
      map(fn, options) { needFunction(fn); return Readable.from(mapped(this, fn, options), { objectMode: true }); },
      filter(fn, options) {
        needFunction(fn);
        const source = mapped(this, async (value, o) => ((await fn(value, o)) ? value : skip), options);
        return Readable.from((async function* () { for await (const v of source) if (v !== skip) yield v; })(), { objectMode: true });
      },
      flatMap(fn, options) {
        needFunction(fn);
        const source = mapped(this, fn, options);
        return Readable.from((async function* () { for await (const v of source) yield* v; })(), { objectMode: true });
      },
      drop(count, options) {
        const stream = this;
        return Readable.from((async function* () {
          let left = count;
          for await (const v of stream) { checkSignal(options && options.signal); if (left > 0) { left--; continue; } yield v; }
        })(), { objectMode: true });
      },
      take(count, options) {
        const stream = this;
        return Readable.from((async function* () {
          if (count <= 0) return;
          let left = count;
          for await (const v of stream) { checkSignal(options && options.signal); yield v; if (--left <= 0) return; }
        })(), { objectMode: true });
      },
      asIndexedPairs(options) {
        const stream = this;
        return Readable.from((async function* () {
          let index = 0;
          for await (const v of stream) { checkSignal(options && options.signal); yield [index++, v]; }
        })(), { objectMode: true });
      },
      async toArray(options) {
        const out = [];
        for await (const v of this) { checkSignal(options && options.signal); out.push(v); }
        return out;
      },
      async forEach(fn, options) {
        needFunction(fn);
        for await (const _ of mapped(this, fn, options)) { /* run for the side effects */ }
      },
      async some(fn, options) {
        needFunction(fn);
        for await (const hit of mapped(this, fn, options)) if (hit) { this.destroy(); return true; }
        return false;
      },
      async every(fn, options) {
        needFunction(fn);
        for await (const hit of mapped(this, fn, options)) if (!hit) { this.destroy(); return false; }
        return true;
      },
      async find(fn, options) {
        needFunction(fn);
        for await (const [hit, value] of mapped(this, async (v, o) => [await fn(v, o), v], options)) if (hit) { this.destroy(); return value; }
        return undefined;
      },
      async reduce(reducer, ...rest) {
        needFunction(reducer);
        const options = rest[1];
        let hasInitial = rest.length > 0, accumulator = rest[0];
        for await (const value of this) {
          checkSignal(options && options.signal);
          if (!hasInitial) { accumulator = value; hasInitial = true; continue; }
          accumulator = await reducer(accumulator, value, { signal: options && options.signal });
        }
        if (!hasInitial) throw typeError('ERR_MISSING_ARGS', 'Reduce of an empty stream requires an initial value');
        return accumulator;
      },
      iterator(options) { return readableIterator(this, options); },
      compose(stream, options) { return compose(this, stream, options); },
    };
    // Node 20's iterator: it ends with the readable side (a Duplex's writable side may stay open) and destroys the
    // stream when the loop stops early, unless told not to.
    async function* readableIterator(stream, options) {
      let wake = () => {};
      const next = (resolve) => { wake = resolve; };
      const onReadable = () => { wake(); wake = () => {}; };
      stream.on('readable', onReadable);
      let error;
      const cleanup = finished(stream, { writable: false }, (err) => { error = err || null; wake(); wake = () => {}; });
      try {
        while (true) {
          const chunk = stream.destroyed ? null : stream.read();
          if (chunk !== null) yield chunk;
          else if (error) throw error;
          else if (error === null) return;
          else await new Promise(next);
        }
      } catch (err) {
        error = err;
        throw err;
      } finally {
        if ((error || !options || options.destroyOnReturn !== false) && (error === undefined || stream._readableState.autoDestroy)) {
          stream.destroy();
        } else {
          stream.removeListener('readable', onReadable);
          cleanup();
        }
      }
    }
    Object.defineProperty(Readable.prototype, Symbol.asyncIterator, { writable: true, configurable: true, value() { return readableIterator(this); } });
    for (const [name, fn] of Object.entries(operators)) {
      Object.defineProperty(Readable.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
    }

    // A Duplex for an async generator function: what is written is its source, what it yields is read.
    function fromFunction(fn, signal) {
      const queue = [];
      let waiting = null, ended = false;
      const wake = () => { if (waiting) { const w = waiting; waiting = null; w(); } };
      const source = (async function* () {
        while (true) {
          if (queue.length) { const [chunk, callback] = queue.shift(); callback(); yield chunk; continue; }
          if (ended) return;
          await new Promise((resolve) => { waiting = resolve; });
        }
      })();
      let resume = null, settled;
      const done = new Promise((resolve) => { settled = resolve; });
      const duplex = new Duplex({
        objectMode: true, autoDestroy: true,
        write(chunk, encoding, callback) { queue.push([chunk, callback]); wake(); },
        // The writable side finishes once the function has taken everything and returned (a sink's result).
        final(callback) { ended = true; wake(); done.then(callback); },
        read() { if (resume) { const r = resume; resume = null; r(); } },
      });
      const task = Promise.resolve().then(async () => {
        const output = fn(source, { signal });
        if (output && typeof output.then === 'function' && !output[Symbol.asyncIterator]) {
          duplex._result = await output;
          duplex.push(null);
          return;
        }
        for await (const value of output) {
          if (!duplex.push(value)) await new Promise((resolve) => { resume = resolve; });
        }
        duplex.push(null);
      });
      task.then(() => settled(), (error) => { settled(error); duplex.destroy(error); });
      return duplex;
    }
    const isStream = (value) => value && typeof value.on === 'function' && (typeof value.pipe === 'function' || typeof value.write === 'function');
    const isIterable = (value) => value && (typeof value[Symbol.asyncIterator] === 'function' || typeof value[Symbol.iterator] === 'function');
    function toStage(value, index, signal) {
      if (isStream(value)) return value;
      if (typeof value === 'function') return index === 0 ? Readable.from(value({ signal }), { objectMode: true }) : fromFunction(value, signal);
      if (index === 0 && isIterable(value)) return Readable.from(value, { objectMode: true });
      if (value && typeof value.getReader === 'function') return Readable.fromWeb(value, { objectMode: true });
      if (value && typeof value.getWriter === 'function') return Writable.fromWeb(value, { objectMode: true });
      throw typeError('ERR_INVALID_ARG_TYPE', `The "streams[${index}]" argument must be of type Readable, Writable, Duplex, Transform, or function. ${internals.received(value)}`);
    }

    function pipeline(...args) {
      const callback = args.pop();
      if (typeof callback !== 'function') throw typeError('ERR_INVALID_ARG_TYPE', `The "streams[stream.length - 1]" argument must be of type function. ${internals.received(callback)}`);
      let options = {};
      const last = args[args.length - 1];
      if (last && typeof last === 'object' && !isStream(last) && !isIterable(last) && typeof last.getReader !== 'function' && typeof last.getWriter !== 'function') options = args.pop();
      const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
      if (list.length < 2) { const e = new TypeError('The "streams" argument must be specified'); e.code = 'ERR_MISSING_ARGS'; throw e; }
      const stages = list.map((value, index) => toStage(value, index, options.signal));
      let done = false;
      const finish = (error, value) => { if (!done) { done = true; process.nextTick(() => callback(error, value)); } };
      if (options.signal) {
        const abort = () => { const e = abortError(options.signal.reason); for (const s of stages) s.destroy(e); finish(e); };
        if (options.signal.aborted) abort(); else options.signal.addEventListener('abort', abort, { once: true });
      }
      const tail = stages[stages.length - 1];
      lib.pipeline(...stages, (error) => finish(error || undefined, tail._result));
      return tail;
    }
    function compose(...streams) {
      if (streams.length === 0) { const e = new TypeError('The "streams" argument must be specified'); e.code = 'ERR_MISSING_ARGS'; throw e; }
      const stages = streams.map((value, index) => toStage(value, index));
      if (stages.length === 1) return stages[0];
      const head = stages[0], tail = stages[stages.length - 1];
      let resume = null;
      const composed = new Duplex({
        objectMode: true, autoDestroy: true,
        write(chunk, encoding, callback) { if (head.write(chunk)) callback(); else head.once('drain', callback); },
        final(callback) { head.end(); tail.once('end', () => callback()); if (tail.readableEnded) callback(); },
        read() { if (resume) { const r = resume; resume = null; r(); } },
        destroy(error, callback) { for (const s of stages) if (!s.destroyed) s.destroy(error); callback(error); },
      });
      tail.on('data', (chunk) => { if (!composed.push(chunk)) { tail.pause(); resume = () => tail.resume(); } });
      tail.on('end', () => composed.push(null));
      lib.pipeline(...stages, (error) => { if (error) composed.destroy(error); });
      return composed;
    }
    function duplexPair(options) {
      const make = () => new Duplex({ ...options, write(chunk, encoding, callback) { this._peer.push(chunk); callback(); }, final(callback) { this._peer.push(null); callback(); }, read() {} });
      const a = make(), b = make();
      a._peer = b; b._peer = a;
      return [a, b];
    }
    const finished = lib.finished;
    function finishedWithOptions(stream, options, callback) {
      if (typeof options === 'function') return finished(stream, options);
      const signal = options && options.signal;
      if (!signal) return finished(stream, options || {}, callback);
      let settled = false;
      const settle = (...args) => { if (!settled) { settled = true; signal.removeEventListener('abort', abort); callback.apply(stream, args); } };
      const abort = () => { cleanup(); settle(abortError(signal.reason)); };
      const cleanup = finished(stream, options, settle);
      if (signal.aborted) process.nextTick(abort); else signal.addEventListener('abort', abort, { once: true });
      return cleanup;
    }

    // Bridges to and from web streams (stream/web loads on first use of one).
    const web = () => internals.Module._load('stream/web', null);
    Readable.toWeb = function toWeb(readable, options = {}) {
      const { ReadableStream } = web();
      let paused = false;
      return new ReadableStream({
        start(controller) {
          readable.on('data', (chunk) => {
            controller.enqueue(typeof chunk === 'string' ? Buffer().from(chunk) : chunk);
            if (controller.desiredSize <= 0 && !paused) { paused = true; readable.pause(); }
          });
          readable.on('end', () => controller.close());
          readable.on('error', (error) => controller.error(error));
        },
        pull() { if (paused) { paused = false; readable.resume(); } },
        cancel(reason) { readable.destroy(reason); },
      }, options.strategy || { highWaterMark: readable.readableHighWaterMark || 1 });
    };
    Readable.fromWeb = function fromWeb(stream, options = {}) {
      const reader = stream.getReader();
      const readable = new Readable({
        objectMode: options.objectMode, highWaterMark: options.highWaterMark, encoding: options.encoding, signal: options.signal,
        read() {
          reader.read().then(({ value, done }) => { if (done) this.push(null); else this.push(value); }, (error) => this.destroy(error));
        },
        destroy(error, callback) { reader.cancel(error).then(() => callback(error), () => callback(error)); },
      });
      return readable;
    };
    Writable.toWeb = function toWeb(writable) {
      const { WritableStream } = web();
      return new WritableStream({
        write: (chunk) => new Promise((resolve, reject) => {
          const ok = writable.write(chunk, (error) => (error ? reject(error) : undefined));
          if (ok) resolve(); else writable.once('drain', resolve);
        }),
        close: () => new Promise((resolve, reject) => { writable.once('error', reject); writable.end(() => resolve()); }),
        abort: (reason) => { writable.destroy(reason); },
      });
    };
    Writable.fromWeb = function fromWeb(stream, options = {}) {
      const writer = stream.getWriter();
      return new Writable({
        objectMode: options.objectMode, highWaterMark: options.highWaterMark, decodeStrings: options.decodeStrings, signal: options.signal,
        write(chunk, encoding, callback) { writer.write(chunk).then(() => callback(), callback); },
        final(callback) { writer.close().then(() => callback(), callback); },
        destroy(error, callback) { if (error) writer.abort(error).then(() => callback(error), () => callback(error)); else callback(); },
      });
    };
    Duplex.toWeb = function toWeb(duplex) { return { readable: Readable.toWeb(duplex), writable: Writable.toWeb(duplex) }; };
    Duplex.fromWeb = function fromWeb(pair, options = {}) {
      const reader = pair.readable.getReader(), writer = pair.writable.getWriter();
      return new Duplex({
        objectMode: options.objectMode, encoding: options.encoding, decodeStrings: options.decodeStrings,
        read() { reader.read().then(({ value, done }) => { if (done) this.push(null); else this.push(value); }, (error) => this.destroy(error)); },
        write(chunk, encoding, callback) { writer.write(chunk).then(() => callback(), callback); },
        final(callback) { writer.close().then(() => callback(), callback); },
      });
    };
    Duplex.from = function from(body) {
      if (body instanceof Duplex) return body;
      if (isStream(body)) return body;
      if (typeof body === 'function') return fromFunction(body);
      if (body && typeof body.then === 'function') {
        return new Duplex({ objectMode: true, read() { body.then((value) => { if (value != null) this.push(value); this.push(null); }, (e) => this.destroy(e)); }, write(c, e, cb) { cb(); } });
      }
      if (typeof body === 'string' || body instanceof Uint8Array || isIterable(body)) return Readable.from(body);
      if (body && (body.readable || body.writable)) {
        const readable = body.readable && (typeof body.readable.getReader === 'function' ? Readable.fromWeb(body.readable) : body.readable);
        const writable = body.writable && (typeof body.writable.getWriter === 'function' ? Writable.fromWeb(body.writable) : body.writable);
        return compose(...[writable, readable].filter(Boolean));
      }
      throw typeError('ERR_INVALID_ARG_TYPE', `The "body" argument must be of type Blob, ReadableStream, WritableStream, Stream, Iterable, AsyncIterable, Function, {readable, writable} pair, or Promise. ${internals.received(body)}`);
    };

    finishedWithOptions.finished = (stream, options) => new Promise((resolve, reject) =>
      finishedWithOptions(stream, options, (error) => (error ? reject(error) : resolve())));
    Object.assign(Stream, helpers, {
      Stream, Readable, Writable, Duplex, Transform, PassThrough, pipeline, compose, duplexPair, finished: finishedWithOptions,
      _isUint8Array: (value) => value instanceof Uint8Array, _uint8ArrayToBuffer: (chunk) => Buffer().from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    });
    Stream.promises = {
      pipeline: (...args) => new Promise((resolve, reject) => pipeline(...args, (error, value) => (error ? reject(error) : resolve(value)))),
      finished: finishedWithOptions.finished,
    };
    return Stream;
  }

  internals.builtinFactories.set('stream', build);
  internals.builtinFactories.set('stream/promises', () => internals.Module._load('stream', null).promises);
  // stream/consumers: a whole stream (Node's, a web stream, any async iterable) as one value.
  internals.builtinFactories.set('stream/consumers', () => {
    const chunks = async (stream) => {
      const out = [];
      const decoder = new TextDecoder();
      for await (const chunk of stream) out.push(typeof chunk === 'string' ? Buffer().from(chunk) : chunk);
      return { out, decoder };
    };
    const consumers = {
      async arrayBuffer(stream) { const whole = await consumers.buffer(stream); return whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength); },
      async blob(stream) { const { out } = await chunks(stream); return new Blob(out); },
      async buffer(stream) { const { out } = await chunks(stream); return Buffer().concat(out.map((c) => (c instanceof Uint8Array ? c : Buffer().from(c)))); },
      async text(stream) { const { out, decoder } = await chunks(stream); return out.map((c) => decoder.decode(c, { stream: true })).join('') + decoder.decode(); },
      async json(stream) { return JSON.parse(await consumers.text(stream)); },
    };
    return consumers;
  });
})

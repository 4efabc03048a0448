// The `events` builtin: Node's EventEmitter (listeners in order, once, prepend, 'newListener'/'removeListener',
// an unhandled 'error' throws, max-listener warnings, `events.once` as a promise).
(function (internals) {
  'use strict';
  const kCapture = Symbol('kCapture');
  let defaultMaxListeners = 10;

  function checkListener(listener) {
    if (typeof listener !== 'function') {
      const e = new TypeError(`The "listener" argument must be of type function. ${internals.received(listener)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  }

  function EventEmitter(opts) { EventEmitter.init.call(this, opts); }
  EventEmitter.prototype._events = undefined;
  EventEmitter.prototype._eventsCount = 0;
  EventEmitter.prototype._maxListeners = undefined;
  EventEmitter.init = function (opts) {
    if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
      this._events = Object.create(null);
      this._eventsCount = 0;
    }
    this._maxListeners = this._maxListeners || undefined;
    if (opts && opts.captureRejections) this[kCapture] = true;
  };
  Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
    enumerable: true,
    get() { return defaultMaxListeners; },
    set(n) {
      if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) throw new RangeError(`The value of "defaultMaxListeners" is out of range. It must be a non-negative number. Received ${internals.inspect(n)}`);
      defaultMaxListeners = n;
    },
  });
  EventEmitter.errorMonitor = Symbol('events.errorMonitor');
  EventEmitter.captureRejectionSymbol = Symbol.for('nodejs.rejection');

  EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
    if (typeof n !== 'number' || n < 0 || Number.isNaN(n)) throw new RangeError(`The value of "n" is out of range. It must be a non-negative number. Received ${internals.inspect(n)}`);
    this._maxListeners = n;
    return this;
  };
  EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
    return this._maxListeners === undefined ? defaultMaxListeners : this._maxListeners;
  };

  EventEmitter.prototype.emit = function emit(type, ...args) {
    const events = this._events;
    if (type === 'error' && events !== undefined && events[EventEmitter.errorMonitor] !== undefined) {
      this.emit(EventEmitter.errorMonitor, ...args);
    }
    const handler = events === undefined ? undefined : events[type];
    if (handler === undefined) {
      if (type === 'error') {
        const er = args[0];
        if (er instanceof Error) throw er;
        const err = new Error(`Unhandled error. (${internals.inspect(er)})`);
        err.code = 'ERR_UNHANDLED_ERROR';
        err.context = er;
        throw err;
      }
      return false;
    }
    if (typeof handler === 'function') {
      handler.apply(this, args);
    } else {
      for (const listener of handler.slice()) listener.apply(this, args);
    }
    return true;
  };

  function addListener(target, type, listener, prepend) {
    checkListener(listener);
    let events = target._events;
    if (events === undefined) {
      events = target._events = Object.create(null);
      target._eventsCount = 0;
    } else if (events.newListener !== undefined) {
      target.emit('newListener', type, listener.listener ? listener.listener : listener);
      events = target._events;
    }
    const existing = events[type];
    if (existing === undefined) {
      events[type] = listener;
      target._eventsCount += 1;
    } else {
      const list = typeof existing === 'function' ? [existing] : existing;
      if (prepend) list.unshift(listener); else list.push(listener);
      events[type] = list;
      const max = target.getMaxListeners();
      if (max > 0 && list.length > max && !list.warned) {
        list.warned = true;
        const w = new Error(`Possible EventEmitter memory leak detected. ${list.length} ${String(type)} listeners added to ${internals.inspect(target, { depth: -1 })}. Use emitter.setMaxListeners() to increase limit`);
        w.name = 'MaxListenersExceededWarning';
        w.emitter = target; w.type = type; w.count = list.length;
        if (globalThis.process && process.emitWarning) process.emitWarning(w);
      }
    }
    return target;
  }
  EventEmitter.prototype.addListener = function (type, listener) { return addListener(this, type, listener, false); };
  EventEmitter.prototype.on = EventEmitter.prototype.addListener;
  EventEmitter.prototype.prependListener = function (type, listener) { return addListener(this, type, listener, true); };

  function onceWrapper(target, type, listener) {
    const state = { fired: false, target, type, listener };
    function wrapped(...args) {
      if (!state.fired) {
        state.target.removeListener(state.type, wrapped);
        state.fired = true;
        return state.listener.apply(state.target, args);
      }
      return undefined;
    }
    wrapped.listener = listener;
    return wrapped;
  }
  EventEmitter.prototype.once = function once(type, listener) {
    checkListener(listener);
    return this.on(type, onceWrapper(this, type, listener));
  };
  EventEmitter.prototype.prependOnceListener = function (type, listener) {
    checkListener(listener);
    return this.prependListener(type, onceWrapper(this, type, listener));
  };

  EventEmitter.prototype.removeListener = function removeListener(type, listener) {
    checkListener(listener);
    const events = this._events;
    if (events === undefined) return this;
    const list = events[type];
    if (list === undefined) return this;
    if (list === listener || list.listener === listener) {
      this._eventsCount -= 1;
      if (this._eventsCount === 0) this._events = Object.create(null);
      else delete events[type];
      if (events.removeListener) this.emit('removeListener', type, list.listener || listener);
    } else if (typeof list !== 'function') {
      let position = -1;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) { position = i; break; }
      }
      if (position < 0) return this;
      const removed = list[position];
      list.splice(position, 1);
      if (list.length === 1) events[type] = list[0];
      if (events.removeListener !== undefined) this.emit('removeListener', type, removed.listener || listener);
    }
    return this;
  };
  EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

  EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
    const events = this._events;
    if (events === undefined) return this;
    if (events.removeListener === undefined) {
      if (arguments.length === 0) { this._events = Object.create(null); this._eventsCount = 0; }
      else if (events[type] !== undefined) {
        if (--this._eventsCount === 0) this._events = Object.create(null); else delete events[type];
      }
      return this;
    }
    if (arguments.length === 0) {
      for (const key of Reflect.ownKeys(events)) { if (key !== 'removeListener') this.removeAllListeners(key); }
      this.removeAllListeners('removeListener');
      this._events = Object.create(null);
      this._eventsCount = 0;
      return this;
    }
    const listeners = events[type];
    if (typeof listeners === 'function') this.removeListener(type, listeners);
    else if (listeners !== undefined) for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
    return this;
  };

  function listenersOf(target, type, unwrap) {
    const events = target._events;
    if (events === undefined || events[type] === undefined) return [];
    const list = events[type];
    if (typeof list === 'function') return unwrap ? [list.listener || list] : [list];
    return unwrap ? list.map((l) => l.listener || l) : list.slice();
  }
  EventEmitter.prototype.listeners = function (type) { return listenersOf(this, type, true); };
  EventEmitter.prototype.rawListeners = function (type) { return listenersOf(this, type, false); };
  EventEmitter.prototype.listenerCount = function (type) {
    const events = this._events;
    if (events === undefined || events[type] === undefined) return 0;
    return typeof events[type] === 'function' ? 1 : events[type].length;
  };
  EventEmitter.listenerCount = (emitter, type) => emitter.listenerCount(type);
  EventEmitter.prototype.eventNames = function () { return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : []; };

  const abortErrorOf = (signal) => {
    const e = new Error('The operation was aborted');
    e.name = 'AbortError'; e.code = 'ABORT_ERR'; e.cause = signal.reason;
    return e;
  };
  const isEventTarget = (target) => typeof target.addEventListener === 'function' && typeof target.on !== 'function';
  EventEmitter.once = function once(emitter, name, options = {}) {
    const signal = options && options.signal;
    if (signal && signal.aborted) return Promise.reject(abortErrorOf(signal));
    return new Promise((resolve, reject) => {
      let cleanup = () => {};
      if (isEventTarget(emitter)) {
        const listener = (...args) => { cleanup(); resolve(args); };
        emitter.addEventListener(name, listener, { once: true });
        cleanup = () => emitter.removeEventListener(name, listener);
      } else {
        const errorListener = (err) => { emitter.removeListener(name, resolver); cleanup(); reject(err); };
        const resolver = (...args) => { if (name !== 'error') emitter.removeListener('error', errorListener); cleanup(); resolve(args); };
        emitter.once(name, resolver);
        if (name !== 'error') emitter.once('error', errorListener);
        cleanup = () => { emitter.removeListener(name, resolver); emitter.removeListener('error', errorListener); };
      }
      if (signal) {
        const abort = () => { cleanup(); reject(abortErrorOf(signal)); };
        signal.addEventListener('abort', abort, { once: true });
        const done = cleanup;
        cleanup = () => { done(); signal.removeEventListener('abort', abort); };
      }
    });
  };
  // Events as an async iterator of their argument lists; 'error' ends it by rejecting, `close` names events that end
  // it, `signal` aborts it.
  EventEmitter.on = function on(emitter, event, options = {}) {
    const signal = options.signal;
    if (signal && signal.aborted) throw abortErrorOf(signal);
    const queue = [], waiting = [];
    let error = null, finished = false;
    const settle = () => {
      while (waiting.length && (queue.length || error || finished)) {
        const { resolve, reject } = waiting.shift();
        if (queue.length) resolve({ value: queue.shift(), done: false });
        else if (error) { reject(error); error = null; finished = true; }
        else resolve({ value: undefined, done: true });
      }
    };
    const onEvent = (...args) => { queue.push(args); settle(); };
    const onError = (err) => { error = err; remove(); settle(); };
    const onClose = () => { finished = true; remove(); settle(); };
    const onAbort = () => { error = abortErrorOf(signal); remove(); settle(); };
    const closeEvents = options.close || [];
    const remove = () => {
      if (isEventTarget(emitter)) emitter.removeEventListener(event, onEvent);
      else {
        emitter.removeListener(event, onEvent);
        if (event !== 'error') emitter.removeListener('error', onError);
        for (const name of closeEvents) emitter.removeListener(name, onClose);
      }
      if (signal) signal.removeEventListener('abort', onAbort);
    };
    if (isEventTarget(emitter)) emitter.addEventListener(event, onEvent);
    else {
      emitter.on(event, onEvent);
      if (event !== 'error') emitter.on('error', onError);
      for (const name of closeEvents) emitter.on(name, onClose);
    }
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    return {
      next: () => new Promise((resolve, reject) => { waiting.push({ resolve, reject }); settle(); }),
      return: () => { finished = true; remove(); settle(); return Promise.resolve({ value: undefined, done: true }); },
      throw: (err) => { error = err; remove(); settle(); return Promise.reject(err); },
      [Symbol.asyncIterator]() { return this; },
    };
  };
  EventEmitter.getEventListeners = (emitter, name) => {
    if (isEventTarget(emitter)) return internals.eventTargetListeners ? internals.eventTargetListeners(emitter, name) : [];
    return emitter.listeners(name);
  };
  EventEmitter.getMaxListeners = (emitter) => (typeof emitter.getMaxListeners === 'function' ? emitter.getMaxListeners() : defaultMaxListeners);
  // Calls `listener` once when `signal` aborts, even if others stopped the event; the result stops it early.
  EventEmitter.addAbortListener = function addAbortListener(signal, listener) {
    if (signal === undefined || signal === null || typeof signal.addEventListener !== 'function') {
      const e = new TypeError(`The "signal" argument must be an instance of AbortSignal. ${internals.received(signal)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    if (typeof listener !== 'function') {
      const e = new TypeError(`The "listener" argument must be of type function. ${internals.received(listener)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    let removed = false;
    const run = () => { if (!removed) listener(); };
    if (signal.aborted) queueMicrotask(run); else signal.addEventListener('abort', run, { once: true });
    const dispose = () => { removed = true; signal.removeEventListener('abort', run); };
    return Symbol.dispose ? { [Symbol.dispose]: dispose } : { dispose };
  };
  EventEmitter.captureRejections = false;
  EventEmitter.kMaxEventTargetListeners = Symbol('events.maxEventTargetListeners');
  EventEmitter.kMaxEventTargetListenersWarned = Symbol('events.maxEventTargetListenersWarned');
  // An emitter whose listeners run in the async scope it was made in (async_hooks' AsyncResource).
  let AsyncEmitter = null;
  Object.defineProperty(EventEmitter, 'EventEmitterAsyncResource', { enumerable: true, configurable: true, get() {
    if (AsyncEmitter) return AsyncEmitter;
    const { AsyncResource } = internals.Module._load('async_hooks', null);
    const kResource = Symbol('kAsyncResource');
    AsyncEmitter = class EventEmitterAsyncResource extends EventEmitter {
      constructor(options = {}) {
        super(options);
        this[kResource] = new AsyncResource(options.name || new.target.name, options);
      }
      emit(...args) { return this[kResource].runInAsyncScope(EventEmitter.prototype.emit, this, ...args); }
      emitDestroy() { this[kResource].emitDestroy(); }
      get asyncId() { return this[kResource].asyncId(); }
      get triggerAsyncId() { return this[kResource].triggerAsyncId(); }
      get asyncResource() { return this[kResource]; }
    };
    return AsyncEmitter;
  } });
  EventEmitter.setMaxListeners = (n = defaultMaxListeners, ...targets) => {
    if (targets.length === 0) defaultMaxListeners = n; else for (const t of targets) t.setMaxListeners(n);
  };
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.usingDomains = false;

  internals.builtinFactories.set('events', () => EventEmitter);
  internals.EventEmitter = EventEmitter;
})

// The `events` builtin: Node's EventEmitter (listeners in order, once, prepend, 'newListener'/'removeListener',
// an unhandled 'error' throws, max-listener warnings, `events.once` as a promise).
(function (internals) {
  'use strict';
  const kCapture = Symbol('kCapture');
  let defaultMaxListeners = 10;

  function checkListener(listener) {
    if (typeof listener !== 'function') {
      const e = new TypeError(`The "listener" argument must be of type function. Received ${internals.inspect(listener)}`);
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

  EventEmitter.once = function once(emitter, name) {
    return new Promise((resolve, reject) => {
      const errorListener = (err) => { emitter.removeListener(name, resolver); reject(err); };
      const resolver = (...args) => { if (name !== 'error') emitter.removeListener('error', errorListener); resolve(args); };
      emitter.once(name, resolver);
      if (name !== 'error') emitter.once('error', errorListener);
    });
  };
  EventEmitter.getEventListeners = (emitter, name) => emitter.listeners(name);
  EventEmitter.setMaxListeners = (n = defaultMaxListeners, ...targets) => {
    if (targets.length === 0) defaultMaxListeners = n; else for (const t of targets) t.setMaxListeners(n);
  };
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.usingDomains = false;

  internals.builtinFactories.set('events', () => EventEmitter);
  internals.EventEmitter = EventEmitter;
})

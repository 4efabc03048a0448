// Timers, immediates, `queueMicrotask` and `process.nextTick` queues. Swift's EventLoop owns the clock
// and calls back `fire(id)`, `runImmediate()` and friends; callbacks stay in JS maps so Swift protects nothing.
(function (host, internals) {
  'use strict';
  const maxDelay = 2147483647;
  const timers = new Map();
  let nextId = 1;

  class Timeout {
    constructor(id, callback, delay, args, repeat) {
      this._id = id; this._onTimeout = callback; this._idleTimeout = delay;
      this._args = args; this._repeat = repeat; this._ref = true;
    }
    ref() { this._ref = true; if (timers.has(this._id)) host.timerRef(this._id, true); return this; }
    unref() { this._ref = false; if (timers.has(this._id)) host.timerRef(this._id, false); return this; }
    hasRef() { return this._ref; }
    // As in Node, refreshing a timer that has fired arms it again; a cleared one stays cleared.
    refresh() {
      if (this._cleared) return this;
      timers.set(this._id, this);
      host.timerStart(this._id, this._idleTimeout, this._ref);
      return this;
    }
    close() { clearTimer(this); return this; }
    [Symbol.toPrimitive]() { return this._id; }
  }

  function normalizeDelay(delay) {
    delay = Number(delay);
    if (!(delay >= 1 && delay <= maxDelay)) delay = 1;
    return delay;
  }

  function checkCallback(callback) {
    if (typeof callback !== 'function') {
      const e = new TypeError(`The "callback" argument must be of type function. ${internals.received(callback)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  }

  // The AsyncLocalStorage stores current when a callback is scheduled (async_hooks, once loaded), or null when
  // there are none: then the callback runs as it is.
  const contextNow = () => {
    const context = internals.asyncContext;
    if (context === undefined) return null;
    const frame = context.capture();
    return frame.size > 0 ? frame : null;
  };
  const frames = new WeakMap();   // timer or immediate → the stores it was scheduled under
  const remember = (owner) => { const frame = contextNow(); if (frame !== null) frames.set(owner, frame); };
  const frameOf = (owner) => frames.get(owner) || null;
  // A callback scheduled outside any store runs outside any store, whatever an earlier await left current.
  const call = (frame, fn, thisArg, args) => (internals.asyncContext === undefined ? fn.apply(thisArg, args)
    : internals.asyncContext.runIn(frame === null ? internals.asyncContext.empty : frame, fn, thisArg, args));

  function startTimer(callback, delay, args, repeat) {
    checkCallback(callback);
    const id = nextId++;
    const timeout = new Timeout(id, callback, normalizeDelay(delay), args, repeat);
    remember(timeout);
    timers.set(id, timeout);
    host.timerStart(id, timeout._idleTimeout, true);
    return timeout;
  }

  function clearTimer(timer) {
    if (timer === null || timer === undefined) return;
    const id = typeof timer === 'object' ? timer._id : Number(timer);
    const timeout = timers.get(id);
    if (timeout) timeout._cleared = true;
    else if (typeof timer === 'object' && timer instanceof Timeout) timer._cleared = true;
    if (timers.delete(id)) host.timerClear(id);
  }

  internals.fireTimer = function fireTimer(id) {
    const timeout = timers.get(id);
    if (!timeout) return;
    if (timeout._repeat) host.timerStart(id, timeout._idleTimeout, timeout._ref);
    else timers.delete(id);
    try { call(frameOf(timeout), timeout._onTimeout, timeout, timeout._args); } catch (e) { internals.reportUncaught(e); }
    drainTicks();
  };

  const immediates = [];
  class Immediate {
    constructor(callback, args) { this._onImmediate = callback; this._args = args; this._ref = true; this._cleared = false; remember(this); }
    ref() { this._ref = true; return this; }
    unref() { this._ref = false; return this; }
    hasRef() { return this._ref; }
  }
  internals.immediateCount = () => immediates.length;
  internals.hasRefedImmediates = () => immediates.some((i) => i._ref);
  internals.runImmediate = function runImmediate() {
    const immediate = immediates.shift();
    if (!immediate || immediate._cleared) return;
    try { call(frameOf(immediate), immediate._onImmediate, immediate, immediate._args); } catch (e) { internals.reportUncaught(e); }
    drainTicks();
  };

  // Node runs the nextTick queue before promise jobs. Every macrotask (timer, immediate, a call from the host)
  // ends with drainTicks(), before JavaScriptCore drains its microtasks; ticks queued by promise jobs are drained
  // by the host once the microtask queue is empty (host.ticksPending), as Node's processTicksAndRejections does.
  const ticks = [];
  let tickScheduled = false;
  function drainTicks() {
    tickScheduled = false;
    while (ticks.length) {
      const [fn, args, frame] = ticks.shift();
      try { call(frame, fn, undefined, args); } catch (e) { internals.reportUncaught(e); }
    }
  }
  internals.drainTicks = drainTicks;
  internals.nextTick = function nextTick(callback, ...args) {
    checkCallback(callback);
    ticks.push([callback, args, contextNow()]);
    if (!tickScheduled) { tickScheduled = true; host.ticksPending(); }
  };

  // Work done off the JS thread (sockets, DNS lookups) reports back by id to the handler its owner registered.
  const ioTargets = new Map();
  let nextIoId = 1;
  internals.ioRegister = (handler) => { const id = nextIoId++; ioTargets.set(id, handler); return id; };
  internals.ioRetarget = (id, handler) => { ioTargets.set(id, handler); };
  internals.ioForget = (id) => { ioTargets.delete(id); };
  internals.ioEvent = function ioEvent(id, kind, text, bytes, number) {
    const handler = ioTargets.get(id);
    if (!handler) return;
    try { handler(kind, text, bytes, number); } catch (e) { internals.reportUncaught(e); }
    drainTicks();
  };

  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: true });
  define('setTimeout', function setTimeout(callback, delay, ...args) { return startTimer(callback, delay, args, false); });
  define('setInterval', function setInterval(callback, delay, ...args) { return startTimer(callback, delay, args, true); });
  define('clearTimeout', function clearTimeout(timer) { clearTimer(timer); });
  define('clearInterval', function clearInterval(timer) { clearTimer(timer); });
  define('setImmediate', function setImmediate(callback, ...args) {
    checkCallback(callback);
    const immediate = new Immediate(callback, args);
    immediates.push(immediate);
    return immediate;
  });
  define('clearImmediate', function clearImmediate(immediate) {
    if (immediate instanceof Immediate) {
      immediate._cleared = true;
      const idx = immediates.indexOf(immediate);
      if (idx >= 0) immediates.splice(idx, 1);
    }
  });
  define('queueMicrotask', function queueMicrotask(callback) {
    checkCallback(callback);
    const frame = contextNow();
    Promise.resolve().then(() => { try { call(frame, callback, undefined, []); } catch (e) { internals.reportUncaught(e); } });
  });
  // The deprecated timer-on-any-object API: enroll sets the delay, active (re)starts it, unenroll stops it.
  const enrolled = new WeakMap();
  internals.timersModule = {
    setTimeout: globalThis.setTimeout, setInterval: globalThis.setInterval, setImmediate: globalThis.setImmediate,
    clearTimeout: globalThis.clearTimeout, clearInterval: globalThis.clearInterval, clearImmediate: globalThis.clearImmediate,
    enroll(item, msecs) { internals.timersModule.unenroll(item); item._idleTimeout = msecs; },
    unenroll(item) { const timer = enrolled.get(item); if (timer) { clearTimer(timer); enrolled.delete(item); } item._idleTimeout = -1; },
    active(item) {
      const timer = enrolled.get(item);
      if (timer) clearTimer(timer);
      if (!(item._idleTimeout >= 0)) return;
      enrolled.set(item, startTimer(() => { enrolled.delete(item); if (typeof item._onTimeout === 'function') item._onTimeout(); }, item._idleTimeout, [], false));
    },
  };
  Object.defineProperty(internals.timersModule, 'promises', { enumerable: true, configurable: true, get: () => internals.Module._load('timers/promises', null) });
})

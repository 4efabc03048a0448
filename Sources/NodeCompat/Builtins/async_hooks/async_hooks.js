// `async_hooks`: AsyncLocalStorage and AsyncResource. A store set with `run` or `enterWith` is seen by the code that
// runs synchronously under it, by the callbacks it schedules with timers, `setImmediate`, `process.nextTick`,
// `queueMicrotask` and `AsyncResource.bind`, by promise callbacks (`then`, `catch`, `finally` bind the stores current
// when they are attached), and after each `await`. JavaScriptCore gives no hook into its promise jobs, so the loader
// rewrites every `await` of the files loaded from the time async_hooks is (and of the file that loads it) to save
// the stores before it and restore them after it (esm-transform.js). `createHook` hooks are accepted and never
// called, as no async resources are tracked.
(function (internals) {
  'use strict';
  // The current frame: the stores of every AsyncLocalStorage, as a Map from instance to store.
  const empty = new Map();
  let current = empty;
  let nextId = 2;
  let executionId = 1, triggerId = 0;
  internals.asyncContext = {
    empty,
    capture: () => current,
    // After an await: the function resumes with the stores it had (see the loader's rewrite).
    restore(frame) { current = frame; },
    // Runs fn with the frame that was current when the callback was scheduled.
    runIn(frame, fn, thisArg, args) {
      const previous = current;
      current = frame;
      try { return fn.apply(thisArg, args); } finally { current = previous; }
    },
  };

  // Promise callbacks run with the stores current when they were attached; await's own reactions do not come here
  // (the rewrite above takes care of them).
  const nativeThen = Promise.prototype.then;
  const bound = (frame, callback) => (typeof callback !== 'function' ? callback
    : function (value) { return internals.asyncContext.runIn(frame, callback, this, [value]); });
  Object.defineProperty(Promise.prototype, 'then', {
    value: { then(onFulfilled, onRejected) {
      const frame = current;
      if (frame.size === 0) return nativeThen.call(this, onFulfilled, onRejected);
      return nativeThen.call(this, bound(frame, onFulfilled), bound(frame, onRejected));
    } }.then,
    writable: true, enumerable: false, configurable: true,
  });

  class AsyncLocalStorage {
    constructor() { this._enabled = false; }
    static bind(fn) { return AsyncResource.bind(fn); }
    static snapshot() {
      const frame = current;
      return (fn, ...args) => internals.asyncContext.runIn(frame, fn, undefined, args);
    }
    disable() { this._enabled = false; if (current.has(this)) { current = new Map(current); current.delete(this); } }
    getStore() { return current.get(this); }
    enterWith(store) {
      this._enabled = true;
      current = new Map(current);
      current.set(this, store);
    }
    run(store, callback, ...args) {
      this._enabled = true;
      const frame = new Map(current);
      frame.set(this, store);
      return internals.asyncContext.runIn(frame, callback, undefined, args);
    }
    exit(callback, ...args) {
      const frame = new Map(current);
      frame.delete(this);
      return internals.asyncContext.runIn(frame, callback, undefined, args);
    }
  }

  class AsyncResource {
    constructor(type, options = {}) {
      if (typeof type !== 'string') {
        const e = new TypeError(`The "type" argument must be of type string. ${internals.received(type)}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      this._frame = current;
      this._asyncId = nextId++;
      this._triggerAsyncId = typeof options === 'number' ? options : options.triggerAsyncId === undefined ? executionId : options.triggerAsyncId;
    }
    static bind(fn, type, thisArg) { return new AsyncResource(type || fn.name || 'bound-anonymous-fn').bind(fn, thisArg); }
    runInAsyncScope(fn, thisArg, ...args) {
      const previous = [executionId, triggerId];
      executionId = this._asyncId;
      triggerId = this._triggerAsyncId;
      try { return internals.asyncContext.runIn(this._frame, fn, thisArg, args); } finally { [executionId, triggerId] = previous; }
    }
    bind(fn, thisArg) {
      const resource = this;
      const bound = function (...args) { return resource.runInAsyncScope(fn, thisArg === undefined ? this : thisArg, ...args); };
      Object.defineProperty(bound, 'length', { value: fn.length });
      Object.defineProperty(bound, 'asyncResource', { value: this, enumerable: true, configurable: true, writable: true });
      return bound;
    }
    emitDestroy() { return this; }
    asyncId() { return this._asyncId; }
    triggerAsyncId() { return this._triggerAsyncId; }
  }

  const asyncHooks = {
    AsyncLocalStorage,
    AsyncResource,
    createHook(callbacks) {
      if (callbacks === null || typeof callbacks !== 'object') {
        const e = new TypeError(`The "callbacks" argument must be of type object. ${internals.received(callbacks)}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      const hook = { enable() { return hook; }, disable() { return hook; } };
      return hook;
    },
    executionAsyncId: () => executionId,
    triggerAsyncId: () => triggerId,
    executionAsyncResource: () => ({}),
    asyncWrapProviders: Object.freeze(Object.assign(Object.create(null), { NONE: 0, TIMERWRAP: 1, TCPWRAP: 2, FSREQCALLBACK: 3, PROMISE: 4 })),
  };
  internals.builtinFactories.set('async_hooks', () => asyncHooks);
  internals.AsyncResource = AsyncResource;
})

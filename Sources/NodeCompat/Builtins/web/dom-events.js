// The DOM's event classes as Node 20 has them: `DOMException`, `Event`, `CustomEvent`, `EventTarget`,
// `AbortSignal` (with `any` and `timeout`) and `AbortController`. State is kept apart from the objects, as Node
// keeps it in private fields, and the members are accessors on the prototypes.
(function (host, internals) {
  'use strict';
  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  const typeError = (message, code) => { const e = new TypeError(message); e.code = code; return e; };
  const accessors = (prototype, names, read) => {
    for (const name of names) Object.defineProperty(prototype, name, { configurable: true, enumerable: true, get() { return read(this)[name]; } });
  };
  const inspect = Symbol.for('nodejs.util.inspect.custom');

  const codes = { IndexSizeError: 1, DOMStringSizeError: 2, HierarchyRequestError: 3, WrongDocumentError: 4,
    InvalidCharacterError: 5, NoDataAllowedError: 6, NoModificationAllowedError: 7, NotFoundError: 8,
    NotSupportedError: 9, InUseAttributeError: 10, InvalidStateError: 11, SyntaxError: 12,
    InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15, ValidationError: 16,
    TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
    QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25 };
  const constantNames = ['INDEX_SIZE_ERR', 'DOMSTRING_SIZE_ERR', 'HIERARCHY_REQUEST_ERR', 'WRONG_DOCUMENT_ERR',
    'INVALID_CHARACTER_ERR', 'NO_DATA_ALLOWED_ERR', 'NO_MODIFICATION_ALLOWED_ERR', 'NOT_FOUND_ERR', 'NOT_SUPPORTED_ERR',
    'INUSE_ATTRIBUTE_ERR', 'INVALID_STATE_ERR', 'SYNTAX_ERR', 'INVALID_MODIFICATION_ERR', 'NAMESPACE_ERR',
    'INVALID_ACCESS_ERR', 'VALIDATION_ERR', 'TYPE_MISMATCH_ERR', 'SECURITY_ERR', 'NETWORK_ERR', 'ABORT_ERR',
    'URL_MISMATCH_ERR', 'QUOTA_EXCEEDED_ERR', 'TIMEOUT_ERR', 'INVALID_NODE_TYPE_ERR', 'DATA_CLONE_ERR'];
  const exceptions = new WeakMap();
  class DOMException extends Error {
    constructor(message = '', options = 'Error') {
      super();
      const name = options !== null && typeof options === 'object' ? String(options.name === undefined ? 'Error' : options.name) : String(options);
      exceptions.set(this, { message: String(message), name });
      if (options !== null && typeof options === 'object' && 'cause' in options) {
        Object.defineProperty(this, 'cause', { value: options.cause, writable: true, configurable: true, enumerable: false });
      }
    }
    get name() { return exceptions.get(this).name; }
    get message() { return exceptions.get(this).message; }
    get code() { return codes[exceptions.get(this).name] || 0; }
  }
  constantNames.forEach((name, index) => {
    for (const target of [DOMException, DOMException.prototype]) Object.defineProperty(target, name, { value: index + 1, enumerable: true });
  });
  Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: 'DOMException', configurable: true });
  define('DOMException', DOMException);

  const events = new WeakMap();
  const stateOf = (event) => {
    const state = events.get(event);
    if (!state) throw typeError('Value of "this" must be of type Event', 'ERR_INVALID_THIS');
    return state;
  };
  class Event {
    constructor(type, options = {}) {
      if (arguments.length === 0) throw typeError('The "type" argument must be specified', 'ERR_MISSING_ARGS');
      events.set(this, { type: String(type), bubbles: Boolean(options && options.bubbles), cancelable: Boolean(options && options.cancelable),
        composed: Boolean(options && options.composed), defaultPrevented: false, timeStamp: host.monotonicMs(),
        target: null, currentTarget: null, eventPhase: 0, stopped: false, propagationStopped: false });
    }
    get srcElement() { return stateOf(this).target; }
    get cancelBubble() { return stateOf(this).propagationStopped; }
    set cancelBubble(value) { if (value) stateOf(this).propagationStopped = true; }
    get returnValue() { return !stateOf(this).defaultPrevented; }
    set returnValue(value) { if (!value) this.preventDefault(); }
    composedPath() { const state = stateOf(this); return state.currentTarget ? [state.currentTarget] : []; }
    initEvent(type, bubbles = false, cancelable = false) {
      const state = stateOf(this);
      Object.assign(state, { type: String(type), bubbles: Boolean(bubbles), cancelable: Boolean(cancelable) });
    }
    preventDefault() { const state = stateOf(this); if (state.cancelable) state.defaultPrevented = true; }
    stopPropagation() { stateOf(this).propagationStopped = true; }
    stopImmediatePropagation() { const state = stateOf(this); state.stopped = true; state.propagationStopped = true; }
    [inspect](depth, options) {
      const state = stateOf(this);
      const shown = { type: state.type, defaultPrevented: state.defaultPrevented, cancelable: state.cancelable, timeStamp: state.timeStamp };
      return `${this.constructor.name} ${internals.inspect(shown, options)}`;
    }
  }
  function isTrusted() { return false; }
  accessors(Event.prototype, ['type', 'target', 'currentTarget', 'cancelable', 'defaultPrevented', 'timeStamp', 'bubbles', 'composed', 'eventPhase'], stateOf);
  Object.defineProperty(Event.prototype, 'isTrusted', { get: isTrusted, configurable: true, enumerable: true });
  ['NONE', 'CAPTURING_PHASE', 'AT_TARGET', 'BUBBLING_PHASE'].forEach((name, value) => {
    Object.defineProperty(Event, name, { value, enumerable: true });
  });
  Object.defineProperty(Event.prototype, Symbol.toStringTag, { value: 'Event', configurable: true });

  const details = new WeakMap();
  class CustomEvent extends Event {
    constructor(type, options = {}) {
      super(type, options);
      details.set(this, options && options.detail !== undefined ? options.detail : null);
    }
    get detail() { return details.get(this); }
  }
  Object.defineProperty(CustomEvent.prototype, Symbol.toStringTag, { value: 'CustomEvent', configurable: true });

  const listeners = new WeakMap();
  const listenersOf = (target) => {
    let map = listeners.get(target);
    if (!map) { map = new Map(); listeners.set(target, map); }
    return map;
  };
  class EventTarget {
    constructor() { listeners.set(this, new Map()); }
    addEventListener(type, listener, options) {
      if (arguments.length < 2) throw typeError('The "type" and "listener" arguments must be specified', 'ERR_MISSING_ARGS');
      if (!listener) return;
      const opts = typeof options === 'boolean' ? { capture: options } : (options || {});
      if (opts.signal && opts.signal.aborted) return;
      const list = listenersOf(this).get(type) || [];
      const capture = Boolean(opts.capture);
      if (list.some((l) => l.listener === listener && l.capture === capture)) return;
      const entry = { listener, capture, once: Boolean(opts.once), removed: false };
      list.push(entry);
      listenersOf(this).set(type, list);
      if (opts.signal) opts.signal.addEventListener('abort', () => this.removeEventListener(type, listener, opts), { once: true });
    }
    removeEventListener(type, listener, options) {
      const capture = typeof options === 'boolean' ? options : Boolean(options && options.capture);
      const list = listenersOf(this).get(type);
      if (!list) return;
      const index = list.findIndex((l) => l.listener === listener && l.capture === capture);
      if (index >= 0) { list[index].removed = true; list.splice(index, 1); }
    }
    dispatchEvent(event) {
      if (!(event instanceof Event)) throw typeError(`The "event" argument must be an instance of Event. ${internals.received(event)}`, 'ERR_INVALID_ARG_TYPE');
      const state = stateOf(event);
      state.target = this;
      state.currentTarget = this;
      state.eventPhase = 2;
      const list = (listenersOf(this).get(state.type) || []).slice();
      for (const entry of list) {
        if (entry.removed) continue;
        if (entry.once) this.removeEventListener(state.type, entry.listener, { capture: entry.capture });
        try {
          if (typeof entry.listener === 'function') entry.listener.call(this, event);
          else if (entry.listener && typeof entry.listener.handleEvent === 'function') entry.listener.handleEvent(event);
        } catch (err) { internals.reportUncaught(err); }
        if (state.stopped) break;
      }
      state.currentTarget = null;
      state.eventPhase = 0;
      return !state.defaultPrevented;
    }
  }
  Object.defineProperty(EventTarget.prototype, Symbol.toStringTag, { value: 'EventTarget', configurable: true });
  // events.getEventListeners(target, type).
  internals.eventTargetListeners = (target, type) => (listenersOf(target).get(type) || []).map((entry) => entry.listener);

  // `on<type>` handler properties, as the DOM has them: setting one adds a listener in the order listeners were
  // added, replacing it keeps that place, and null removes it.
  const handlers = new WeakMap();
  function defineEventHandler(prototype, type) {
    Object.defineProperty(prototype, 'on' + type, { configurable: true, enumerable: true,
      get() { const own = handlers.get(this); return (own && own[type] && own[type].handler) || null; },
      set(value) {
        let own = handlers.get(this);
        if (!own) { own = {}; handlers.set(this, own); }
        const current = own[type];
        if (typeof value !== 'function') {
          if (current) { this.removeEventListener(type, current.wrapper); delete own[type]; }
          return;
        }
        if (current) { current.handler = value; return; }
        const entry = { handler: value, wrapper: (event) => entry.handler.call(this, event) };
        own[type] = entry;
        this.addEventListener(type, entry.wrapper);
      } });
  }
  internals.defineEventHandler = defineEventHandler;

  const signals = new WeakMap();
  const signalOf = (signal) => {
    const state = signals.get(signal);
    if (!state) throw typeError('Value of "this" must be of type AbortSignal', 'ERR_INVALID_THIS');
    return state;
  };
  let constructing = false;
  class AbortSignal extends EventTarget {
    constructor() {
      if (!constructing) throw typeError('Illegal constructor', 'ERR_ILLEGAL_CONSTRUCTOR');
      super();
      signals.set(this, { aborted: false, reason: undefined });
    }
    get aborted() { return signalOf(this).aborted; }
    get reason() { return signalOf(this).reason; }
    throwIfAborted() { const state = signalOf(this); if (state.aborted) throw state.reason; }
    [inspect](depth, options) { return `AbortSignal ${internals.inspect({ aborted: this.aborted }, options)}`; }
    static abort(reason) { const signal = makeSignal(); abortSignal(signal, reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason); return signal; }
    static timeout(ms) {
      const signal = makeSignal();
      const timer = setTimeout(() => abortSignal(signal, new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
      if (timer && timer.unref) timer.unref();
      return signal;
    }
    static any(list) {
      const signal = makeSignal();
      for (const source of list) {
        if (source.aborted) { abortSignal(signal, source.reason); return signal; }
      }
      for (const source of list) source.addEventListener('abort', () => abortSignal(signal, source.reason), { once: true });
      return signal;
    }
  }
  defineEventHandler(AbortSignal.prototype, 'abort');
  Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: 'AbortSignal', configurable: true });
  function makeSignal() {
    constructing = true;
    try { return new AbortSignal(); } finally { constructing = false; }
  }
  function abortSignal(signal, reason) {
    const state = signalOf(signal);
    if (state.aborted) return;
    state.aborted = true;
    state.reason = reason;
    signal.dispatchEvent(new Event('abort'));
  }

  const controllers = new WeakMap();
  class AbortController {
    constructor() { controllers.set(this, makeSignal()); }
    get signal() { return controllers.get(this); }
    abort(reason = new DOMException('This operation was aborted', 'AbortError')) { abortSignal(controllers.get(this), reason); }
    [inspect](depth, options) { return `AbortController ${internals.inspect({ signal: this.signal }, options)}`; }
  }
  Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: 'AbortController', configurable: true });

  define('Event', Event);
  define('CustomEvent', CustomEvent);
  define('EventTarget', EventTarget);
  define('AbortController', AbortController);
  define('AbortSignal', AbortSignal);
  internals.abortError = function abortError(signal) {
    if (signal && signal.reason !== undefined) return signal.reason;
    return new DOMException('This operation was aborted', 'AbortError');
  };
})

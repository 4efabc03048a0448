// MessageChannel, MessagePort, MessageEvent and BroadcastChannel within one step's runtime: messages are copied
// with structuredClone and delivered in a later turn, as between Node's ports. There are no workers to talk to, so
// a port only reaches its own peer and a channel the others of its name in the same runtime. Loaded on first use.
(function (internals) {
  'use strict';
  const events = new WeakMap();
  class MessageEvent extends Event {
    constructor(type, options = {}) {
      super(type, options);
      events.set(this, { data: options.data === undefined ? null : options.data, origin: options.origin || '', lastEventId: options.lastEventId || '',
        source: options.source || null, ports: Object.freeze([...(options.ports || [])]) });
    }
    get data() { return events.get(this).data; }
    get origin() { return events.get(this).origin; }
    get lastEventId() { return events.get(this).lastEventId; }
    get source() { return events.get(this).source; }
    get ports() { return events.get(this).ports; }
  }

  // Node's ports are also emitters: `port.on('message', (data) => …)` gets the data itself.
  function emitterMethods(prototype) {
    const wrappers = new WeakMap();
    const wrap = (listener) => {
      if (!wrappers.has(listener)) wrappers.set(listener, (event) => listener(event instanceof MessageEvent ? event.data : event));
      return wrappers.get(listener);
    };
    prototype.on = prototype.addListener = function (type, listener) { this.addEventListener(type, wrap(listener)); if (type === 'message') this.start(); return this; };
    prototype.once = function (type, listener) { this.addEventListener(type, wrap(listener), { once: true }); if (type === 'message') this.start(); return this; };
    prototype.off = prototype.removeListener = function (type, listener) { this.removeEventListener(type, wrap(listener)); return this; };
    prototype.emit = function (type, data) { return this.dispatchEvent(new MessageEvent(type, { data })); };
  }

  const ports = new WeakMap();
  let constructing = false;
  class MessagePort extends EventTarget {
    constructor() {
      if (!constructing) { const e = new TypeError('Illegal constructor'); e.code = 'ERR_CONSTRUCT_CALL_INVALID'; throw e; }
      super();
      ports.set(this, { peer: null, started: false, closed: false, queue: [], refed: true });
    }
    postMessage(value, transfer) {
      const state = ports.get(this);
      if (state.closed || !state.peer) return;
      const data = structuredClone(value, Array.isArray(transfer) ? undefined : transfer);
      const target = ports.get(state.peer);
      if (target.closed) return;
      target.queue.push(data);
      if (target.started) deliver(state.peer);
    }
    start() {
      const state = ports.get(this);
      if (state.started) return;
      state.started = true;
      if (state.queue.length) deliver(this);
    }
    close() {
      const state = ports.get(this);
      if (state.closed) return;
      state.closed = true;
      const peer = state.peer;
      setImmediate(() => {
        this.dispatchEvent(new Event('close'));
        if (peer && !ports.get(peer).closed) { ports.get(peer).closed = true; peer.dispatchEvent(new Event('close')); }
      });
    }
    ref() { ports.get(this).refed = true; return this; }
    unref() { ports.get(this).refed = false; return this; }
    hasRef() { return ports.get(this).refed; }
  }
  function deliver(port) {
    setImmediate(() => {
      const state = ports.get(port);
      while (state.queue.length && !state.closed) port.dispatchEvent(new MessageEvent('message', { data: state.queue.shift() }));
    });
  }
  internals.defineEventHandler(MessagePort.prototype, 'messageerror');
  // Setting onmessage starts the port, as in the DOM.
  internals.defineEventHandler(MessagePort.prototype, 'message');
  const messageHandler = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
  Object.defineProperty(MessagePort.prototype, 'onmessage', { configurable: true, enumerable: true, get: messageHandler.get,
    set(value) { messageHandler.set.call(this, value); if (typeof value === 'function') this.start(); } });
  emitterMethods(MessagePort.prototype);

  const channels = new WeakMap();
  class MessageChannel {
    constructor() {
      constructing = true;
      let port1, port2;
      try { port1 = new MessagePort(); port2 = new MessagePort(); } finally { constructing = false; }
      ports.get(port1).peer = port2;
      ports.get(port2).peer = port1;
      channels.set(this, { port1, port2 });
    }
    get port1() { return channels.get(this).port1; }
    get port2() { return channels.get(this).port2; }
  }

  const byName = new Map();   // name → Set of open BroadcastChannels
  const broadcasts = new WeakMap();
  class BroadcastChannel extends EventTarget {
    constructor(name) {
      if (arguments.length === 0) { const e = new TypeError('The "name" argument must be specified'); e.code = 'ERR_MISSING_ARGS'; throw e; }
      super();
      const key = String(name);
      broadcasts.set(this, { name: key, closed: false, refed: true });
      if (!byName.has(key)) byName.set(key, new Set());
      byName.get(key).add(this);
    }
    get name() { return broadcasts.get(this).name; }
    postMessage(message) {
      const state = broadcasts.get(this);
      if (state.closed) { const e = new DOMException('BroadcastChannel is closed.', 'InvalidStateError'); throw e; }
      for (const other of byName.get(state.name) || []) {
        if (other === this) continue;
        const data = structuredClone(message);
        setImmediate(() => { if (!broadcasts.get(other).closed) other.dispatchEvent(new MessageEvent('message', { data })); });
      }
    }
    close() {
      const state = broadcasts.get(this);
      if (state.closed) return;
      state.closed = true;
      byName.get(state.name).delete(this);
    }
    ref() { broadcasts.get(this).refed = true; return this; }
    unref() { broadcasts.get(this).refed = false; return this; }
  }
  internals.defineEventHandler(BroadcastChannel.prototype, 'message');
  internals.defineEventHandler(BroadcastChannel.prototype, 'messageerror');

  for (const [name, value] of [['MessageEvent', MessageEvent], ['MessagePort', MessagePort], ['MessageChannel', MessageChannel], ['BroadcastChannel', BroadcastChannel]]) {
    if (!Object.prototype.hasOwnProperty.call(globalThis, name)) {
      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
    }
  }
})

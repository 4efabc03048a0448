// The WebSocket global Node 22 and later have (undici's), with CloseEvent: a client over the http and https
// builtins' upgrade, RFC 6455 framing written here (frames masked, fragments joined, pings answered, text checked
// as UTF-8), the events, states and errors Node 24 gives. Only for components that ask for Node 24.
(function (internals) {
  'use strict';
  const { Buffer } = internals.Module._load('buffer', null);
  const load = (name) => internals.Module._load(name, null);
  const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
  const CONNECTING = 0, OPEN = 1, CLOSING = 2, CLOSED = 3;
  const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const domError = (name, message) => new globalThis.DOMException(message, name);
  const decoder = new TextDecoder('utf-8', { fatal: true });

  const closeEvents = new WeakMap();
  class CloseEvent extends Event {
    constructor(type, init = {}) {
      super(type, init);
      closeEvents.set(this, { wasClean: Boolean(init.wasClean), code: init.code === undefined ? 0 : Number(init.code), reason: init.reason === undefined ? '' : String(init.reason) });
    }
    get wasClean() { return closeEvents.get(this).wasClean; }
    get code() { return closeEvents.get(this).code; }
    get reason() { return closeEvents.get(this).reason; }
  }
  const errorEvents = new WeakMap();
  class ErrorEvent extends Event {
    constructor(type, init = {}) {
      super(type, init);
      errorEvents.set(this, { message: init.message || '', filename: init.filename || '', lineno: init.lineno || 0, colno: init.colno || 0, error: init.error });
    }
    get message() { return errorEvents.get(this).message; }
    get filename() { return errorEvents.get(this).filename; }
    get lineno() { return errorEvents.get(this).lineno; }
    get colno() { return errorEvents.get(this).colno; }
    get error() { return errorEvents.get(this).error; }
  }

  const sockets = new WeakMap();
  const stateOf = (ws) => {
    const state = sockets.get(ws);
    if (!state) { const e = new TypeError('Illegal invocation'); e.code = 'ERR_INVALID_THIS'; throw e; }
    return state;
  };

  // ---- frames ----
  function frame(opcode, payload) {
    const length = payload.length;
    const header = Buffer.alloc(2 + (length < 126 ? 0 : length < 65536 ? 2 : 8) + 4);
    header[0] = 0x80 | opcode;
    let offset = 2;
    if (length < 126) header[1] = 0x80 | length;
    else if (length < 65536) { header[1] = 0x80 | 126; header.writeUInt16BE(length, 2); offset = 4; } else { header[1] = 0x80 | 127; header.writeBigUInt64BE(BigInt(length), 2); offset = 10; }
    const mask = load('crypto').randomBytes(4);
    mask.copy(header, offset);
    const masked = Buffer.alloc(length);
    for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i & 3];
    return Buffer.concat([header, masked]);
  }
  function write(state, opcode, payload) {
    if (state.socket && !state.socket.destroyed) state.socket.write(frame(opcode, payload));
  }

  // Reads whole frames from the bytes received so far.
  function receive(ws, state, chunk) {
    state.buffer = state.buffer.length ? Buffer.concat([state.buffer, chunk]) : chunk;
    while (state.buffer.length >= 2 && state.readyState !== CLOSED) {
      const b = state.buffer;
      const fin = (b[0] & 0x80) !== 0;
      const opcode = b[0] & 0x0f;
      if ((b[1] & 0x80) !== 0 || (b[0] & 0x70) !== 0) { failConnection(ws, state, 1002); return; }
      let length = b[1] & 0x7f;
      let offset = 2;
      if (length === 126) { if (b.length < 4) return; length = b.readUInt16BE(2); offset = 4; } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      if (b.length < offset + length) return;
      const payload = b.subarray(offset, offset + length);
      state.buffer = b.subarray(offset + length);
      if (opcode === 0x8) { closeFrame(ws, state, payload); continue; }
      if (opcode === 0x9) { write(state, 0xA, Buffer.from(payload)); continue; }
      if (opcode === 0xA) continue;
      if (opcode === 0x0) {
        if (!state.fragments) { failConnection(ws, state, 1002); return; }
        state.fragments.push(Buffer.from(payload));
      } else if (opcode === 0x1 || opcode === 0x2) {
        if (state.fragments) { failConnection(ws, state, 1002); return; }
        state.fragmentOpcode = opcode;
        state.fragments = [Buffer.from(payload)];
      } else { failConnection(ws, state, 1002); return; }
      if (fin) {
        const whole = Buffer.concat(state.fragments);
        state.fragments = null;
        deliver(ws, state, state.fragmentOpcode, whole);
      }
    }
  }
  function deliver(ws, state, opcode, bytes) {
    if (state.readyState !== OPEN) return;
    let data;
    if (opcode === 0x1) {
      try { data = decoder.decode(bytes); } catch { failConnection(ws, state, 1007); return; }
    } else if (state.binaryType === 'arraybuffer') {
      data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    } else {
      data = new Blob([bytes]);
    }
    ws.dispatchEvent(new globalThis.MessageEvent('message', { data, origin: state.origin }));
  }
  function closeFrame(ws, state, payload) {
    state.closeReceived = true;
    state.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
    try { state.closeReason = payload.length > 2 ? decoder.decode(payload.subarray(2)) : ''; } catch { state.closeReason = ''; }
    if (!state.closeSent) {
      state.closeSent = true;
      write(state, 0x8, payload.length >= 2 ? Buffer.from(payload.subarray(0, 2)) : Buffer.alloc(0));
    }
    state.readyState = CLOSING;
    // The server closes the connection after its close frame; a client that waits too long closes it itself.
    state.closeTimer = setTimeout(() => state.socket && state.socket.destroy(), 5000);
    if (state.closeTimer.unref) state.closeTimer.unref();
  }
  function failConnection(ws, state, code) {
    if (state.socket && !state.closeSent) { state.closeSent = true; write(state, 0x8, Buffer.from([code >> 8, code & 0xff])); }
    state.failed = true;
    if (state.socket) state.socket.destroy(); else finish(ws, state);
  }
  // The connection is gone: the close event (and, when it did not close cleanly, an error event first).
  function finish(ws, state) {
    if (state.finished) return;
    state.finished = true;
    clearTimeout(state.closeTimer);
    const wasClean = state.closeReceived && state.closeSent && !state.failed;
    state.readyState = CLOSED;
    if (!wasClean) ws.dispatchEvent(new ErrorEvent('error', { message: '' }));
    ws.dispatchEvent(new CloseEvent('close', { wasClean, code: wasClean ? state.closeCode : 1006, reason: wasClean ? state.closeReason : '' }));
  }

  // ---- the opening handshake ----
  function connect(ws, state, url, protocols) {
    const secure = url.protocol === 'wss:';
    const key = load('crypto').randomBytes(16).toString('base64');
    const headers = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13' };
    if (protocols.length) headers['Sec-WebSocket-Protocol'] = protocols.join(', ');
    const request = load(secure ? 'https' : 'http').request({
      host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (secure ? 443 : 80), path: url.pathname + url.search, headers,
      auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
    });
    state.request = request;
    request.on('upgrade', (response, socket, head) => {
      const expected = load('crypto').createHash('sha1').update(key + GUID).digest('base64');
      const protocol = response.headers['sec-websocket-protocol'];
      const valid = response.statusCode === 101 && String(response.headers.upgrade).toLowerCase() === 'websocket' &&
        response.headers['sec-websocket-accept'] === expected && (protocol === undefined || protocols.includes(protocol)) &&
        !response.headers['sec-websocket-extensions'];
      state.socket = socket;
      socket.on('close', () => finish(ws, state));
      socket.on('error', () => { state.failed = true; });
      if (!valid || state.readyState !== CONNECTING) { state.failed = true; socket.destroy(); return; }
      if (socket.setNoDelay) socket.setNoDelay(true);
      state.readyState = OPEN;
      state.protocol = protocol || '';
      socket.on('data', (chunk) => receive(ws, state, chunk));
      ws.dispatchEvent(new Event('open'));
      if (head && head.length) receive(ws, state, head);
    });
    request.on('response', (response) => { response.resume(); state.failed = true; finish(ws, state); });
    request.on('error', () => { state.failed = true; finish(ws, state); });
    request.end();
  }

  class WebSocket extends EventTarget {
    constructor(url, protocols = []) {
      super();
      let parsed;
      try { parsed = new URL(String(url)); } catch (e) { throw domError('SyntaxError', e.message); }
      if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
      else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
      if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw domError('SyntaxError', 'expected a ws: or wss: url');
      if (parsed.hash || parsed.href.endsWith('#')) throw domError('SyntaxError', 'hash');
      const list = typeof protocols === 'string' ? [protocols] : Array.from(protocols, String);
      if (new Set(list.map((p) => p.toLowerCase())).size !== list.length || list.some((p) => !token.test(p))) {
        throw domError('SyntaxError', 'Invalid Sec-WebSocket-Protocol value');
      }
      const state = { url: parsed.href, origin: parsed.origin, readyState: CONNECTING, protocol: '', binaryType: 'blob', handlers: {},
        buffer: Buffer.alloc(0), fragments: null, fragmentOpcode: 0, socket: null, request: null, closeSent: false,
        closeReceived: false, closeCode: 1005, closeReason: '', failed: false, finished: false, closeTimer: null, sending: null, queued: 0 };
      sockets.set(this, state);
      connect(this, state, parsed, list);
    }
    get url() { return stateOf(this).url; }
    get readyState() { return stateOf(this).readyState; }
    get protocol() { return stateOf(this).protocol; }
    get extensions() { stateOf(this); return ''; }
    get bufferedAmount() { return stateOf(this).socket ? stateOf(this).socket.writableLength || 0 : 0; }
    get binaryType() { return stateOf(this).binaryType; }
    set binaryType(type) { if (type === 'blob' || type === 'arraybuffer') stateOf(this).binaryType = type; }
    send(data) {
      const state = stateOf(this);
      if (arguments.length === 0) throw new TypeError("Failed to execute 'send' on 'WebSocket': 1 argument required, but only 0 present.");
      if (state.readyState === CONNECTING) throw domError('InvalidStateError', 'Sent before connected.');
      if (state.readyState !== OPEN || state.closeSent) return;
      let bytes;
      let opcode = 0x2;
      if (typeof data === 'string' || (typeof data !== 'object' && typeof data !== 'function') || data === null) { bytes = Buffer.from(String(data)); opcode = 0x1; }
      else if (data instanceof ArrayBuffer) bytes = Buffer.from(data);
      else if (ArrayBuffer.isView(data)) bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      else if (data instanceof Blob) bytes = data.arrayBuffer().then((buffer) => Buffer.from(buffer));
      else { bytes = Buffer.from(String(data)); opcode = 0x1; }
      // A Blob is read before it is sent; what was sent after it waits for it, so frames keep their order.
      if (bytes instanceof Promise || state.sending) {
        state.queued++;
        state.sending = (state.sending || Promise.resolve()).then(() => bytes).then((ready) => write(state, opcode, Buffer.from(ready)))
          .finally(() => { if (--state.queued === 0) state.sending = null; });
        return;
      }
      write(state, opcode, Buffer.from(bytes));
    }
    close(code, reason) {
      const state = stateOf(this);
      if (code !== undefined && code !== 1000 && !(Number.isInteger(code) && code >= 3000 && code <= 4999)) throw domError('InvalidAccessError', 'invalid code');
      const reasonBytes = reason === undefined ? Buffer.alloc(0) : Buffer.from(String(reason));
      if (reasonBytes.length > 123) throw domError('SyntaxError', `Reason must be less than 123 bytes; received ${reasonBytes.length}`);
      if (state.readyState === CLOSING || state.readyState === CLOSED) return;
      if (state.readyState === CONNECTING) {
        // As undici does: the connection fails at once (error and close events within this call), and the state
        // reads CLOSING afterwards.
        state.failed = true;
        if (state.request) state.request.destroy();
        finish(this, state);
        state.readyState = CLOSING;
        return;
      }
      state.readyState = CLOSING;
      state.closeSent = true;
      const payload = code === undefined ? Buffer.alloc(0) : Buffer.concat([Buffer.from([code >> 8, code & 0xff]), reasonBytes]);
      const send = () => write(state, 0x8, payload);
      if (state.sending) state.sending.then(send); else send();
    }
  }
  for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSING, CLOSED })) {
    Object.defineProperty(WebSocket, name, { value, enumerable: true });
    Object.defineProperty(WebSocket.prototype, name, { value, enumerable: true });
  }
  for (const type of ['open', 'error', 'close', 'message']) {
    const listeners = new WeakMap();
    Object.defineProperty(WebSocket.prototype, 'on' + type, {
      enumerable: true, configurable: true,
      get() { return stateOf(this).handlers[type] || null; },
      set(handler) {
        const state = stateOf(this);
        if (listeners.has(this)) this.removeEventListener(type, listeners.get(this));
        state.handlers[type] = typeof handler === 'function' ? handler : null;
        if (typeof handler === 'function') {
          const listener = (event) => handler.call(this, event);
          listeners.set(this, listener);
          this.addEventListener(type, listener);
        } else listeners.delete(this);
      },
    });
  }
  for (const [Class, name] of [[WebSocket, 'WebSocket'], [CloseEvent, 'CloseEvent'], [ErrorEvent, 'ErrorEvent']]) {
    Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: name, configurable: true });
  }
  for (const [name, value] of Object.entries({ WebSocket, CloseEvent })) {
    if (Object.prototype.hasOwnProperty.call(globalThis, name)) continue;
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
})

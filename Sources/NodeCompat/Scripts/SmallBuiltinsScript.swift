/// Small builtins and globals written here: `querystring`, `timers/promises`, `os`, `atob`/`btoa`,
/// `structuredClone`, `performance`, and `EventTarget`/`Event`/`AbortController`/`AbortSignal`.
enum SmallBuiltinsScript {
    static let source = #"""
(function (host, internals, loadSystemInfo) {
  'use strict';
  // Asking the system (uname, /proc/cpuinfo, the user database) is left until os first needs an answer.
  let systemInfo;
  const info = () => systemInfo || (systemInfo = loadSystemInfo());
  const factories = internals.builtinFactories;
  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  const typeError = (message, code) => { const e = new TypeError(message); e.code = code; return e; };

  // querystring
  const unreserved = /[A-Za-z0-9\-_.!~*'()]/;
  function qsEscape(text) {
    let out = '';
    for (const ch of String(text)) {
      if (unreserved.test(ch)) out += ch;
      else out += encodeURIComponent(ch).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
    }
    return out;
  }
  function qsUnescape(text) {
    try { return decodeURIComponent(text); } catch (e) {
      return text.replace(/%([0-9a-fA-F]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
    }
  }
  function stringifyPrimitive(v) {
    if (typeof v === 'string') return v;
    if ((typeof v === 'number' && isFinite(v)) || typeof v === 'bigint') return String(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return '';
  }
  const querystring = {
    escape: qsEscape,
    unescape: qsUnescape,
    stringify(obj, sep = '&', eq = '=', options) {
      const encode = (options && options.encodeURIComponent) || querystring.escape;
      if (obj === null || typeof obj !== 'object') return '';
      return Object.keys(obj).map((key) => {
        const value = obj[key];
        const k = encode(stringifyPrimitive(key)) + eq;
        if (Array.isArray(value)) return value.map((v) => k + encode(stringifyPrimitive(v))).join(sep);
        return k + encode(stringifyPrimitive(value));
      }).filter((part) => part.length).join(sep);
    },
    parse(text, sep = '&', eq = '=', options) {
      const result = Object.create(null);
      if (typeof text !== 'string' || text.length === 0) return result;
      const decode = (options && options.decodeURIComponent) || querystring.unescape;
      const max = options && typeof options.maxKeys === 'number' ? options.maxKeys : 1000;
      let parts = text.split(sep);
      if (max > 0) parts = parts.slice(0, max);
      for (const part of parts) {
        if (part === '') continue;
        const index = part.indexOf(eq);
        const rawKey = index >= 0 ? part.slice(0, index) : part;
        const rawValue = index >= 0 ? part.slice(index + eq.length) : '';
        const key = decode(rawKey.replace(/\+/g, ' '));
        const value = decode(rawValue.replace(/\+/g, ' '));
        if (!(key in result)) result[key] = value;
        else if (Array.isArray(result[key])) result[key].push(value);
        else result[key] = [result[key], value];
      }
      return result;
    },
  };
  querystring.decode = querystring.parse;
  querystring.encode = querystring.stringify;
  factories.set('querystring', () => querystring);

  // timers/promises
  const timersPromises = {
    setTimeout: (delay, value, options) => new Promise((resolve, reject) => {
      const signal = options && options.signal;
      if (signal && signal.aborted) { reject(abortError(signal)); return; }
      const timer = setTimeout(() => resolve(value), delay);
      if (options && options.ref === false) timer.unref();
      if (signal) signal.addEventListener('abort', () => { clearTimeout(timer); reject(abortError(signal)); }, { once: true });
    }),
    setImmediate: (value) => new Promise((resolve) => setImmediate(() => resolve(value))),
    setInterval: async function* (delay, value) {
      while (true) yield await timersPromises.setTimeout(delay, value);
    },
    scheduler: { wait: (delay) => timersPromises.setTimeout(delay), yield: () => timersPromises.setImmediate() },
  };
  factories.set('timers/promises', () => timersPromises);
  // As in Node, util.promisify(setTimeout) and util.promisify(setImmediate) are the timers/promises versions.
  const promisifyCustom = Symbol.for('nodejs.util.promisify.custom');
  for (const [timer, promised] of [[globalThis.setTimeout, timersPromises.setTimeout], [globalThis.setImmediate, timersPromises.setImmediate]]) {
    Object.defineProperty(timer, promisifyCustom, { value: promised, enumerable: false, writable: false, configurable: true });
  }

  // os
  const os = {
    EOL: '\n',
    devNull: '/dev/null',
    platform: () => 'linux',
    type: () => 'Linux',
    arch: () => info().arch,
    release: () => info().osRelease,
    version: () => info().osVersion,
    machine: () => info().machine,
    hostname: () => info().hostname,
    homedir: () => process.env.HOME || info().homedir,
    tmpdir: () => (process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp').replace(/(.)\/$/, '$1'),
    endianness: () => 'LE',
    cpus: () => Array.from({ length: info().cpuCount }, () => ({ model: info().cpuModel, speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } })),
    availableParallelism: () => info().cpuCount,
    totalmem: () => host.memoryInfo()[0],
    freemem: () => host.memoryInfo()[1],
    uptime: () => host.memoryInfo()[2],
    loadavg: () => host.loadAverage(),
    networkInterfaces: () => ({}),
    userInfo: () => ({ uid: info().uid, gid: info().gid, username: info().username, homedir: info().homedir, shell: info().shell }),
    constants: { signals: { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }, errno: {} },
  };
  factories.set('os', () => os);

  // atob / btoa
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  define('btoa', function btoa(input) {
    if (arguments.length === 0) throw typeError('The "data" argument must be specified', 'ERR_MISSING_ARGS');
    const text = String(input);
    let out = '';
    for (let i = 0; i < text.length; i += 3) {
      const codes = [text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2)];
      for (const c of codes) {
        if (c > 255) { const e = new Error('Invalid character'); e.name = 'InvalidCharacterError'; e.code = 5; throw e; }
      }
      const [a, b, c] = codes;
      out += alphabet[a >> 2] + alphabet[((a & 3) << 4) | (b >> 4 || 0)]
        + (Number.isNaN(b) ? '=' : alphabet[((b & 15) << 2) | (c >> 6 || 0)])
        + (Number.isNaN(c) ? '=' : alphabet[c & 63]);
    }
    return out;
  });
  define('atob', function atob(input) {
    if (arguments.length === 0) throw typeError('The "data" argument must be specified', 'ERR_MISSING_ARGS');
    let text = String(input).replace(/[\t\n\f\r ]/g, '');
    if (text.length % 4 === 0) text = text.replace(/==?$/, '');
    if (text.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(text)) {
      const e = new Error('Invalid character'); e.name = 'InvalidCharacterError'; e.code = 5; throw e;
    }
    let out = '', buffer = 0, bits = 0;
    for (const ch of text) {
      buffer = (buffer << 6) | alphabet.indexOf(ch);
      bits += 6;
      if (bits >= 8) { bits -= 8; out += String.fromCharCode((buffer >> bits) & 255); }
    }
    return out;
  });

  // structuredClone: the structured clone algorithm for the types JSON-ish data and Node code use.
  function cloneError(value) {
    const e = new Error(`${Object.prototype.toString.call(value)} could not be cloned.`);
    e.name = 'DataCloneError'; e.code = 25;
    return e;
  }
  define('structuredClone', function structuredClone(value) {
    if (arguments.length === 0) throw typeError('The "value" argument must be specified', 'ERR_MISSING_ARGS');
    const memo = new Map();
    const clone = (v) => {
      if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
        if (typeof v === 'symbol') throw cloneError(v);
        return v;
      }
      if (typeof v === 'function') throw cloneError(v);
      if (memo.has(v)) return memo.get(v);
      let out;
      if (Array.isArray(v)) { out = new Array(v.length); memo.set(v, out); v.forEach((x, i) => { out[i] = clone(x); }); return out; }
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof Map) { out = new Map(); memo.set(v, out); for (const [k, x] of v) out.set(clone(k), clone(x)); return out; }
      else if (v instanceof Set) { out = new Set(); memo.set(v, out); for (const x of v) out.add(clone(x)); return out; }
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (ArrayBuffer.isView(v)) out = new v.constructor(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
      else if (v instanceof Error) { out = new (globalThis[v.name] || Error)(v.message); if (v.stack) out.stack = v.stack; }
      else if (v instanceof Number || v instanceof String || v instanceof Boolean) out = Object(v.valueOf());
      else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) throw cloneError(v);
      else {
        out = {};
        memo.set(v, out);
        for (const key of Object.keys(v)) out[key] = clone(v[key]);
        return out;
      }
      memo.set(v, out);
      return out;
    };
    return clone(value);
  });

  // performance
  const timeOrigin = Date.now() - host.monotonicMs();
  const marks = new Map();
  define('performance', {
    timeOrigin,
    now: () => host.monotonicMs(),
    mark(name) { const entry = { name, entryType: 'mark', startTime: host.monotonicMs(), duration: 0 }; marks.set(name, entry); return entry; },
    measure(name, start, end) {
      const from = typeof start === 'string' ? (marks.get(start) || {}).startTime || 0 : 0;
      const to = typeof end === 'string' ? (marks.get(end) || {}).startTime || host.monotonicMs() : host.monotonicMs();
      return { name, entryType: 'measure', startTime: from, duration: to - from };
    },
    clearMarks(name) { if (name === undefined) marks.clear(); else marks.delete(name); },
    getEntriesByName: (name) => (marks.has(name) ? [marks.get(name)] : []),
    toJSON: () => ({ timeOrigin }),
  });
  factories.set('perf_hooks', () => ({ performance: globalThis.performance }));

  // Event, EventTarget, AbortController, AbortSignal
  class Event {
    constructor(type, options = {}) {
      if (arguments.length === 0) throw typeError('The "type" argument must be specified', 'ERR_MISSING_ARGS');
      this.type = String(type);
      this.bubbles = Boolean(options.bubbles);
      this.cancelable = Boolean(options.cancelable);
      this.defaultPrevented = false;
      this.timeStamp = host.monotonicMs();
      this.target = null;
      this.currentTarget = null;
    }
    preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
    stopPropagation() {}
    stopImmediatePropagation() { this._stopped = true; }
  }
  const listenersKey = Symbol('listeners');
  class EventTarget {
    constructor() { this[listenersKey] = new Map(); }
    addEventListener(type, listener, options) {
      if (!listener) return;
      const once = typeof options === 'object' && options !== null && Boolean(options.once);
      const list = this[listenersKey].get(type) || [];
      if (list.some((l) => l.listener === listener)) return;
      list.push({ listener, once });
      this[listenersKey].set(type, list);
    }
    removeEventListener(type, listener) {
      const list = this[listenersKey].get(type);
      if (list) this[listenersKey].set(type, list.filter((l) => l.listener !== listener));
    }
    dispatchEvent(event) {
      event.target = this;
      event.currentTarget = this;
      const handler = this['on' + event.type];
      const list = (this[listenersKey].get(event.type) || []).slice();
      if (typeof handler === 'function') list.unshift({ listener: handler, once: false });
      for (const entry of list) {
        if (entry.once) this.removeEventListener(event.type, entry.listener);
        try {
          if (typeof entry.listener === 'function') entry.listener.call(this, event);
          else entry.listener.handleEvent(event);
        } catch (err) { internals.reportUncaught(err); }
        if (event._stopped) break;
      }
      return !event.defaultPrevented;
    }
  }
  function abortError(signal) {
    if (signal && signal.reason !== undefined) return signal.reason;
    const e = new Error('The operation was aborted');
    e.name = 'AbortError'; e.code = 'ABORT_ERR';
    return e;
  }
  class AbortSignal extends EventTarget {
    constructor() { super(); this.aborted = false; this.reason = undefined; this.onabort = null; }
    throwIfAborted() { if (this.aborted) throw this.reason; }
    static abort(reason) { const c = new AbortController(); c.abort(reason); return c.signal; }
    static timeout(ms) {
      const c = new AbortController();
      setTimeout(() => { const e = new Error('The operation was aborted due to timeout'); e.name = 'TimeoutError'; e.code = 23; c.abort(e); }, ms).unref();
      return c.signal;
    }
  }
  class AbortController {
    constructor() { this.signal = new AbortSignal(); }
    abort(reason) {
      const signal = this.signal;
      if (signal.aborted) return;
      signal.aborted = true;
      if (reason === undefined) { reason = new Error('This operation was aborted'); reason.name = 'AbortError'; reason.code = 20; }
      signal.reason = reason;
      signal.dispatchEvent(new Event('abort'));
    }
  }
  define('Event', Event);
  define('EventTarget', EventTarget);
  define('AbortController', AbortController);
  define('AbortSignal', AbortSignal);
  internals.abortError = abortError;

  // tty: jshost's streams are never a terminal for components (stdout carries events).
  const tty = {
    isatty: (fd) => host.isatty(Number(fd)),
    ReadStream: class ReadStream { constructor(fd) { this.fd = fd; this.isTTY = false; } setRawMode() { return this; } },
    WriteStream: class WriteStream {
      constructor(fd) { this.fd = fd; this.isTTY = false; this.columns = 80; this.rows = 24; }
      getColorDepth() { return 1; } hasColors() { return false; } getWindowSize() { return [this.columns, this.rows]; }
    },
  };
  factories.set('tty', () => tty);

  // IP address syntax, for net (deferred) and tls.
  const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  function isIPv6(text) {
    const s = String(text).replace(/%.*$/, '');
    if (!/^[0-9a-fA-F:.]+$/.test(s) || (s.match(/::/g) || []).length > 1) return false;
    let parts = s.split(':');
    if (parts.length > 0 && ipv4.test(parts[parts.length - 1])) parts = parts.slice(0, -1).concat(['0', '0']);
    if (s.includes('::')) return parts.length <= 8 && parts.every((p, i) => p === '' ? true : /^[0-9a-fA-F]{1,4}$/.test(p));
    return parts.length === 8 && parts.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p));
  }
  internals.ipSyntax = {
    isIPv4: (text) => ipv4.test(String(text)),
    isIPv6,
    isIP: (text) => (ipv4.test(String(text)) ? 4 : isIPv6(text) ? 6 : 0),
  };

  // child_process loads, because libraries require it for one optional feature (nodemailer's sendmail
  // transport); starting a process is what fails, with the reason.
  const refuse = (name) => function () {
    const e = new Error(`child_process.${name}() is not available in jshost: components may not start processes`);
    e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE';
    throw e;
  };
  factories.set('child_process', () => {
    const childProcess = {};
    for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) childProcess[name] = refuse(name);
    childProcess.ChildProcess = class ChildProcess { constructor() { refuse('ChildProcess')(); } };
    return childProcess;
  });

  // http2 loads (HTTP clients import its constants to offer HTTP/2 as an option); opening a session fails.
  factories.set('http2', () => {
    const http2Refuse = (name) => function () {
      const e = new Error(`http2.${name}() is not provided by jshost: HTTP/2 is not available; use HTTP/1.1, the default of HTTP clients`);
      e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE';
      throw e;
    };
    const http2Constants = {
      NGHTTP2_NO_ERROR: 0, NGHTTP2_PROTOCOL_ERROR: 1, NGHTTP2_INTERNAL_ERROR: 2, NGHTTP2_FLOW_CONTROL_ERROR: 3,
      NGHTTP2_SETTINGS_TIMEOUT: 4, NGHTTP2_STREAM_CLOSED: 5, NGHTTP2_FRAME_SIZE_ERROR: 6, NGHTTP2_REFUSED_STREAM: 7,
      NGHTTP2_CANCEL: 8, NGHTTP2_COMPRESSION_ERROR: 9, NGHTTP2_CONNECT_ERROR: 10, NGHTTP2_ENHANCE_YOUR_CALM: 11,
      NGHTTP2_INADEQUATE_SECURITY: 12, NGHTTP2_HTTP_1_1_REQUIRED: 13,
      HTTP2_HEADER_STATUS: ':status', HTTP2_HEADER_METHOD: ':method', HTTP2_HEADER_AUTHORITY: ':authority',
      HTTP2_HEADER_SCHEME: ':scheme', HTTP2_HEADER_PATH: ':path', HTTP2_HEADER_PROTOCOL: ':protocol',
      HTTP2_METHOD_GET: 'GET', HTTP2_METHOD_POST: 'POST', HTTP2_METHOD_PUT: 'PUT', HTTP2_METHOD_DELETE: 'DELETE',
      HTTP2_METHOD_HEAD: 'HEAD', HTTP2_METHOD_OPTIONS: 'OPTIONS', HTTP2_METHOD_PATCH: 'PATCH', HTTP2_METHOD_CONNECT: 'CONNECT',
    };
    for (const name of ['accept', 'accept-encoding', 'accept-language', 'authorization', 'cache-control', 'connection',
      'content-encoding', 'content-length', 'content-type', 'cookie', 'date', 'etag', 'host', 'keep-alive', 'location',
      'proxy-authorization', 'set-cookie', 'transfer-encoding', 'upgrade', 'user-agent']) {
      http2Constants['HTTP2_HEADER_' + name.toUpperCase().replace(/-/g, '_')] = name;
    }
    for (const [code, text] of [[200, 'OK'], [204, 'NO_CONTENT'], [301, 'MOVED_PERMANENTLY'], [302, 'FOUND'], [304, 'NOT_MODIFIED'],
      [400, 'BAD_REQUEST'], [401, 'UNAUTHORIZED'], [403, 'FORBIDDEN'], [404, 'NOT_FOUND'], [500, 'INTERNAL_SERVER_ERROR']]) {
      http2Constants['HTTP_STATUS_' + text] = code;
    }
    const http2 = {
      constants: http2Constants, sensitiveHeaders: Symbol('nodejs.http2.sensitiveHeaders'),
      connect: http2Refuse('connect'), createServer: http2Refuse('createServer'), createSecureServer: http2Refuse('createSecureServer'),
      getDefaultSettings: () => ({ headerTableSize: 4096, enablePush: true, initialWindowSize: 65535, maxFrameSize: 16384,
        maxConcurrentStreams: 4294967295, maxHeaderListSize: 65535, maxHeaderSize: 65535, enableConnectProtocol: false }),
      getPackedSettings: http2Refuse('getPackedSettings'), getUnpackedSettings: http2Refuse('getUnpackedSettings'),
      Http2ServerRequest: class Http2ServerRequest {}, Http2ServerResponse: class Http2ServerResponse {},
    };
    return http2;
  });

  // Modules that make no sense in a component host: a clear error instead of a half-working stand-in.
  for (const [name, why] of [
    ['cluster', 'a component runs in one process that jshost manages'],
    ['worker_threads', 'a component runs on the single thread jshost gives it'],
  ]) {
    factories.set(name, () => {
      const e = new Error(`require('${name}') is not available in jshost: ${why}`);
      e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE';
      throw e;
    });
  }
})
"""#
}

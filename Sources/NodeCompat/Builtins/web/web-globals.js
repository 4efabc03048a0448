// Web globals: `atob`/`btoa`, `structuredClone`, `navigator` (Node 24). The event classes are in dom-events.js,
// `performance` in perf_hooks/.
(function (host, internals) {
  'use strict';
  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  const typeError = (message, code) => { const e = new TypeError(message); e.code = code; return e; };
  const factories = internals.builtinFactories;
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

  // navigator, which Node 21 and later have: what a component of Node 24 may read of its machine.
  if (internals.nodeMajor >= 24) {
    const hardware = { concurrency: null };
    class Navigator {
      get hardwareConcurrency() { return hardware.concurrency || (hardware.concurrency = internals.Module._load('os', null).availableParallelism()); }
      get language() { return 'en-US'; }
      get languages() { return ['en-US']; }
      get platform() { return `Linux ${process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch}`; }
      get userAgent() { return `Node.js/${process.versions.node.split('.')[0]}`; }
    }
    define('navigator', new Navigator());
    define('Navigator', Navigator);
  }


})

// The `util` builtin (and `util/types`): format, inspect, inherits, promisify, callbackify, deprecate, types,
// isDeepStrictEqual, debuglog, TextEncoder/TextDecoder, and the legacy `is*` checks.
(function (internals) {
  'use strict';
  const toString = (v) => Object.prototype.toString.call(v);
  const tag = (name) => (v) => v !== null && typeof v === 'object' && toString(v) === `[object ${name}]`;


  function isDeepStrictEqual(a, b, memo = new Map()) {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (toString(a) !== toString(b)) return false;
    if (memo.get(a) === b) return true;
    memo.set(a, b);
    if (internals.types.isDate(a)) { if (a.getTime() !== b.getTime()) return false; }
    else if (internals.types.isRegExp(a)) { if (String(a) !== String(b) || a.lastIndex !== b.lastIndex) return false; }
    else if (internals.types.isNativeError(a)) { if (a.message !== b.message || a.name !== b.name) return false; }
    else if (internals.types.isBoxedPrimitive(a)) { if (!Object.is(a.valueOf(), b.valueOf())) return false; }
    else if (ArrayBuffer.isView(a)) {
      if (a.byteLength !== b.byteLength) return false;
      const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    } else if (internals.types.isMap(a)) {
      if (a.size !== b.size) return false;
      outer: for (const [key, value] of a) {
        if (b.has(key)) { if (!isDeepStrictEqual(value, b.get(key), memo)) return false; continue; }
        if (typeof key !== 'object' || key === null) return false;
        for (const [otherKey, otherValue] of b) {
          if (isDeepStrictEqual(key, otherKey, memo) && isDeepStrictEqual(value, otherValue, memo)) continue outer;
        }
        return false;
      }
    } else if (internals.types.isSet(a)) {
      if (a.size !== b.size) return false;
      outer: for (const value of a) {
        if (b.has(value)) continue;
        if (typeof value !== 'object' || value === null) return false;
        for (const other of b) if (isDeepStrictEqual(value, other, memo)) continue outer;
        return false;
      }
    }
    const keysA = Reflect.ownKeys(a).filter((k) => Object.prototype.propertyIsEnumerable.call(a, k));
    const keysB = Reflect.ownKeys(b).filter((k) => Object.prototype.propertyIsEnumerable.call(b, k));
    if (keysA.length !== keysB.length) return false;
    for (const key of keysA) {
      if (!Object.prototype.propertyIsEnumerable.call(b, key)) return false;
      if (!isDeepStrictEqual(a[key], b[key], memo)) return false;
    }
    return true;
  }

  const customPromisify = Symbol.for('nodejs.util.promisify.custom');
  function promisify(original) {
    if (typeof original !== 'function') {
      const e = new TypeError(`The "original" argument must be of type function. ${internals.received(original)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    if (original[customPromisify]) {
      const fn = original[customPromisify];
      return Object.defineProperty(fn, customPromisify, { value: fn, enumerable: false, writable: false, configurable: true });
    }
    function fn(...args) {
      return new Promise((resolve, reject) => {
        original.call(this, ...args, (err, ...values) => (err ? reject(err) : resolve(values[0])));
      });
    }
    Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
    Object.defineProperty(fn, customPromisify, { value: fn, enumerable: false, writable: false, configurable: true });
    return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original));
  }
  promisify.custom = customPromisify;

  function callbackify(original) {
    if (typeof original !== 'function') {
      const e = new TypeError(`The "original" argument must be of type function. ${internals.received(original)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    return function callbackified(...args) {
      const callback = args.pop();
      if (typeof callback !== 'function') {
        const e = new TypeError(`The last argument must be of type function. ${internals.received(callback)}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      original.apply(this, args).then(
        (value) => process.nextTick(callback, null, value),
        (reason) => {
          if (!reason) {
            const wrapped = new Error('Promise was rejected with a falsy value');
            wrapped.code = 'ERR_FALSY_VALUE_REJECTION';
            wrapped.reason = reason;
            reason = wrapped;
          }
          process.nextTick(callback, reason);
        });
    };
  }

  const warned = new Set();
  function deprecate(fn, message, code) {
    function deprecated(...args) {
      const key = code || message;
      if (!warned.has(key) && !(globalThis.process && process.noDeprecation)) {
        warned.add(key);
        if (globalThis.process && process.emitWarning) process.emitWarning(`${code ? `[${code}] ` : ''}DeprecationWarning: ${message}`);
      }
      return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
    }
    Object.setPrototypeOf(deprecated, fn);
    if (fn.prototype) deprecated.prototype = fn.prototype;
    return deprecated;
  }

  function inherits(ctor, superCtor) {
    if (typeof ctor !== 'function' || typeof superCtor !== 'function' || superCtor.prototype === undefined) {
      const e = new TypeError('The "ctor" and "superCtor" arguments must be functions with a prototype');
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
  }

  function debuglog(section, callback) {
    const enabled = new RegExp(`(^|,)\\s*(${String((globalThis.process && process.env.NODE_DEBUG) || '').split(',')
      .map((s) => s.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')).filter(Boolean).join('|') || '(?!)'})\\s*(,|$)`, 'i')
      .test(section);
    const log = enabled
      ? (...args) => process.stderr.write(`${section.toUpperCase()} ${process.pid}: ${internals.format(...args)}\n`)
      : () => {};
    if (typeof callback === 'function') callback(log);
    Object.defineProperty(log, 'enabled', { get: () => enabled });
    return log;
  }

  const inspect = internals.inspect;
  inspect.custom = Symbol.for('nodejs.util.inspect.custom');
  inspect.defaultOptions = { depth: 2, colors: false, compact: 3, breakLength: 80, showHidden: false };

  const util = {
    format: internals.format,
    formatWithOptions: (options, ...args) => internals.format(...args),
    inspect,
    inherits,
    promisify,
    callbackify,
    deprecate,
    debuglog,
    debug: debuglog,
    // util/types.js loads on first use (internals.types is an accessor until then: see loader.js).
    get types() { return internals.types; },
    isDeepStrictEqual: (a, b) => isDeepStrictEqual(a, b),
    TextEncoder: globalThis.TextEncoder,
    TextDecoder: globalThis.TextDecoder,
    stripVTControlCharacters: (s) => String(s).replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''),
    toUSVString: (s) => String(s).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
    isArray: Array.isArray,
    isBoolean: (v) => typeof v === 'boolean',
    isNull: (v) => v === null,
    isNullOrUndefined: (v) => v === null || v === undefined,
    isNumber: (v) => typeof v === 'number',
    isString: (v) => typeof v === 'string',
    isSymbol: (v) => typeof v === 'symbol',
    isUndefined: (v) => v === undefined,
    isRegExp: (value) => internals.types.isRegExp(value),
    isObject: (v) => v !== null && typeof v === 'object',
    isDate: (value) => internals.types.isDate(value),
    isError: (v) => v instanceof Error,
    isFunction: (v) => typeof v === 'function',
    isPrimitive: (v) => v === null || (typeof v !== 'object' && typeof v !== 'function'),
    isBuffer: (v) => Boolean(globalThis.Buffer && globalThis.Buffer.isBuffer && globalThis.Buffer.isBuffer(v)),
  };
  // util-extras.js, loaded on the first require of util, completes the module and registers it.
  internals.utilModule = util;
  internals.builtinFactories.set('util/types', () => internals.types);
  internals.isDeepStrictEqual = isDeepStrictEqual;
})

// The `crypto` functions over OpenSSL (OpenSSLCryptoBindings): `pbkdf2`/`pbkdf2Sync`, `scrypt`/`scryptSync`,
// `hkdf`/`hkdfSync`, `createSign`/`createVerify` and the one-shot `sign`/`verify` (over crypto-keyobject.js's
// key handling). The ciphers are crypto-ciphers.js'.
(function (host, internals) {
  'use strict';
  const crypto = internals.Module._load('crypto', null);
  const { Buffer } = internals.Module._load('buffer', null);
  const later = globalThis.setImmediate;
  const codedError = (Type, code, message) => { const e = new Type(message); e.code = code; return e; };
  const bytes = (value, encoding, name = 'data') => {
    if (typeof value === 'string') return Buffer.from(value, encoding || 'utf8');
    if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (value instanceof ArrayBuffer) return Buffer.from(value);
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView. ${internals.received(value)}`);
  };
  const out = (value, encoding) => { const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength); return encoding && encoding !== 'buffer' ? b.toString(encoding) : b; };
  function checkCallback(callback) {
    if (typeof callback !== 'function') throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "callback" argument must be of type function. ${internals.received(callback)}`);
  }
  function checkLength(value, name) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2147483647) {
      throw codedError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be >= 0 && <= 2147483647. Received ${internals.inspect(value)}`);
    }
  }
  // Node runs these on its thread pool: the callback comes in a later turn of the loop.
  const deferred = (compute, callback) => { checkCallback(callback); let result, error = null; try { result = compute(); } catch (e) { error = e; } later(() => (error ? callback(error) : callback(null, result))); };

  function pbkdf2Sync(password, salt, iterations, keylen, digest) {
    checkLength(keylen, 'keylen');
    if (typeof digest !== 'string') throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "digest" argument must be of type string. ${internals.received(digest)}`);
    if (!(iterations >= 1)) throw codedError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "iterations" is out of range. It must be >= 1 && <= 2147483647. Received ${internals.inspect(iterations)}`);
    return out(host.pbkdf2(bytes(password, null, 'password'), bytes(salt, null, 'salt'), iterations, keylen, digest));
  }
  const pbkdf2 = (password, salt, iterations, keylen, digest, callback) => deferred(() => pbkdf2Sync(password, salt, iterations, keylen, digest), callback);

  function scryptSync(password, salt, keylen, options = {}) {
    checkLength(keylen, 'keylen');
    const N = options.N || options.cost || 16384, r = options.r || options.blockSize || 8, p = options.p || options.parallelization || 1;
    const maxmem = options.maxmem || 32 * 1024 * 1024;
    return out(host.scrypt(bytes(password, null, 'password'), bytes(salt, null, 'salt'), keylen, N, r, p, maxmem));
  }
  function scrypt(password, salt, keylen, options, callback) {
    if (typeof options === 'function') { callback = options; options = {}; }
    deferred(() => scryptSync(password, salt, keylen, options), callback);
  }

  function hkdfSync(digest, key, salt, info, keylen) {
    checkLength(keylen, 'keylen');
    const secret = key && key.export ? key.export() : bytes(key, null, 'ikm');
    const view = host.hkdf(digest, secret, bytes(salt, null, 'salt'), bytes(info, null, 'info'), keylen);
    return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength);   // Node gives an ArrayBuffer
  }
  const hkdf = (digest, key, salt, info, keylen, callback) => deferred(() => hkdfSync(digest, key, salt, info, keylen), callback);

  // Signatures with any form of key (crypto-keyobject.js, which loads after this file).
  const signBytes = (algorithm, data, key) => internals.cryptoSignatures.sign(algorithm, data, key);
  const verifyBytes = (algorithm, data, key, signature) => internals.cryptoSignatures.verify(algorithm, data, key, signature);

  const Writable = () => internals.Module._load('stream', null).Writable;
  let Sign = null, Verify = null;
  function streamClasses() {
    if (Sign) return;
    Sign = class Sign extends Writable() {
      constructor(algorithm) { super(); this._algorithm = algorithm; this._chunks = []; }
      _write(chunk, encoding, callback) { this._chunks.push(bytes(chunk, encoding)); callback(); }
      update(data, encoding) { this._chunks.push(bytes(data, encoding)); return this; }
      sign(key, encoding) { return out(signBytes(this._algorithm, Buffer.concat(this._chunks), key), encoding); }
    };
    Verify = class Verify extends Writable() {
      constructor(algorithm) { super(); this._algorithm = algorithm; this._chunks = []; }
      _write(chunk, encoding, callback) { this._chunks.push(bytes(chunk, encoding)); callback(); }
      update(data, encoding) { this._chunks.push(bytes(data, encoding)); return this; }
      verify(key, signature, encoding) { return verifyBytes(this._algorithm, Buffer.concat(this._chunks), key, bytes(signature, encoding, 'signature')); }
    };
  }

  Object.assign(crypto, {
    pbkdf2, pbkdf2Sync, scrypt, scryptSync, hkdf, hkdfSync,
    createSign: (algorithm) => { streamClasses(); return new Sign(algorithm); },
    createVerify: (algorithm) => { streamClasses(); return new Verify(algorithm); },
    sign: (algorithm, data, key, callback) => (callback ? deferred(() => signBytes(algorithm, bytes(data), key), callback) : signBytes(algorithm, bytes(data), key)),
    verify: (algorithm, data, key, signature, callback) => (callback
      ? deferred(() => verifyBytes(algorithm, bytes(data), key, bytes(signature)), callback)
      : verifyBytes(algorithm, bytes(data), key, bytes(signature))),
  });
  // The classes Node exports; made when first asked for, with the stream builtin.
  Object.defineProperty(crypto, 'Sign', { enumerable: true, configurable: true, get() { streamClasses(); return Sign; } });
  Object.defineProperty(crypto, 'Verify', { enumerable: true, configurable: true, get() { streamClasses(); return Verify; } });
})

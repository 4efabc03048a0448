// The `crypto` functions over OpenSSL (OpenSSLCryptoBindings): `pbkdf2`/`pbkdf2Sync`, `scrypt`/`scryptSync`,
// `hkdf`/`hkdfSync`, `createSign`/`createVerify` and the one-shot `sign`/`verify` (over crypto-keyobject.js's
// key handling), and AEAD ciphers (`aes-*-gcm`, `aes-*-ccm`, `chacha20-poly1305`) streamed as Node's.
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
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView. Received ${internals.inspect(value)}`);
  };
  const out = (value, encoding) => { const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength); return encoding && encoding !== 'buffer' ? b.toString(encoding) : b; };
  function checkCallback(callback) {
    if (typeof callback !== 'function') throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "callback" argument must be of type function. Received ${internals.inspect(callback)}`);
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
    if (typeof digest !== 'string') throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "digest" argument must be of type string. Received ${internals.inspect(digest)}`);
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

  const aead = /-(gcm|ccm|ocb)$|^chacha20-poly1305$/;
  class AEADCipher {
    constructor(encrypting, algorithm, key, iv, options = {}) {
      this._encrypting = encrypting;
      this._tagLength = options.authTagLength || 16;
      this._handle = host.cipherOpen(algorithm, encrypting, bytes(key, null, 'key'), bytes(iv, null, 'iv'), this._tagLength);
      this._tag = null;
      this._done = false;
    }
    setAAD(aad) { host.cipherAAD(this._handle, bytes(aad, null, 'buffer')); return this; }
    setAutoPadding() { return this; }
    update(data, inputEncoding, outputEncoding) { return out(host.cipherUpdate(this._handle, bytes(data, inputEncoding)), outputEncoding); }
    setAuthTag(tag) {
      if (this._encrypting) throw codedError(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation setAuthTag');
      host.cipherSetTag(this._handle, bytes(tag, null, 'buffer'));
      return this;
    }
    final(outputEncoding) {
      if (this._done) throw codedError(Error, 'ERR_CRYPTO_INVALID_STATE', 'Unsupported state');
      this._done = true;
      const [rest, tag] = host.cipherFinal(this._handle, this._encrypting ? this._tagLength : 0);
      if (this._encrypting) this._tag = Buffer.from(tag);
      return out(rest, outputEncoding);
    }
    getAuthTag() {
      if (!this._encrypting || !this._tag) throw codedError(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation getAuthTag');
      return this._tag;
    }
  }

  const createCipheriv = crypto.createCipheriv, createDecipheriv = crypto.createDecipheriv;
  Object.assign(crypto, {
    pbkdf2, pbkdf2Sync, scrypt, scryptSync, hkdf, hkdfSync,
    createSign: (algorithm) => { streamClasses(); return new Sign(algorithm); },
    createVerify: (algorithm) => { streamClasses(); return new Verify(algorithm); },
    sign: (algorithm, data, key, callback) => (callback ? deferred(() => signBytes(algorithm, bytes(data), key), callback) : signBytes(algorithm, bytes(data), key)),
    verify: (algorithm, data, key, signature, callback) => (callback
      ? deferred(() => verifyBytes(algorithm, bytes(data), key, bytes(signature)), callback)
      : verifyBytes(algorithm, bytes(data), key, bytes(signature))),
    createCipheriv: (algorithm, key, iv, options) => (aead.test(String(algorithm).toLowerCase())
      ? new AEADCipher(true, String(algorithm).toLowerCase(), key, iv, options) : createCipheriv(algorithm, key, iv, options)),
    createDecipheriv: (algorithm, key, iv, options) => (aead.test(String(algorithm).toLowerCase())
      ? new AEADCipher(false, String(algorithm).toLowerCase(), key, iv, options) : createDecipheriv(algorithm, key, iv, options)),
  });
  const getCiphers = crypto.getCiphers;
  crypto.getCiphers = () => getCiphers().concat(['aes-128-gcm', 'aes-192-gcm', 'aes-256-gcm', 'aes-128-ccm', 'aes-256-ccm', 'chacha20-poly1305']);
})

// The `crypto` builtin's JS half: createHash, createHmac, randomBytes, randomFillSync, randomInt, randomUUID,
// timingSafeEqual, getHashes (the other crypto-*.js files add the rest; crypto-webcrypto.js the `crypto` global).
(function (host, internals) {
  'use strict';
  const hashes = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'];
  const Buffer = () => internals.Module._load('buffer', null).Buffer;
  const toBytes = (data, encoding) => (typeof data === 'string' ? Buffer().from(data, encoding || 'utf8')
    : ArrayBuffer.isView(data) ? Buffer().from(data.buffer, data.byteOffset, data.byteLength)
    : data instanceof ArrayBuffer ? Buffer().from(data) : invalidData(data));
  function invalidData(data) {
    const e = new TypeError(`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. ${internals.received(data)}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
  const output = (bytes, encoding) => { const b = Buffer().from(bytes.buffer, bytes.byteOffset, bytes.byteLength); return encoding && encoding !== 'buffer' ? b.toString(encoding) : b; };

  class Hash {
    constructor(algorithm) {
      this._algorithm = String(algorithm).toLowerCase().replace(/^rsa-/, '').replace('sha-', 'sha');
      if (!hashes.includes(this._algorithm)) { const e = new Error('Digest method not supported'); e.code = 'ERR_OSSL_EVP_UNSUPPORTED'; throw e; }
      this._chunks = [];
      this._done = false;
    }
    update(data, encoding) {
      if (this._done) { const e = new Error('Digest already called'); e.code = 'ERR_CRYPTO_HASH_FINALIZED'; throw e; }
      this._chunks.push(toBytes(data, encoding));
      return this;
    }
    digest(encoding) {
      if (this._done) { const e = new Error('Digest already called'); e.code = 'ERR_CRYPTO_HASH_FINALIZED'; throw e; }
      this._done = true;
      return output(host.digest(this._algorithm, Buffer().concat(this._chunks)), encoding);
    }
    copy() { const h = new Hash(this._algorithm); h._chunks = this._chunks.slice(); return h; }
  }

  class Hmac {
    constructor(algorithm, key) {
      this._algorithm = String(algorithm).toLowerCase();
      this._key = key && key.export ? key.export() : toBytes(key);
      this._chunks = [];
      this._done = false;
      if (!hashes.includes(this._algorithm)) { const e = new TypeError(`Invalid digest: ${algorithm}`); e.code = 'ERR_CRYPTO_INVALID_DIGEST'; throw e; }
    }
    update(data, encoding) { this._chunks.push(toBytes(data, encoding)); return this; }
    digest(encoding) {
      if (this._done) return output(new Uint8Array(0), encoding);
      this._done = true;
      return output(host.hmac(this._algorithm, this._key, Buffer().concat(this._chunks)), encoding);
    }
  }

  function randomBytes(size, callback) {
    if (typeof size !== 'number' || size < 0 || size > 2147483647 || !Number.isInteger(size)) {
      const e = new RangeError(`The value of "size" is out of range. It must be >= 0 && <= 2147483647. Received ${internals.inspect(size)}`);
      e.code = 'ERR_OUT_OF_RANGE';
      throw e;
    }
    const bytes = Buffer().from(host.randomBytes(size).buffer);
    if (typeof callback === 'function') { process.nextTick(callback, null, bytes); return undefined; }
    return bytes;
  }
  function randomFillSync(target, offset = 0, size) {
    const view = new Uint8Array(target.buffer || target, target.byteOffset || 0, target.byteLength);
    const count = size === undefined ? view.length - offset : size;
    view.set(host.randomBytes(count), offset);
    return target;
  }

  const crypto = {
    createHash: (algorithm) => new Hash(algorithm),
    createHmac: (algorithm, key) => new Hmac(algorithm, key),
    randomBytes,
    pseudoRandomBytes: randomBytes,
    randomFillSync,
    randomFill: (target, ...rest) => { const callback = rest.pop(); randomFillSync(target, ...rest); process.nextTick(callback, null, target); },
    randomUUID: () => internals.randomUUID(),
    randomInt(min, max, callback) {
      if (max === undefined || typeof max === 'function') { callback = max; max = min; min = 0; }
      const range = max - min;
      const words = host.randomBytes(6);
      const value = min + Math.floor(((words[0] * 2 ** 40 + words[1] * 2 ** 32 + words[2] * 2 ** 24 + words[3] * 2 ** 16 + words[4] * 2 ** 8 + words[5]) / 2 ** 48) * range);
      if (typeof callback === 'function') { process.nextTick(callback, null, value); return undefined; }
      return value;
    },
    timingSafeEqual(a, b) {
      const x = toBytes(a), y = toBytes(b);
      if (x.length !== y.length) { const e = new RangeError('Input buffers must have the same byte length'); e.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH'; throw e; }
      let diff = 0;
      for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
      return diff === 0;
    },
    getHashes: () => hashes.slice(),
    Hash, Hmac,
    constants: (internals.systemConstants || (internals.Module._load('constants', null), internals.systemConstants)).crypto,
  };
  internals.builtinFactories.set('crypto', () => crypto);
})

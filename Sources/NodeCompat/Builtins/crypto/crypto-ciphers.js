// Node's cipher classes over OpenSSL's EVP (every cipher OpenSSL has, AEAD included): Cipheriv and Decipheriv
// (streams too), the deprecated Cipher and Decipher with their MD5 key derivation, setAutoPadding, AAD and tags;
// and the lookups that go with them: getCiphers, getCipherInfo, getCurves, hash, primes, FIPS and engine state.
(function (host, internals) {
  'use strict';
  const crypto = internals.Module._load('crypto', null);
  const { Buffer } = internals.Module._load('buffer', null);
  const coded = (Type, code, message) => { const e = new Type(message); e.code = code; return e; };
  const bytes = (value, encoding, name) => {
    if (typeof value === 'string') return Buffer.from(value, encoding || 'utf8');
    if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (value instanceof ArrayBuffer) return Buffer.from(value);
    if (value && value.export && value.type === 'secret') return value.export();
    throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView. ${internals.received(value)}`);
  };
  const out = (value, encoding) => { const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength); return encoding && encoding !== 'buffer' ? b.toString(encoding) : b; };
  const aead = /-(gcm|ccm|ocb)$|^chacha20-poly1305$/;

  const { Transform } = internals.Module._load('stream', null);
  const kState = Symbol('kCipherState');
  function CipherBase(encrypting, algorithm, key, iv, options = {}) {
    const name = String(algorithm).toLowerCase();
    if (!host.cipherInfo(name)) throw coded(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
    const isAead = aead.test(name);
    const tagLength = options.authTagLength || 16;
    const info = host.cipherInfo(name);
    const ivBytes = iv === null || iv === undefined ? Buffer.alloc(0) : bytes(iv, undefined, 'iv');
    if (!isAead && info[2] !== ivBytes.length && !(info[2] === 0 && ivBytes.length === 0)) {
      throw coded(TypeError, 'ERR_CRYPTO_INVALID_IV', 'Invalid initialization vector');
    }
    const handle = host.cipherOpen(name, encrypting, bytes(key, undefined, 'key'), ivBytes, tagLength);
    this[kState] = { handle, encrypting, aead: isAead, tagLength, tag: null, done: false };
    Transform.call(this, options);
  }
  Object.setPrototypeOf(CipherBase.prototype, Transform.prototype);
  Object.setPrototypeOf(CipherBase, Transform);
  CipherBase.prototype._transform = function (chunk, encoding, callback) {
    try { callback(null, this.update(chunk, encoding)); } catch (e) { callback(e); }
  };
  CipherBase.prototype._flush = function (callback) {
    try { callback(null, this.final()); } catch (e) { callback(e); }
  };
  const methods = {
    update(data, inputEncoding, outputEncoding) {
      const state = this[kState];
      if (state.done) throw coded(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation update');
      return out(host.cipherUpdate(state.handle, bytes(data, inputEncoding, 'data')), outputEncoding);
    },
    final(outputEncoding) {
      const state = this[kState];
      if (state.done) throw coded(Error, 'ERR_CRYPTO_INVALID_STATE', 'Unsupported state');
      state.done = true;
      let rest, tag;
      try { [rest, tag] = host.cipherFinal(state.handle, state.encrypting && state.aead ? state.tagLength : 0); } catch (e) {
        const failure = new Error(e.message);
        if (e.message !== 'bad decrypt') throw failure;
        // OpenSSL's words, as Node reports them: a block cipher's last block could not be padded or unpadded.
        const bad = state.encrypting ? new Error('error:1C80006B:Provider routines::wrong final block length')
          : new Error('error:1C800064:Provider routines::bad decrypt');
        const reason = state.encrypting ? 'wrong final block length' : 'bad decrypt';
        Object.assign(bad, { library: 'Provider routines', reason, code: 'ERR_OSSL_' + reason.toUpperCase().replace(/ /g, '_') });
        throw bad;
      }
      if (state.encrypting && state.aead) state.tag = Buffer.from(tag);
      return out(rest, outputEncoding);
    },
    setAutoPadding(on = true) {
      const state = this[kState];
      if (state.done || !host.cipherPadding(state.handle, on)) throw coded(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation setAutoPadding');
      return this;
    },
    setAAD(aad, options) {
      host.cipherAAD(this[kState].handle, bytes(aad, undefined, 'buffer'));
      return this;
    },
  };
  function makeClass(name, encrypting, withIv) {
    const made = { [name]: function (algorithm, key, iv, options) {
      if (!(this instanceof made)) return new made(algorithm, key, iv, options);
      if (withIv) CipherBase.call(this, encrypting, algorithm, key, iv, options);
      else {
        // createCipher's key and IV: OpenSSL's EVP_BytesToKey with MD5, one round, no salt.
        const nameLower = String(algorithm).toLowerCase();
        const info = host.cipherInfo(nameLower);
        if (!info) throw coded(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
        const password = bytes(key, undefined, 'password');
        let material = Buffer.alloc(0), block = Buffer.alloc(0);
        while (material.length < info[3] + info[2]) {
          block = crypto.createHash('md5').update(Buffer.concat([block, password])).digest();
          material = Buffer.concat([material, block]);
        }
        CipherBase.call(this, encrypting, algorithm, material.subarray(0, info[3]), material.subarray(info[3], info[3] + info[2]), iv);
      }
    } }[name];
    Object.setPrototypeOf(made.prototype, CipherBase.prototype);
    Object.setPrototypeOf(made, CipherBase);
    for (const method of ['update', 'final', 'setAutoPadding', 'setAAD']) made.prototype[method] = methods[method];
    if (encrypting) {
      made.prototype.getAuthTag = function getAuthTag() {
        const state = this[kState];
        if (!state.encrypting || !state.tag) throw coded(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation getAuthTag');
        return state.tag;
      };
    } else {
      made.prototype.setAuthTag = function setAuthTag(tag, encoding) {
        const state = this[kState];
        if (state.done) throw coded(Error, 'ERR_CRYPTO_INVALID_STATE', 'Invalid state for operation setAuthTag');
        host.cipherSetTag(state.handle, bytes(tag, encoding, 'buffer'));
        return this;
      };
    }
    return made;
  }
  const Cipheriv = makeClass('Cipheriv', true, true), Decipheriv = makeClass('Decipheriv', false, true);
  const Cipher = makeClass('Cipher', true, false), Decipher = makeClass('Decipher', false, false);

  let cipherNames = null, curveNames = null;
  const modes = ['stream', 'ecb', 'cbc', 'cfb', 'ofb', 'ctr', 'gcm', 'ccm', 'xts', 'wrap', 'ocb', 'siv'];
  Object.assign(crypto, {
    Cipher, Cipheriv, Decipher, Decipheriv,
    createCipheriv: (algorithm, key, iv, options) => new Cipheriv(algorithm, key, iv, options),
    createDecipheriv: (algorithm, key, iv, options) => new Decipheriv(algorithm, key, iv, options),
    createCipher: (algorithm, password, options) => new Cipher(algorithm, password, options),
    createDecipher: (algorithm, password, options) => new Decipher(algorithm, password, options),
    getCiphers: () => cipherNames || (cipherNames = [...new Set(host.cipherNames().split('\n').filter(Boolean).map((n) => n.toLowerCase()))].sort()),
    getCurves: () => curveNames || (curveNames = [...new Set(host.curveNames().split('\n').filter(Boolean))].sort()),
    getCipherInfo(nameOrNid, options = {}) {
      const info = host.cipherInfo(String(nameOrNid).toLowerCase());
      if (!info) return undefined;
      const [nid, blockSize, ivLength, keyLength, mode, shortName] = info;
      if (options.keyLength !== undefined && options.keyLength !== keyLength && !/^(rc|bf|cast|chacha)/.test(shortName.toLowerCase())) return undefined;
      if (options.ivLength !== undefined && options.ivLength !== ivLength && !/(gcm|ccm|ocb)$/.test(modes[mode] || '')) return undefined;
      const result = { mode: modes[mode] || 'stream', name: shortName.toLowerCase(), nid };
      if (blockSize !== 1 || mode !== 0) result.blockSize = blockSize;
      if (ivLength !== 0) result.ivLength = options.ivLength === undefined ? ivLength : options.ivLength;
      result.keyLength = options.keyLength === undefined ? keyLength : options.keyLength;
      return result;
    },
    hash(algorithm, data, outputEncoding = 'hex') {
      if (typeof data !== 'string' && !ArrayBuffer.isView(data)) throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', `The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. ${internals.received(data)}`);
      return crypto.createHash(algorithm).update(data).digest(outputEncoding === 'buffer' ? undefined : outputEncoding);
    },
    generatePrimeSync(size, options = {}) {
      if (!Number.isInteger(size) || size < 1) throw coded(RangeError, 'ERR_OUT_OF_RANGE', `The value of "size" is out of range. It must be >= 1 && <= 2147483647. Received ${size}`);
      const toBytes = (v) => (v === undefined ? undefined : typeof v === 'bigint' ? Buffer.from(v.toString(16).padStart(v.toString(16).length + (v.toString(16).length % 2), '0'), 'hex') : bytes(v, undefined, 'options.add'));
      const prime = Buffer.from(host.primeGenerate(size, Boolean(options.safe), toBytes(options.add), toBytes(options.rem)));
      if (options.bigint) return BigInt('0x' + prime.toString('hex'));
      return prime.buffer.slice(prime.byteOffset, prime.byteOffset + prime.byteLength);
    },
    generatePrime(size, options, callback) {
      if (typeof options === 'function') { callback = options; options = {}; }
      let result, error = null;
      try { result = crypto.generatePrimeSync(size, options); } catch (e) { error = e; }
      setImmediate(() => (error ? callback(error) : callback(null, result)));
    },
    checkPrimeSync(candidate, options = {}) {
      const value = typeof candidate === 'bigint' ? Buffer.from(candidate.toString(16).padStart(candidate.toString(16).length + (candidate.toString(16).length % 2), '0'), 'hex')
        : bytes(candidate, undefined, 'candidate');
      return host.primeCheck(value);
    },
    checkPrime(candidate, options, callback) {
      if (typeof options === 'function') { callback = options; options = {}; }
      let result, error = null;
      try { result = crypto.checkPrimeSync(candidate, options); } catch (e) { error = e; }
      setImmediate(() => (error ? callback(error) : callback(null, result)));
    },
    // jshost's OpenSSL runs without a FIPS provider and without engines.
    getFips: () => 0,
    setFips(on) { if (on) throw coded(Error, 'ERR_CRYPTO_FIPS_FORCED', 'Cannot set FIPS mode, it was forced with --force-fips at startup.'); },
    setEngine(id) { throw coded(Error, 'ERR_CRYPTO_ENGINE_UNKNOWN', `Engine "${id}" was not found`); },
    secureHeapUsed: () => ({ total: 0, min: 0, used: 0, utilization: 0 }),
    prng: crypto.randomBytes,
    rng: crypto.randomBytes,
  });
  Object.defineProperty(crypto, 'fips', { configurable: true, enumerable: true, get: () => 0, set: (on) => crypto.setFips(on) });
})

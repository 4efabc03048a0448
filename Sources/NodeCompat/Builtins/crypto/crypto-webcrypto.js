// Web Crypto as Node gives it (`globalThis.crypto`, `crypto.webcrypto`, `crypto.subtle`): Crypto, CryptoKey and
// SubtleCrypto written over the builtin's own key objects, signatures, ciphers and derivations, so every algorithm
// is OpenSSL's. The algorithms are Node 20's: RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP, ECDSA, ECDH, Ed25519, X25519,
// HMAC, AES-CTR/CBC/GCM/KW, PBKDF2, HKDF and the SHA digests.
(function (host, internals) {
  'use strict';
  const crypto = internals.Module._load('crypto', null);
  const { Buffer } = internals.Module._load('buffer', null);
  const domError = (name, message) => new globalThis.DOMException(message, name);
  // Where Node 20 and 24 differ in what they report (NodeOptions.nodeMajor).
  const node24 = internals.nodeMajor >= 24;
  const typeError = (code, message) => { const e = new TypeError(message); e.code = code; return e; };
  const illegal = () => typeError('ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
  const kConstruct = Symbol('kConstruct');

  const notBytes = ' is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.';
  // A BufferSource as Node's WebIDL checks it: an argument of an operation (`where` is [operation, ordinal]) or a
  // member of an algorithm's dictionary (`where` is [member, dictionary]), named in the error as Node names it.
  const bufferSource = (value, [first, second]) => {
    if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) return Buffer.from(value);
    throw typeError('ERR_INVALID_ARG_TYPE', second.endsWith('Params')
      ? `Failed to normalize algorithm: ${node24 ? `${first} in passed algorithm` : `'${first}' of '${second}' (passed algorithm)`}${notBytes}`
      : `Failed to execute '${first}' on 'SubtleCrypto': ${second} argument${notBytes}`);
  };
  const arrayBuffer = (bytes) => { const copy = new ArrayBuffer(bytes.length); new Uint8Array(copy).set(bytes); return copy; };

  // ---- algorithm names and parameters ----
  const names = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP', 'ECDSA', 'ECDH', 'Ed25519', 'X25519', 'HMAC', 'AES-CTR', 'AES-CBC',
    'AES-GCM', 'AES-KW', 'PBKDF2', 'HKDF', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
  const canonical = new Map(names.map((name) => [name.toUpperCase(), name]));
  function normalize(algorithm) {
    const object = typeof algorithm === 'string' ? { name: algorithm } : algorithm;
    if (object === null || typeof object !== 'object' || typeof object.name !== 'string') {
      throw typeError('ERR_INVALID_ARG_TYPE', `The "algorithm.name" property must be of type string. ${internals.received(object && object.name)}`);
    }
    const name = canonical.get(object.name.toUpperCase());
    if (!name) throw domError('NotSupportedError', 'Unrecognized algorithm name');
    const normalized = { ...object, name };
    if (object.hash !== undefined) normalized.hash = normalizeHash(object.hash);
    return normalized;
  }
  function normalizeHash(hash) {
    const name = canonical.get(String(typeof hash === 'string' ? hash : hash && hash.name).toUpperCase());
    if (!name || !name.startsWith('SHA-')) throw domError('NotSupportedError', 'Unrecognized algorithm name');
    return { name };
  }
  const nodeHash = (hash) => hash.name.replace('-', '').toLowerCase();
  const hashBlockBits = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };
  const rsa = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP'];
  const ec = ['ECDSA', 'ECDH'];
  const okp = ['Ed25519', 'X25519'];
  const aes = ['AES-CTR', 'AES-CBC', 'AES-GCM', 'AES-KW'];
  const curves = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };
  const webCurve = (openssl) => Object.keys(curves).find((name) => curves[name] === openssl);
  // The usages each kind of key may carry: [public, private] for key pairs, the only entry for secret keys.
  const allowedUsages = {
    'RSASSA-PKCS1-v1_5': [['verify'], ['sign']], 'RSA-PSS': [['verify'], ['sign']],
    'RSA-OAEP': [['encrypt', 'wrapKey'], ['decrypt', 'unwrapKey']], ECDSA: [['verify'], ['sign']], Ed25519: [['verify'], ['sign']],
    ECDH: [[], ['deriveKey', 'deriveBits']], X25519: [[], ['deriveKey', 'deriveBits']],
    HMAC: [['sign', 'verify']], 'AES-CTR': [['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']],
    'AES-CBC': [['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']], 'AES-GCM': [['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']],
    'AES-KW': [['wrapKey', 'unwrapKey']], PBKDF2: [['deriveKey', 'deriveBits']], HKDF: [['deriveKey', 'deriveBits']],
  };
  function checkUsages(name, type, usages) {
    const allowed = allowedUsages[name][type === 'private' ? 1 : 0];
    for (const usage of usages) {
      if (!allowed.includes(usage)) throw domError('SyntaxError', `Unsupported key usage for a${name.startsWith('A') || name.startsWith('E') || name.startsWith('R') || name.startsWith('H') ? 'n' : ''} ${name} key`);
    }
    if (usages.length === 0 && type !== 'public') throw domError('SyntaxError', 'Usages cannot be empty when creating a key.');
  }

  // ---- CryptoKey ----
  const keys = new WeakMap();   // CryptoKey → { keyObject, algorithm, usages, extractable }
  const state = (key) => {
    const found = keys.get(key);
    if (!found) throw typeError('ERR_INVALID_THIS', 'Value of "this" must be of type CryptoKey');
    return found;
  };
  class CryptoKey {
    constructor(token) { if (token !== kConstruct) throw illegal(); }
    get type() { return state(this).keyObject.type; }
    get extractable() { return state(this).extractable; }
    get algorithm() { return state(this).algorithm; }
    get usages() { return state(this).usages; }
    [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
      if (depth < 0) return this;
      const { keyObject, extractable, algorithm, usages } = state(this);
      const nested = { ...options, depth: options.depth == null ? null : options.depth - 1 };
      return `CryptoKey ${(inspect || internals.inspect)({ type: keyObject.type, extractable, algorithm, usages }, nested)}`;
    }
  }
  Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, { value: 'CryptoKey', configurable: true });
  for (const name of ['type', 'extractable', 'algorithm', 'usages']) Object.defineProperty(CryptoKey.prototype, name, { enumerable: true });
  function makeKey(keyObject, algorithm, extractable, usages) {
    const key = new CryptoKey(kConstruct);
    keys.set(key, { keyObject, algorithm, extractable: Boolean(extractable), usages: Array.from(new Set(usages)) });
    return key;
  }
  internals.isCryptoKey = (value) => keys.has(value);
  internals.keyObjectOf = (value) => state(value).keyObject;
  function use(key, usage, name) {
    if (!keys.has(key)) throw typeError('ERR_INVALID_ARG_TYPE', `The "key" argument must be an instance of CryptoKey. ${internals.received(key)}`);
    const found = state(key);
    if (name && found.algorithm.name !== name) throw domError('InvalidAccessError', 'Key algorithm mismatch');
    if (!found.usages.includes(usage)) throw domError('InvalidAccessError', `Unable to use this key to ${usage}`);
    return found;
  }

  // ---- the algorithm each key of an import or generation records ----
  function keyAlgorithm(algorithm, keyObject, generated = false) {
    const { name } = algorithm;
    if (rsa.includes(name)) {
      const details = keyObject.asymmetricKeyDetails;
      let hex = details.publicExponent.toString(16);
      if (hex.length % 2) hex = '0' + hex;
      return { name, modulusLength: details.modulusLength, publicExponent: new Uint8Array(Buffer.from(hex, 'hex')), hash: algorithm.hash };
    }
    if (ec.includes(name)) return { name, namedCurve: webCurve(keyObject.asymmetricKeyDetails.namedCurve) };
    if (name === 'HMAC') {
      return node24 || generated ? { name, length: keyObject.symmetricKeySize * 8, hash: algorithm.hash } : { name, hash: algorithm.hash, length: keyObject.symmetricKeySize * 8 };
    }
    if (aes.includes(name)) return { name, length: keyObject.symmetricKeySize * 8 };
    return { name };
  }
  function checkKeyType(algorithm, keyObject) {
    const type = keyObject.asymmetricKeyType;
    const { name } = algorithm;
    const expected = rsa.includes(name) ? ['rsa'] : ec.includes(name) ? ['ec'] : name === 'Ed25519' ? ['ed25519'] : name === 'X25519' ? ['x25519'] : null;
    if (expected && !expected.includes(type)) throw domError('DataError', 'Invalid key type');
    if (ec.includes(name) && algorithm.namedCurve !== undefined && curves[algorithm.namedCurve] !== keyObject.asymmetricKeyDetails.namedCurve) {
      throw domError('DataError', 'Named curve mismatch');
    }
  }

  // ---- digests, signatures, ciphers ----
  function digest(algorithm, data) {
    const { name } = normalize(algorithm);
    if (!name.startsWith('SHA-')) throw domError('NotSupportedError', 'Unrecognized algorithm name');
    return arrayBuffer(crypto.createHash(nodeHash({ name })).update(bufferSource(data, ['digest', '2nd'])).digest());
  }
  function signatureOptions(found, params) {
    const { keyObject, algorithm } = found;
    switch (algorithm.name) {
      case 'RSASSA-PKCS1-v1_5': return [nodeHash(algorithm.hash), { key: keyObject }];
      case 'RSA-PSS': return [nodeHash(algorithm.hash), { key: keyObject, padding: 6, saltLength: params.saltLength }];
      case 'ECDSA': return [nodeHash(normalizeHash(params.hash)), { key: keyObject, dsaEncoding: 'ieee-p1363' }];
      case 'Ed25519': return [null, { key: keyObject }];
      default: throw domError('InvalidAccessError', 'The requested operation is not valid for the provided key');
    }
  }
  function sign(algorithm, key, data) {
    const params = normalize(algorithm);
    const bytes = bufferSource(data, ['sign', '3rd']);
    const found = use(key, 'sign', params.name);
    if (params.name === 'HMAC') return arrayBuffer(crypto.createHmac(nodeHash(found.algorithm.hash), found.keyObject.export()).update(bytes).digest());
    const [hash, options] = signatureOptions(found, params);
    return arrayBuffer(crypto.sign(hash, bytes, options));
  }
  function verify(algorithm, key, signature, data) {
    const params = normalize(algorithm);
    const expected = bufferSource(signature, ['verify', '3rd']);
    const bytes = bufferSource(data, ['verify', '4th']);
    const found = use(key, 'verify', params.name);
    if (params.name === 'HMAC') {
      const actual = crypto.createHmac(nodeHash(found.algorithm.hash), found.keyObject.export()).update(bytes).digest();
      return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
    }
    const [hash, options] = signatureOptions(found, params);
    try { return crypto.verify(hash, bytes, options, expected); } catch { return false; }
  }
  function aesCipher(encrypting, params, keyObject, data) {
    const bits = keyObject.symmetricKeySize * 8;
    const fail = () => domError('OperationError', 'The operation failed for an operation-specific reason');
    switch (params.name) {
      case 'AES-CBC': {
        const iv = bufferSource(params.iv, ['iv', 'AesCbcParams']);
        if (iv.length !== 16) throw domError('OperationError', 'algorithm.iv must contain exactly 16 bytes');
        const cipher = (encrypting ? crypto.createCipheriv : crypto.createDecipheriv)(`aes-${bits}-cbc`, keyObject.export(), iv);
        try { return Buffer.concat([cipher.update(data), cipher.final()]); } catch { throw fail(); }
      }
      case 'AES-CTR': {
        const counter = bufferSource(params.counter, ['counter', 'AesCtrParams']);
        if (counter.length !== 16) throw domError('OperationError', 'algorithm.counter must contain exactly 16 bytes');
        if (!(params.length > 0 && params.length <= 128)) throw domError('OperationError', 'AES-CTR algorithm.length must be between 1 and 128');
        const cipher = (encrypting ? crypto.createCipheriv : crypto.createDecipheriv)(`aes-${bits}-ctr`, keyObject.export(), counter);
        return Buffer.concat([cipher.update(data), cipher.final()]);
      }
      case 'AES-GCM': {
        const iv = bufferSource(params.iv, ['iv', 'AesGcmParams']);
        const tagBytes = (params.tagLength === undefined ? 128 : params.tagLength) / 8;
        if (![4, 8, 12, 13, 14, 15, 16].includes(tagBytes)) throw domError('OperationError', `${params.tagLength} is not a valid AES-GCM tag length`);
        const options = { authTagLength: tagBytes };
        const aad = params.additionalData === undefined ? null : bufferSource(params.additionalData, ['additionalData', 'AesGcmParams']);
        if (encrypting) {
          const cipher = crypto.createCipheriv(`aes-${bits}-gcm`, keyObject.export(), iv, options);
          if (aad) cipher.setAAD(aad);
          return Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
        }
        if (data.length < tagBytes) throw domError('OperationError', 'The provided data is too small.');
        const decipher = crypto.createDecipheriv(`aes-${bits}-gcm`, keyObject.export(), iv, options);
        decipher.setAuthTag(data.subarray(data.length - tagBytes));
        if (aad) decipher.setAAD(aad);
        try { return Buffer.concat([decipher.update(data.subarray(0, data.length - tagBytes)), decipher.final()]); } catch { throw fail(); }
      }
      case 'AES-KW': {
        if (data.length % 8 !== 0) throw domError('OperationError', 'The operation failed for an operation-specific reason');
        const cipher = (encrypting ? crypto.createCipheriv : crypto.createDecipheriv)(`id-aes${bits}-wrap`, keyObject.export(), Buffer.from('a6a6a6a6a6a6a6a6', 'hex'));
        try { return Buffer.concat([cipher.update(data), cipher.final()]); } catch { throw fail(); }
      }
      default: throw domError('InvalidAccessError', 'The requested operation is not valid for the provided key');
    }
  }
  function cipher(encrypting, params, found, data) {
    if (params.name === 'RSA-OAEP') {
      const options = { key: found.keyObject, padding: 4, oaepHash: nodeHash(found.algorithm.hash) };
      if (params.label !== undefined) options.oaepLabel = bufferSource(params.label, ['label', 'RsaOaepParams']);
      try { return encrypting ? crypto.publicEncrypt(options, data) : crypto.privateDecrypt(options, data); } catch {
        throw domError('OperationError', 'The operation failed for an operation-specific reason');
      }
    }
    return aesCipher(encrypting, params, found.keyObject, data);
  }
  function encrypt(algorithm, key, data) {
    const params = normalize(algorithm);
    const bytes = bufferSource(data, ['encrypt', '3rd']);
    return arrayBuffer(cipher(true, params, use(key, 'encrypt', params.name), bytes));
  }
  function decrypt(algorithm, key, data) {
    const params = normalize(algorithm);
    const bytes = bufferSource(data, ['decrypt', '3rd']);
    return arrayBuffer(cipher(false, params, use(key, 'decrypt', params.name), bytes));
  }

  // ---- derivations ----
  function deriveBitsOf(params, found, length) {
    const { keyObject } = found;
    switch (params.name) {
      case 'PBKDF2': {
        if (length === null || length === undefined || length % 8) throw domError('OperationError', 'Invalid PBKDF2 length');
        if (!(params.iterations > 0)) throw domError('OperationError', 'iterations cannot be zero');
        return crypto.pbkdf2Sync(keyObject.export(), bufferSource(params.salt, ['salt', 'Pbkdf2Params']), params.iterations, length / 8, nodeHash(params.hash));
      }
      case 'HKDF': {
        if (length === null || length === undefined || length % 8) throw domError('OperationError', 'Invalid HKDF length');
        return Buffer.from(crypto.hkdfSync(nodeHash(params.hash), keyObject.export(), bufferSource(params.salt, ['salt', 'HkdfParams']),
          bufferSource(params.info, ['info', 'HkdfParams']), length / 8));
      }
      case 'ECDH': case 'X25519': {
        const peer = params.public;
        if (!keys.has(peer)) throw typeError('ERR_INVALID_ARG_TYPE', `The "algorithm.public" property must be an instance of CryptoKey. ${internals.received(peer)}`);
        const other = state(peer);
        if (other.keyObject.type !== 'public') throw domError('InvalidAccessError', 'algorithm.public must be a public key');
        if (other.algorithm.name !== found.algorithm.name) throw domError('InvalidAccessError', 'The public and private keys must be of the same type');
        const secret = crypto.diffieHellman({ privateKey: keyObject, publicKey: other.keyObject });
        if (length === null || length === undefined) return secret;
        if (length > secret.length * 8) throw domError('OperationError', 'derived bit length is too small');
        const result = Buffer.from(secret.subarray(0, Math.ceil(length / 8)));
        if (length % 8) result[result.length - 1] &= 0xff << (8 - (length % 8));
        return result;
      }
      default: throw domError('InvalidAccessError', 'The requested operation is not valid for the provided key');
    }
  }
  function deriveBits(algorithm, key, length) {
    const params = normalize(algorithm);
    return arrayBuffer(deriveBitsOf(params, use(key, 'deriveBits', params.name), length));
  }
  function derivedLength(algorithm) {
    if (aes.includes(algorithm.name)) {
      if (![128, 192, 256].includes(algorithm.length)) throw domError('OperationError', 'Invalid key length');
      return algorithm.length;
    }
    if (algorithm.name === 'HMAC') return algorithm.length === undefined ? hashBlockBits[algorithm.hash.name] : algorithm.length;
    if (algorithm.name === 'HKDF' || algorithm.name === 'PBKDF2') return null;
    throw domError('NotSupportedError', 'Unrecognized algorithm name');
  }
  function deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, usages) {
    const params = normalize(algorithm);
    const target = normalize(derivedKeyAlgorithm);
    const bits = deriveBitsOf(params, use(baseKey, 'deriveKey', params.name), derivedLength(target));
    return importKey('raw', bits, target, extractable, usages);
  }

  // ---- generation ----
  function generateKey(algorithm, extractable, usages) {
    const params = normalize(algorithm);
    const { name } = params;
    usages = Array.from(usages || []);
    if (rsa.includes(name) || ec.includes(name) || okp.includes(name)) {
      const [publicAllowed, privateAllowed] = allowedUsages[name];
      for (const usage of usages) if (!publicAllowed.includes(usage) && !privateAllowed.includes(usage)) checkUsages(name, 'private', [usage]);
      let pair;
      if (rsa.includes(name)) {
        const exponent = Buffer.from(bufferSource(params.publicExponent, ['publicExponent', 'RsaHashedKeyGenParams'])).readUIntBE(0, Math.min(6, params.publicExponent.byteLength));
        pair = crypto.generateKeyPairSync('rsa', { modulusLength: params.modulusLength, publicExponent: exponent });
      } else if (ec.includes(name)) {
        if (!curves[params.namedCurve]) throw domError('NotSupportedError', 'Unrecognized namedCurve');
        pair = crypto.generateKeyPairSync('ec', { namedCurve: curves[params.namedCurve] });
      } else {
        pair = crypto.generateKeyPairSync(name.toLowerCase());
      }
      const privateUsages = privateAllowed.filter((usage) => usages.includes(usage));
      if (privateUsages.length === 0) throw domError('SyntaxError', 'Usages cannot be empty when creating a key.');
      const keyAlgo = keyAlgorithm(params, pair.publicKey);
      return {
        publicKey: makeKey(pair.publicKey, keyAlgo, true, publicAllowed.filter((usage) => usages.includes(usage))),
        privateKey: makeKey(pair.privateKey, keyAlgo, extractable, privateUsages),
      };
    }
    if (name === 'HMAC' || aes.includes(name)) {
      checkUsages(name, 'secret', usages);
      const length = name === 'HMAC' ? (params.length === undefined ? hashBlockBits[params.hash.name] : params.length) : params.length;
      if (aes.includes(name) && ![128, 192, 256].includes(length)) throw domError('OperationError', 'AES key length must be 128, 192, or 256 bits');
      if (name === 'HMAC' && !(length > 0)) throw domError('OperationError', 'Invalid key length');
      const secret = crypto.createSecretKey(crypto.randomBytes(Math.ceil(length / 8)));
      return makeKey(secret, keyAlgorithm(params, secret, true), extractable, usages);
    }
    throw domError('NotSupportedError', 'Unrecognized algorithm name');
  }

  // ---- import and export ----
  const rawPrefixes = {
    'P-256': '3059301306072a8648ce3d020106082a8648ce3d030107034200',
    'P-384': '3076301006072a8648ce3d020106052b81040022036200',
    'P-521': '30819b301006072a8648ce3d020106052b8104002303818600',
    Ed25519: '302a300506032b6570032100', X25519: '302a300506032b656e032100',
  };
  const jwkAlgorithms = {
    'RSASSA-PKCS1-v1_5': (hash) => `RS${hash.slice(4)}`, 'RSA-PSS': (hash) => `PS${hash.slice(4)}`,
    'RSA-OAEP': (hash) => (hash === 'SHA-1' ? 'RSA-OAEP' : `RSA-OAEP-${hash.slice(4)}`), HMAC: (hash) => `HS${hash.slice(4)}`,
    Ed25519: () => 'EdDSA',
  };
  const jwkAlgorithm = (algorithm) => (jwkAlgorithms[algorithm.name] ? jwkAlgorithms[algorithm.name](algorithm.hash && algorithm.hash.name)
    : aes.includes(algorithm.name) ? `A${algorithm.length}${algorithm.name.slice(4)}` : undefined);
  function importKey(format, keyData, algorithm, extractable, usages) {
    const params = normalize(algorithm);
    const { name } = params;
    usages = Array.from(usages || []);
    let keyObject;
    const secret = name === 'HMAC' || aes.includes(name) || name === 'PBKDF2' || name === 'HKDF';
    if (format === 'raw') {
      const bytes = bufferSource(keyData, ['importKey', '2nd']);
      if (secret) keyObject = crypto.createSecretKey(Buffer.from(bytes));
      else if (rawPrefixes[params.namedCurve || name]) {
        keyObject = crypto.createPublicKey({ key: Buffer.concat([Buffer.from(rawPrefixes[params.namedCurve || name], 'hex'), bytes]), format: 'der', type: 'spki' });
      } else throw domError('NotSupportedError', `Unable to import ${name} key with format raw`);
    } else if (format === 'spki' || format === 'pkcs8') {
      if (secret) throw domError('NotSupportedError', `Unable to import ${name} key with format ${format}`);
      const der = Buffer.from(bufferSource(keyData, ['importKey', '2nd']));
      try {
        keyObject = format === 'spki' ? crypto.createPublicKey({ key: der, format: 'der', type: 'spki' }) : crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      } catch { throw domError('DataError', 'Invalid keyData'); }
    } else if (format === 'jwk') {
      if (keyData === null || typeof keyData !== 'object') throw typeError('ERR_INVALID_ARG_TYPE', `The "keyData" argument must be of type object. ${internals.received(keyData)}`);
      if (keyData.ext === false && extractable) throw domError('DataError', 'JWK "ext" Parameter and extractable mismatch');
      if (Array.isArray(keyData.key_ops) && usages.some((usage) => !keyData.key_ops.includes(usage))) throw domError('DataError', 'Key operations and usage mismatch');
      if (secret) {
        if (keyData.kty !== 'oct') throw domError('DataError', 'Invalid JWK "kty" Parameter');
        keyObject = crypto.createSecretKey(Buffer.from(String(keyData.k), 'base64url'));
      } else {
        try {
          keyObject = keyData.d !== undefined ? crypto.createPrivateKey({ key: keyData, format: 'jwk' }) : crypto.createPublicKey({ key: keyData, format: 'jwk' });
        } catch { throw domError('DataError', 'Invalid keyData'); }
      }
    } else {
      throw domError('NotSupportedError', `Unable to import ${name} key with format ${format}`);
    }
    if (format === 'jwk' && keyData.alg !== undefined && !(name === 'ECDSA' || name === 'ECDH' || name === 'X25519')) {
      const expected = jwkAlgorithm(keyAlgorithm(params, keyObject));
      if (expected && keyData.alg !== expected) throw domError('DataError', 'JWK "alg" does not match the requested algorithm');
    }
    if (secret) {
      if (aes.includes(name) && ![16, 24, 32].includes(keyObject.symmetricKeySize)) throw domError('DataError', 'Invalid key length');
      if ((name === 'PBKDF2' || name === 'HKDF') && extractable) throw domError('SyntaxError', `${name} keys are not extractable`);
    } else checkKeyType(params, keyObject);
    checkUsages(name, keyObject.type, usages);
    return makeKey(keyObject, keyAlgorithm(params, keyObject), extractable, usages);
  }
  function exportKey(format, key) {
    if (!keys.has(key)) throw typeError('ERR_INVALID_ARG_TYPE', `The "key" argument must be an instance of CryptoKey. ${internals.received(key)}`);
    const { keyObject, algorithm, extractable, usages } = state(key);
    // Node 20 names this error InvalidAccessException.
    if (!extractable) throw domError(node24 ? 'InvalidAccessError' : 'InvalidAccessException', 'key is not extractable');
    const { name } = algorithm;
    switch (format) {
      case 'raw':
        if (keyObject.type === 'secret') return arrayBuffer(keyObject.export());
        if (keyObject.type === 'public' && rawPrefixes[algorithm.namedCurve || name]) {
          const der = keyObject.export({ type: 'spki', format: 'der' });
          return arrayBuffer(der.subarray(rawPrefixes[algorithm.namedCurve || name].length / 2));
        }
        break;
      case 'spki': if (keyObject.type === 'public') return arrayBuffer(keyObject.export({ type: 'spki', format: 'der' })); break;
      case 'pkcs8': if (keyObject.type === 'private') return arrayBuffer(keyObject.export({ type: 'pkcs8', format: 'der' })); break;
      case 'jwk': {
        const jwk = { key_ops: usages.slice(), ext: extractable };
        const alg = jwkAlgorithm(algorithm);
        if (node24 && alg) jwk.alg = alg;
        Object.assign(jwk, keyObject.export({ format: 'jwk' }));
        if (!node24 && alg) jwk.alg = alg;
        return jwk;
      }
      default: break;
    }
    throw domError('NotSupportedError', `Unable to export a ${keyObject.type} ${name} key as ${format}`);
  }
  function wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    const params = normalize(wrapAlgorithm);
    const found = use(wrappingKey, 'wrapKey', params.name);
    let exported = exportKey(format, key);
    exported = format === 'jwk' ? Buffer.from(JSON.stringify(exported)) : Buffer.from(exported);
    return arrayBuffer(cipher(true, params, found, exported));
  }
  function unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, usages) {
    const params = normalize(unwrapAlgorithm);
    const found = use(unwrappingKey, 'unwrapKey', params.name);
    const bytes = cipher(false, params, found, bufferSource(wrappedKey, ['unwrapKey', '2nd']));
    let keyData = bytes;
    if (format === 'jwk') {
      try { keyData = JSON.parse(bytes.toString('utf8')); } catch { throw domError('DataError', 'Invalid wrapped JWK key'); }
    }
    return importKey(format, keyData, unwrappedKeyAlgorithm, extractable, usages);
  }

  // ---- SubtleCrypto and Crypto ----
  const promised = (work) => function (...args) {
    if (!(this instanceof SubtleCrypto)) return Promise.reject(typeError('ERR_INVALID_THIS', 'Value of "this" must be of type SubtleCrypto'));
    try { return Promise.resolve(work(...args)); } catch (error) { return Promise.reject(error); }
  };
  class SubtleCrypto { constructor(token) { if (token !== kConstruct) throw illegal(); } }
  const operations = { encrypt, decrypt, sign, verify, digest, generateKey, deriveKey, deriveBits, importKey, exportKey, wrapKey, unwrapKey };
  for (const [name, work] of Object.entries(operations)) {
    const method = { [name]: promised(work) }[name];
    Object.defineProperty(SubtleCrypto.prototype, name, { value: method, writable: true, enumerable: true, configurable: true });
  }
  Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, { value: 'SubtleCrypto', configurable: true });
  const subtle = new SubtleCrypto(kConstruct);

  const integerArrays = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];
  class Crypto {
    constructor(token) { if (token !== kConstruct) throw illegal(); }
    get subtle() { if (!(this instanceof Crypto)) throw typeError('ERR_INVALID_THIS', 'Value of "this" must be of type Crypto'); return subtle; }
    getRandomValues(array) {
      if (!(this instanceof Crypto)) throw typeError('ERR_INVALID_THIS', 'Value of "this" must be of type Crypto');
      if (!integerArrays.some((Type) => array instanceof Type) && !(array instanceof DataView || (array && array.constructor && array.constructor.name === 'Buffer'))) {
        throw domError('TypeMismatchError', 'The data argument must be an integer-type TypedArray');
      }
      if (array.byteLength > 65536) {
        throw domError('QuotaExceededError', 'The requested length exceeds 65,536 bytes');
      }
      return crypto.randomFillSync(array);
    }
    randomUUID() {
      if (!(this instanceof Crypto)) throw typeError('ERR_INVALID_THIS', 'Value of "this" must be of type Crypto');
      return crypto.randomUUID();
    }
  }
  for (const name of ['subtle', 'getRandomValues', 'randomUUID']) {
    Object.defineProperty(Crypto.prototype, name, { ...Object.getOwnPropertyDescriptor(Crypto.prototype, name), enumerable: true });
  }
  Object.defineProperty(Crypto.prototype, Symbol.toStringTag, { value: 'Crypto', configurable: true });
  const webcrypto = new Crypto(kConstruct);

  Object.assign(crypto, { webcrypto, subtle, getRandomValues: (array) => webcrypto.getRandomValues(array) });
  // A global the component assigned before first use keeps the component's value (see defer.js).
  for (const [name, value] of Object.entries({ crypto: webcrypto, Crypto, CryptoKey, SubtleCrypto })) {
    if (Object.prototype.hasOwnProperty.call(globalThis, name)) continue;
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
})

// Node's key objects over OpenSSL (KeyBindings): `KeyObject` and `createSecretKey`/`createPublicKey`/
// `createPrivateKey` from PEM, DER and JWK, `export` to each, `generateKeyPair(Sync)` and `generateKey(Sync)`,
// `sign`/`verify` with any key form (RSA, RSA-PSS, ECDSA with `dsaEncoding`, Ed25519), `publicEncrypt`/
// `privateDecrypt` and the reverse, `diffieHellman`, and `createECDH`. JWK is read and written through DER, which
// this file encodes and decodes itself.
(function (host, internals) {
  'use strict';
  const crypto = internals.Module._load('crypto', null);
  const { Buffer } = internals.Module._load('buffer', null);
  const coded = (Type, code, message) => { const e = new Type(message); e.code = code; return e; };
  const invalidArg = (name, expected, value) => coded(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be ${expected}. ${internals.received(value)}`);
  const toBuffer = (value, encoding) => (typeof value === 'string' ? Buffer.from(value, encoding || 'utf8')
    : ArrayBuffer.isView(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      : value instanceof ArrayBuffer ? Buffer.from(value) : null);
  const output = (bytes, encoding) => { const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength); return encoding && encoding !== 'buffer' ? b.toString(encoding) : b; };
  const later = (compute, callback) => {
    if (typeof callback !== 'function') throw invalidArg('callback', 'of type function', callback);
    let result, error = null;
    try { result = compute(); } catch (e) { error = e; }
    setImmediate(() => (error ? callback(error) : Array.isArray(result) ? callback(null, ...result) : callback(null, result)));
  };

  // ---- DER, as much of it as keys need ----
  const der = {
    length(n) {
      if (n < 0x80) return [n];
      const bytes = [];
      for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
      return [0x80 | bytes.length, ...bytes];
    },
    tlv(tag, body) { return Buffer.concat([Buffer.from([tag, ...der.length(body.length)]), body]); },
    seq: (...parts) => der.tlv(0x30, Buffer.concat(parts)),
    int(bytes) {
      let b = Buffer.from(bytes);
      let i = 0;
      while (i < b.length - 1 && b[i] === 0) i++;
      b = b.subarray(i);
      if (b.length === 0) b = Buffer.from([0]);
      return der.tlv(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
    },
    small: (n) => der.tlv(0x02, Buffer.from([n])),
    octet: (bytes) => der.tlv(0x04, Buffer.from(bytes)),
    bits: (bytes) => der.tlv(0x03, Buffer.concat([Buffer.from([0]), Buffer.from(bytes)])),
    nul: () => Buffer.from([0x05, 0x00]),
    oid(dotted) {
      const parts = dotted.split('.').map(Number);
      const out = [parts[0] * 40 + parts[1]];
      for (const part of parts.slice(2)) {
        const chunk = [];
        let v = part;
        do { chunk.unshift(v & 0x7f); v = Math.floor(v / 128); } while (v > 0);
        for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
        out.push(...chunk);
      }
      return der.tlv(0x06, Buffer.from(out));
    },
    context: (n, body) => der.tlv(0xa0 + n, body),
  };
  const oids = { rsa: '1.2.840.113549.1.1.1', ec: '1.2.840.10045.2.1', ed25519: '1.3.101.112', x25519: '1.3.101.110',
    ed448: '1.3.101.113', x448: '1.3.101.111' };
  const curves = { 'P-256': ['prime256v1', '1.2.840.10045.3.1.7', 32], 'P-384': ['secp384r1', '1.3.132.0.34', 48],
    'P-521': ['secp521r1', '1.3.132.0.35', 66], secp256k1: ['secp256k1', '1.3.132.0.10', 32] };
  const jwkCurve = (openssl) => Object.keys(curves).find((name) => curves[name][0] === openssl);
  const okpCurves = { ed25519: 'Ed25519', ed448: 'Ed448', x25519: 'X25519', x448: 'X448' };
  const b64 = (bytes) => Buffer.from(bytes).toString('base64url');
  const unb64 = (text, name) => {
    if (typeof text !== 'string') throw coded(TypeError, 'ERR_CRYPTO_INVALID_JWK', 'Invalid JWK data');
    return Buffer.from(text, 'base64url');
  };
  const pad = (bytes, size) => (bytes.length >= size ? Buffer.from(bytes) : Buffer.concat([Buffer.alloc(size - bytes.length), Buffer.from(bytes)]));

  // ---- key objects ----
  const kState = Symbol('kKeyState');
  const handles = new WeakMap();   // asymmetric key object → { id, token } (the token keeps the OpenSSL key alive)
  class KeyObject {
    constructor(type, handle) {
      if (type !== 'secret' && type !== 'public' && type !== 'private') throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' is invalid. Received ${internals.inspect(type)}`);
      Object.defineProperty(this, kState, { value: { type }, enumerable: false });
      if (handle) handles.set(this, handle);
    }
    get type() { return this[kState].type; }
    equals(other) {
      if (!(other instanceof KeyObject)) throw invalidArg('otherKeyObject', 'an instance of KeyObject', other);
      if (other.type !== this.type) return false;
      if (this.type === 'secret') return secretOf(this).length === secretOf(other).length && crypto.timingSafeEqual(secretOf(this), secretOf(other));
      return host.keyEquals(handles.get(this).id, handles.get(other).id);
    }
    static from(key) {
      if (!internals.isCryptoKey || !internals.isCryptoKey(key)) throw invalidArg('key', 'an instance of CryptoKey', key);
      return internals.keyObjectOf(key);
    }
    [Symbol.for('nodejs.util.inspect.custom')]() { return `${this.constructor.name} [KeyObject] { type: '${this.type}' }`; }
  }
  const secretOf = (key) => key[kState].secret;
  class SecretKeyObject extends KeyObject {
    constructor(bytes) { super('secret'); this[kState].secret = Buffer.from(bytes); }
    get symmetricKeySize() { return this[kState].secret.length; }
    export(options) {
      if (options && options.format === 'jwk') return { kty: 'oct', k: b64(this[kState].secret) };
      return Buffer.from(this[kState].secret);
    }
  }
  class AsymmetricKeyObject extends KeyObject {
    get asymmetricKeyType() { return info(this).type; }
    get asymmetricKeyDetails() {
      const details = info(this);
      if (details.type === 'rsa' || details.type === 'rsa-pss') {
        const e = host.keyParam(handles.get(this).id, 'e');
        return { modulusLength: details.bits, publicExponent: e ? BigInt('0x' + Buffer.from(e).toString('hex')) : 65537n };
      }
      if (details.type === 'ec') return { namedCurve: details.curve };
      return {};
    }
  }
  const infos = new WeakMap();
  function info(key) {
    const handle = handles.get(key);
    let found = infos.get(handle);
    if (!found) {
      const [type, bits, curve] = host.keyInfo(handle.id);
      found = { type, bits, curve };
      infos.set(handle, found);
    }
    return found;
  }
  class PublicKeyObject extends AsymmetricKeyObject {
    constructor(handle) { super('public', handle); }
    export(options) { return exportKey(this, false, options || {}); }
  }
  class PrivateKeyObject extends AsymmetricKeyObject {
    constructor(handle) { super('private', handle); }
    export(options) { return exportKey(this, true, options || {}); }
  }
  internals.isKeyObject = (value) => value instanceof KeyObject;
  const wrap = ([id, token, isPrivate], wantPrivate) => {
    const handle = { id, token };
    return (wantPrivate === undefined ? isPrivate : wantPrivate) ? new PrivateKeyObject(handle) : new PublicKeyObject(handle);
  };

  function exportKey(key, isPrivate, options) {
    const { id } = handles.get(key);
    const format = options.format === undefined ? 'pem' : options.format;
    if (format === 'jwk') return isPrivate ? privateJwk(key) : publicJwk(key);
    if (format !== 'pem' && format !== 'der') throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.format' must be one of: 'pem', 'der', 'jwk'. Received ${internals.inspect(options.format)}`);
    const type = options.type;
    const keyType = info(key).type;
    if (!isPrivate) {
      if (type !== 'spki' && type !== 'pkcs1') throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.type' must be one of: 'pkcs1', 'spki'. Received ${internals.inspect(type)}`);
      if (type === 'pkcs1' && keyType !== 'rsa') throw coded(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS', 'The selected key encoding pkcs1 can only be used for RSA keys.');
    } else {
      if (type !== 'pkcs8' && type !== 'pkcs1' && type !== 'sec1') throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.type' must be one of: 'pkcs1', 'pkcs8', 'sec1'. Received ${internals.inspect(type)}`);
      if (type === 'pkcs1' && keyType !== 'rsa') throw coded(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS', 'The selected key encoding pkcs1 can only be used for RSA keys.');
      if (type === 'sec1' && keyType !== 'ec') throw coded(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS', 'The selected key encoding sec1 can only be used for EC keys.');
      if (options.cipher !== undefined && format === 'der' && type !== 'pkcs8') throw coded(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS', `The selected key encoding ${type} does not support encryption.`);
    }
    const structure = type === 'spki' ? 'SubjectPublicKeyInfo'
      : type === 'pkcs8' ? (options.cipher !== undefined ? 'EncryptedPrivateKeyInfo' : 'PrivateKeyInfo') : 'type-specific';
    const passphrase = options.cipher === undefined ? undefined : toBuffer(options.passphrase === undefined ? '' : options.passphrase, options.encoding);
    const bytes = host.keyExport(id, isPrivate, format === 'der', structure, options.cipher, passphrase);
    return format === 'pem' ? Buffer.from(bytes).toString('latin1') : output(bytes);
  }

  function publicJwk(key) {
    const { id } = handles.get(key);
    const { type, curve } = info(key);
    if (type === 'rsa') return { kty: 'RSA', n: b64(host.keyParam(id, 'n')), e: b64(host.keyParam(id, 'e')) };
    if (type === 'ec') {
      const crv = jwkCurve(curve);
      if (!crv) throw coded(Error, 'ERR_CRYPTO_JWK_UNSUPPORTED_CURVE', `Unsupported JWK EC curve: ${curve}.`);
      const size = curves[crv][2];
      return { kty: 'EC', x: b64(pad(host.keyParam(id, 'qx'), size)), y: b64(pad(host.keyParam(id, 'qy'), size)), crv };
    }
    if (okpCurves[type]) return { crv: okpCurves[type], x: b64(host.keyRaw(id, false)), kty: 'OKP' };
    throw coded(Error, 'ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE', 'Unsupported JWK Key Type.');
  }
  function privateJwk(key) {
    const { id } = handles.get(key);
    const { type, curve } = info(key);
    if (type === 'rsa') {
      const jwk = publicJwk(key);
      for (const [name, param] of [['d', 'd'], ['p', 'rsa-factor1'], ['q', 'rsa-factor2'], ['dp', 'rsa-exponent1'], ['dq', 'rsa-exponent2'], ['qi', 'rsa-coefficient1']]) {
        jwk[name] = b64(host.keyParam(id, param));
      }
      return jwk;
    }
    if (type === 'ec') return { ...publicJwk(key), d: b64(pad(host.keyParam(id, 'priv'), curves[jwkCurve(curve)][2])) };
    if (okpCurves[type]) return { crv: okpCurves[type], d: b64(host.keyRaw(id, true)), x: b64(host.keyRaw(id, false)), kty: 'OKP' };
    throw coded(Error, 'ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE', 'Unsupported JWK Key Type.');
  }

  // A JWK as DER that OpenSSL reads: PKCS#1 or SEC1 or PKCS#8 for private keys, SubjectPublicKeyInfo for public.
  function jwkToDer(jwk, wantPrivate) {
    if (jwk === null || typeof jwk !== 'object') throw invalidArg('key.key', 'of type object', jwk);
    const isPrivate = wantPrivate && jwk.d !== undefined;
    if (wantPrivate && jwk.d === undefined) throw coded(TypeError, 'ERR_CRYPTO_INVALID_JWK', 'Invalid JWK private key');
    if (jwk.kty === 'RSA') {
      const n = unb64(jwk.n), e = unb64(jwk.e);
      if (!isPrivate) return der.seq(der.seq(der.oid(oids.rsa), der.nul()), der.bits(der.seq(der.int(n), der.int(e))));
      const parts = ['d', 'p', 'q', 'dp', 'dq', 'qi'].map((name) => der.int(unb64(jwk[name])));
      return der.seq(der.small(0), der.int(n), der.int(e), ...parts);
    }
    if (jwk.kty === 'EC') {
      const curve = curves[jwk.crv];
      if (!curve) throw coded(TypeError, 'ERR_CRYPTO_INVALID_JWK', 'Invalid JWK EC key');
      const point = Buffer.concat([Buffer.from([4]), pad(unb64(jwk.x), curve[2]), pad(unb64(jwk.y), curve[2])]);
      if (!isPrivate) return der.seq(der.seq(der.oid(oids.ec), der.oid(curve[1])), der.bits(point));
      return der.seq(der.small(1), der.octet(pad(unb64(jwk.d), curve[2])), der.context(0, der.oid(curve[1])), der.context(1, der.bits(point)));
    }
    if (jwk.kty === 'OKP') {
      const type = Object.keys(okpCurves).find((name) => okpCurves[name] === jwk.crv);
      if (!type) throw coded(TypeError, 'ERR_CRYPTO_INVALID_JWK', 'Invalid JWK OKP key');
      if (!isPrivate) return der.seq(der.seq(der.oid(oids[type])), der.bits(unb64(jwk.x)));
      return der.seq(der.small(0), der.seq(der.oid(oids[type])), der.octet(der.octet(unb64(jwk.d))));
    }
    throw coded(TypeError, 'ERR_CRYPTO_INVALID_JWK', 'Invalid JWK data');
  }

  // OpenSSL's failures as Node reports them: `error:1E08010C:DECODER routines::unsupported` with library, reason and
  // a code made of the reason (ERR_OSSL_UNSUPPORTED, ERR_OSSL_BAD_DECRYPT).
  function openssl(run) {
    try { return run(); } catch (e) {
      const m = /^error:[0-9A-F]+:([^:]*):[^:]*:(.*)$/.exec(e && e.message);
      if (!m) throw e;
      delete e.code;
      e.library = m[1];
      e.reason = m[2];
      e.code = 'ERR_OSSL_' + m[2].toUpperCase().replace(/[^A-Z0-9]+/g, '_');
      throw e;
    }
  }

  // Node's key arguments: PEM text or bytes, { key, format, type, passphrase, encoding }, a KeyObject or a CryptoKey.
  function prepareKey(input, wantPrivate, name = 'key') {
    if (input instanceof KeyObject) {
      if (input.type === 'secret') throw coded(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type secret, expected ${wantPrivate ? 'private' : 'public'}.`);
      if (wantPrivate && input.type !== 'private') throw coded(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${input.type}, expected private.`);
      return input;
    }
    if (internals.isCryptoKey && internals.isCryptoKey(input)) return prepareKey(internals.keyObjectOf(input), wantPrivate, name);
    let options = input;
    if (typeof input === 'string' || ArrayBuffer.isView(input) || input instanceof ArrayBuffer) options = { key: input };
    if (options === null || typeof options !== 'object' || options.key === undefined) {
      throw invalidArg(name, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey', input);
    }
    if (options.key instanceof KeyObject || (internals.isCryptoKey && internals.isCryptoKey(options.key))) return prepareKey(options.key, wantPrivate, name);
    const format = options.format === undefined ? 'pem' : options.format;
    if (format === 'jwk') return wrap(host.keyParse(jwkToDer(options.key, wantPrivate), true, wantPrivate, undefined), wantPrivate ? true : undefined);
    const bytes = toBuffer(options.key, options.encoding);
    if (bytes === null) throw invalidArg(`${name}.key`, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', options.key);
    const passphrase = options.passphrase === undefined || options.passphrase === null ? undefined : toBuffer(options.passphrase, options.encoding);
    if (format !== 'pem' && format !== 'der') throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The property '${name}.format' must be one of: 'pem', 'der', 'jwk'. Received ${internals.inspect(format)}`);
    return openssl(() => wrap(host.keyParse(bytes, format === 'der', wantPrivate, passphrase)));
  }
  // The options that go with a key (padding, salt length, signature encoding, OAEP).
  const optionsOf = (input) => (input && typeof input === 'object' && !(input instanceof KeyObject) && !ArrayBuffer.isView(input) ? input : {});

  function createSecretKey(key, encoding) {
    const bytes = toBuffer(key, encoding);
    if (bytes === null) throw invalidArg('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', key);
    return new SecretKeyObject(bytes);
  }
  function createPublicKey(key) {
    const made = prepareKey(key, false);
    return made.type === 'public' ? made : new PublicKeyObject(handles.get(made));
  }
  function createPrivateKey(key) {
    if (key instanceof KeyObject && key.type !== 'private') throw coded(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', `Invalid key object type ${key.type}, expected private.`);
    return prepareKey(key, true);
  }

  // ---- generation ----
  const generators = { rsa: 'RSA', 'rsa-pss': 'RSA-PSS', ec: 'EC', ed25519: 'ED25519', ed448: 'ED448', x25519: 'X25519', x448: 'X448' };
  function encodeGenerated(key, encoding) {
    if (encoding === undefined) return key;
    return key.export(encoding);
  }
  function generateKeyPairSync(type, options = {}) {
    if (typeof type !== 'string') throw invalidArg('type', 'of type string', type);
    const name = generators[type];
    if (!name) throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' must be a supported key type. Received ${internals.inspect(type)}`);
    let handle;
    if (type === 'rsa' || type === 'rsa-pss') {
      if (typeof options.modulusLength !== 'number') throw invalidArg('options.modulusLength', 'of type number', options.modulusLength);
      const exponent = options.publicExponent === undefined ? 65537 : options.publicExponent;
      const bytes = Buffer.from(exponent.toString(16).padStart(exponent.toString(16).length + (exponent.toString(16).length % 2), '0'), 'hex');
      handle = host.keyGenerate(name, options.modulusLength, bytes, undefined);
    } else if (type === 'ec') {
      if (typeof options.namedCurve !== 'string') throw invalidArg('options.namedCurve', 'of type string', options.namedCurve);
      try { handle = host.keyGenerate(name, 0, undefined, options.namedCurve); } catch {
        throw coded(TypeError, 'ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name');
      }
    } else {
      handle = host.keyGenerate(name, 0, undefined, undefined);
    }
    const privateKey = new PrivateKeyObject({ id: handle[0], token: handle[1] });
    const publicKey = new PublicKeyObject(handles.get(privateKey));
    return { publicKey: encodeGenerated(publicKey, options.publicKeyEncoding), privateKey: encodeGenerated(privateKey, options.privateKeyEncoding) };
  }
  function generateKeyPair(type, options, callback) {
    if (typeof options === 'function') { callback = options; options = {}; }
    later(() => { const { publicKey, privateKey } = generateKeyPairSync(type, options); return [publicKey, privateKey]; }, callback);
  }
  function generateKeySync(type, options = {}) {
    if (type !== 'hmac' && type !== 'aes') throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' must be a supported key type. Received ${internals.inspect(type)}`);
    const length = options.length;
    if (typeof length !== 'number') throw invalidArg('options.length', 'of type number', length);
    if (type === 'aes' && ![128, 192, 256].includes(length)) throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The property 'options.length' must be one of: 128, 192, 256. Received ${length}`);
    return new SecretKeyObject(crypto.randomBytes(Math.floor(length / 8)));
  }
  const generateKey = (type, options, callback) => later(() => generateKeySync(type, options), callback);

  // ---- signatures ----
  // ECDSA signatures: DER (OpenSSL's) to the fixed-size r‖s form (IEEE P1363) and back; the size from the curve.
  const curveSizes = { prime256v1: 32, secp256k1: 32, secp384r1: 48, secp521r1: 66 };
  function derToP1363(signature, size) {
    let offset = 2 + (signature[1] & 0x80 ? signature[1] & 0x7f : 0);
    const read = () => { const length = signature[offset + 1]; const value = signature.subarray(offset + 2, offset + 2 + length); offset += 2 + length; return value; };
    const strip = (v) => { let i = 0; while (i < v.length - 1 && v[i] === 0) i++; return v.subarray(i); };
    const r = strip(read()), s = strip(read());
    const result = Buffer.alloc(size * 2);
    Buffer.from(r).copy(result, size - r.length); Buffer.from(s).copy(result, 2 * size - s.length);
    return result;
  }
  function p1363ToDer(signature) {
    const half = signature.length / 2;
    return der.seq(der.int(signature.subarray(0, half)), der.int(signature.subarray(half)));
  }
  const digestOf = (algorithm, key) => {
    if (algorithm === null || algorithm === undefined) {
      const type = info(key).type;
      return type === 'ed25519' || type === 'ed448' ? '' : 'sha256';
    }
    return String(algorithm);
  };
  function signWith(algorithm, data, keyInput) {
    const key = prepareKey(keyInput, true);
    const options = optionsOf(keyInput);
    const padding = options.padding || (info(key).type === 'rsa-pss' ? 6 : 0);
    const saltLength = options.saltLength === undefined ? -2 : options.saltLength;
    let signature = Buffer.from(host.keySign(handles.get(key).id, digestOf(algorithm, key), padding, saltLength, data));
    if (options.dsaEncoding === 'ieee-p1363' && info(key).type === 'ec') signature = derToP1363(signature, curveSizes[info(key).curve] || Math.ceil(info(key).bits / 8));
    return signature;
  }
  function verifyWith(algorithm, data, keyInput, signature) {
    const key = prepareKey(keyInput, false);
    const options = optionsOf(keyInput);
    const padding = options.padding || (info(key).type === 'rsa-pss' ? 6 : 0);
    const saltLength = options.saltLength === undefined ? -2 : options.saltLength;
    const bytes = options.dsaEncoding === 'ieee-p1363' && info(key).type === 'ec' ? p1363ToDer(signature) : signature;
    return host.keyVerify(handles.get(key).id, digestOf(algorithm, key), padding, saltLength, data, bytes);
  }
  internals.cryptoSignatures = { sign: signWith, verify: verifyWith };

  // ---- RSA encryption ----
  const operations = { publicEncrypt: [0, false, 4], privateDecrypt: [1, true, 4], privateEncrypt: [2, true, 1], publicDecrypt: [3, false, 1] };
  for (const [name, [operation, wantPrivate, defaultPadding]] of Object.entries(operations)) {
    crypto[name] = { [name](keyInput, buffer) {
      const data = toBuffer(buffer);
      if (data === null) throw invalidArg('buffer', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', buffer);
      // A private key serves where a public one is asked for (its public part).
      const key = prepareKey(keyInput, wantPrivate);
      const options = optionsOf(keyInput);
      const label = options.oaepLabel === undefined ? Buffer.alloc(0) : toBuffer(options.oaepLabel);
      return openssl(() => output(host.keyCipher(handles.get(key).id, operation, options.padding || defaultPadding, options.oaepHash, label, data)));
    } }[name];
  }

  // ---- Diffie-Hellman over key objects, and ECDH ----
  function diffieHellman(options) {
    if (options === null || typeof options !== 'object') throw invalidArg('options', 'of type object', options);
    const { privateKey, publicKey } = options;
    if (!(privateKey instanceof KeyObject) || privateKey.type !== 'private') throw invalidArg('options.privateKey', 'an instance of KeyObject', privateKey);
    if (!(publicKey instanceof KeyObject) || publicKey.type === 'secret') throw invalidArg('options.publicKey', 'an instance of KeyObject', publicKey);
    return output(host.keyDerive(handles.get(privateKey).id, handles.get(publicKey).id));
  }

  const ecdhNames = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };
  const curveByName = (name) => {
    const jwkName = ecdhNames[name] || (curves[name] ? name : null);
    if (!jwkName) throw coded(TypeError, 'ERR_CRYPTO_INVALID_CURVE', 'Invalid EC curve name');
    return curves[jwkName];
  };
  function encodePoint(x, y, size, format) {
    const fx = pad(x, size), fy = pad(y, size);
    if (format === 'compressed') return Buffer.concat([Buffer.from([fy[fy.length - 1] & 1 ? 3 : 2]), fx]);
    if (format === 'hybrid') return Buffer.concat([Buffer.from([fy[fy.length - 1] & 1 ? 7 : 6]), fx, fy]);
    if (format !== undefined && format !== 'uncompressed') throw coded(TypeError, 'ERR_CRYPTO_ECDH_INVALID_FORMAT', `Invalid ECDH format: ${format}`);
    return Buffer.concat([Buffer.from([4]), fx, fy]);
  }
  function pointKey(curve, point) {
    try { return wrap(host.keyParse(der.seq(der.seq(der.oid(oids.ec), der.oid(curve[1])), der.bits(point)), true, false, undefined), false); } catch {
      throw coded(Error, 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY', 'Public key is not valid for specified curve');
    }
  }
  class ECDH {
    constructor(curve) {
      if (typeof curve !== 'string') throw invalidArg('curve', 'of type string', curve);
      this._curve = curveByName(curve);
      this._key = null;
    }
    static convertKey(key, curve, inputEncoding, outputEncoding, format) {
      const c = curveByName(curve);
      const made = pointKey(c, toBuffer(key, inputEncoding));
      const { id } = handles.get(made);
      return output(encodePoint(host.keyParam(id, 'qx'), host.keyParam(id, 'qy'), c[2], format), outputEncoding);
    }
    generateKeys(encoding, format) {
      const [id, token] = host.keyGenerate('EC', 0, undefined, this._curve[0]);
      this._key = new PrivateKeyObject({ id, token });
      this._public = null;
      return this.getPublicKey(encoding, format);
    }
    _need() { if (!this._key) throw coded(Error, 'ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY', 'Failed to get ECDH public key'); return handles.get(this._key).id; }
    getPublicKey(encoding, format) {
      if (this._public) return output(encodePoint(this._public[0], this._public[1], this._curve[2], format), encoding);
      const id = this._need();
      return output(encodePoint(host.keyParam(id, 'qx'), host.keyParam(id, 'qy'), this._curve[2], format), encoding);
    }
    getPrivateKey(encoding) { return output(pad(host.keyParam(this._need(), 'priv'), this._curve[2]), encoding); }
    setPrivateKey(key, encoding) {
      const bytes = toBuffer(key, encoding);
      try {
        this._key = wrap(host.keyParse(der.seq(der.small(1), der.octet(pad(bytes, this._curve[2])), der.context(0, der.oid(this._curve[1]))), true, true, undefined), true);
      } catch { throw coded(Error, 'ERR_CRYPTO_INVALID_KEYTYPE', 'Private key is not valid for specified curve.'); }
      this._public = null;
      return this;
    }
    // Deprecated in Node: replaces only what getPublicKey reports.
    setPublicKey(key, encoding) {
      const made = pointKey(this._curve, toBuffer(key, encoding));
      const { id } = handles.get(made);
      this._public = [host.keyParam(id, 'qx'), host.keyParam(id, 'qy')];
      return this;
    }
    computeSecret(otherPublicKey, inputEncoding, outputEncoding) {
      const peer = pointKey(this._curve, toBuffer(otherPublicKey, inputEncoding));
      return output(host.keyDerive(this._need(), handles.get(peer).id), outputEncoding);
    }
  }

  // Classic Diffie-Hellman (DiffieHellmanBindings): a group Node names, or a prime and generator, given or made.
  const kDH = Symbol('kDH');
  const bytesOf = (value, encoding, name) => {
    const b = toBuffer(value, encoding);
    if (b === null) throw invalidArg(name, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', value);
    return b;
  };
  function DiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding) {
    if (!(this instanceof DiffieHellman)) return new DiffieHellman(sizeOrKey, keyEncoding, generator, genEncoding);
    if (typeof keyEncoding !== 'string' && keyEncoding !== 'buffer') { genEncoding = generator; generator = keyEncoding; keyEncoding = undefined; }
    const gen = generator === undefined ? 2 : generator;
    let handle;
    if (typeof sizeOrKey === 'number') {
      if (!Number.isInteger(sizeOrKey) || sizeOrKey < 2) throw coded(RangeError, 'ERR_OUT_OF_RANGE', `The value of "sizeOrKey" is out of range. Received ${sizeOrKey}`);
      handle = openssl(() => host.dhNew(undefined, undefined, sizeOrKey, typeof gen === 'number' ? gen : Number('0x' + bytesOf(gen, genEncoding, 'generator').toString('hex'))));
    } else {
      const g = typeof gen === 'number' ? Buffer.from(gen.toString(16).padStart(gen.toString(16).length + (gen.toString(16).length % 2), '0'), 'hex') : bytesOf(gen, genEncoding, 'generator');
      handle = openssl(() => host.dhNew(bytesOf(sizeOrKey, keyEncoding, 'sizeOrKey'), g, 0, 0));
    }
    this[kDH] = { id: handle[0], token: handle[1] };
    Object.defineProperty(this, 'verifyError', { value: host.dhCheck(handle[0]), enumerable: true });
  }
  const dhMethods = {
    generateKeys(encoding) { host.dhGenerate(this[kDH].id); return this.getPublicKey(encoding); },
    computeSecret(key, inputEncoding, outputEncoding) { return output(host.dhCompute(this[kDH].id, bytesOf(key, inputEncoding, 'key')), outputEncoding); },
    getPrime(encoding) { return output(host.dhGet(this[kDH].id, 0), encoding); },
    getGenerator(encoding) { return output(host.dhGet(this[kDH].id, 1), encoding); },
    getPublicKey(encoding) {
      const key = host.dhGet(this[kDH].id, 2);
      if (key === undefined) throw coded(Error, 'ERR_CRYPTO_INVALID_STATE', 'No public key - did you forget to generate one?');
      return output(key, encoding);
    },
    getPrivateKey(encoding) {
      const key = host.dhGet(this[kDH].id, 3);
      if (key === undefined) throw coded(Error, 'ERR_CRYPTO_INVALID_STATE', 'No private key - did you forget to generate one?');
      return output(key, encoding);
    },
    setPublicKey(key, encoding) { host.dhSet(this[kDH].id, 2, bytesOf(key, encoding, 'key')); return this; },
    setPrivateKey(key, encoding) { host.dhSet(this[kDH].id, 3, bytesOf(key, encoding, 'key')); return this; },
  };
  Object.assign(DiffieHellman.prototype, dhMethods);
  function DiffieHellmanGroup(name) {
    if (!(this instanceof DiffieHellmanGroup)) return new DiffieHellmanGroup(name);
    const handle = host.dhGroup(String(name));
    if (handle === undefined) throw coded(Error, 'ERR_CRYPTO_UNKNOWN_DH_GROUP', 'Unknown DH group');
    this[kDH] = { id: handle[0], token: handle[1] };
    Object.defineProperty(this, 'verifyError', { value: host.dhCheck(handle[0]), enumerable: true });
  }
  for (const name of ['generateKeys', 'computeSecret', 'getPrime', 'getGenerator', 'getPublicKey', 'getPrivateKey']) {
    DiffieHellmanGroup.prototype[name] = dhMethods[name];
  }

  Object.assign(crypto, {
    DiffieHellman, DiffieHellmanGroup,
    createDiffieHellman: (...args) => new DiffieHellman(...args),
    createDiffieHellmanGroup: (name) => new DiffieHellmanGroup(name),
    getDiffieHellman: (name) => new DiffieHellmanGroup(name),
    KeyObject, createSecretKey, createPublicKey, createPrivateKey, generateKeyPair, generateKeyPairSync, generateKey,
    generateKeySync, diffieHellman, ECDH, createECDH: (curve) => new ECDH(curve),
  });
  internals.cryptoKeyObjects = { KeyObject, SecretKeyObject, PublicKeyObject, PrivateKeyObject, prepareKey, handles, info, jwkToDer, der };
})

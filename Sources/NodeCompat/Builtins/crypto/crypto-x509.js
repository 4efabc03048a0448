// crypto.X509Certificate over OpenSSL (X509Bindings): names, validity, serial, fingerprints, extended key usage,
// the public key as a KeyObject, host/email/IP checks, issuer and key checks, PEM and DER.
(function (host, internals) {
  'use strict';
  const crypto = internals.Module._load('crypto', null);
  const { Buffer } = internals.Module._load('buffer', null);
  const keyObjects = internals.cryptoKeyObjects;
  const kHandle = Symbol('kHandle');
  const cache = new WeakMap();
  const field = (cert, name) => {
    let fields = cache.get(cert);
    if (!fields) { fields = new Map(); cache.set(cert, fields); }
    if (!fields.has(name)) fields.set(name, host.x509Text(cert[kHandle].id, name));
    return fields.get(name);
  };
  const optional = (text) => (text === '' ? undefined : text);

  class X509Certificate {
    constructor(buffer) {
      const bytes = typeof buffer === 'string' ? Buffer.from(buffer) : ArrayBuffer.isView(buffer) ? Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength) : null;
      if (bytes === null) {
        const e = new TypeError(`The "buffer" argument must be of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView. ${internals.received(buffer)}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      const [id, token] = host.x509Parse(bytes);
      Object.defineProperty(this, kHandle, { value: { id, token } });
    }
    get subject() { return optional(field(this, 'subject')); }
    get issuer() { return optional(field(this, 'issuer')); }
    get subjectAltName() { return optional(field(this, 'subjectAltName')); }
    get infoAccess() { return optional(field(this, 'infoAccess')); }
    get validFrom() { return field(this, 'validFrom'); }
    get validTo() { return field(this, 'validTo'); }
    get serialNumber() { return field(this, 'serialNumber'); }
    get fingerprint() { return field(this, 'fingerprint:sha1'); }
    get fingerprint256() { return field(this, 'fingerprint:sha256'); }
    get fingerprint512() { return field(this, 'fingerprint:sha512'); }
    get keyUsage() { const text = field(this, 'keyUsage'); return text === '' ? undefined : text.split('\n'); }
    get ca() { return host.x509IsCA(this[kHandle].id); }
    get raw() { return Buffer.from(host.x509Der(this[kHandle].id, false)); }
    get publicKey() { return crypto.createPublicKey({ key: Buffer.from(host.x509Der(this[kHandle].id, true)), format: 'der', type: 'spki' }); }
    // Only a peer certificate of a TLS connection knows its issuer's certificate.
    get issuerCertificate() { return undefined; }
    checkHost(name, options = {}) { return host.x509Check(this[kHandle].id, 0, String(name), hostFlags(options)); }
    checkEmail(email, options = {}) { return host.x509Check(this[kHandle].id, 1, String(email), 0); }
    checkIP(ip) {
      if (!internals.Module._load('net', null).isIP(String(ip))) {
        const e = new TypeError(`The argument 'ip' is invalid. Received ${internals.inspect(ip)}`);
        e.code = 'ERR_INVALID_ARG_VALUE';
        throw e;
      }
      return host.x509Check(this[kHandle].id, 2, String(ip), 0);
    }
    checkIssued(other) {
      if (!(other instanceof X509Certificate)) throw typeErrorOf('otherCert', other);
      return host.x509Issued(other[kHandle].id, this[kHandle].id);
    }
    checkPrivateKey(key) {
      if (!(key instanceof crypto.KeyObject) || key.type !== 'private') throw typeErrorOf('pkey', key);
      return host.x509MatchesKey(this[kHandle].id, keyObjects.handles.get(key).id, true);
    }
    verify(key) {
      if (!(key instanceof crypto.KeyObject) || key.type !== 'public') throw typeErrorOf('pkey', key);
      return host.x509MatchesKey(this[kHandle].id, keyObjects.handles.get(key).id, false);
    }
    toString() { return field(this, 'pem'); }
    toJSON() { return this.toString(); }
    toLegacyObject() {
      const legacy = { subject: parseName(this.subject), issuer: parseName(this.issuer), subjectaltname: this.subjectAltName };
      if (this.infoAccess !== undefined) {
        legacy.infoAccess = Object.create(null);
        for (const line of this.infoAccess.split('\n')) {
          const at = line.indexOf(':');
          if (at < 0) continue;
          (legacy.infoAccess[line.slice(0, at)] = legacy.infoAccess[line.slice(0, at)] || []).push(line.slice(at + 1));
        }
      }
      legacy.ca = this.ca;
      const key = this.publicKey;
      if (key.asymmetricKeyType === 'rsa') {
        const jwk = key.export({ format: 'jwk' });
        const modulus = Buffer.from(jwk.n, 'base64url');
        Object.assign(legacy, { modulus: modulus.toString('hex').toUpperCase(), bits: modulus.length * 8, exponent: '0x' + Buffer.from(jwk.e, 'base64url').toString('hex').replace(/^0+/, '') });
      } else if (key.asymmetricKeyType === 'ec') {
        legacy.bits = key.asymmetricKeyDetails.namedCurve === 'prime256v1' ? 256 : key.asymmetricKeyDetails.namedCurve === 'secp384r1' ? 384 : 521;
      }
      legacy.pubkey = key.export({ type: 'spki', format: 'der' });
      Object.assign(legacy, { valid_from: this.validFrom, valid_to: this.validTo, fingerprint: this.fingerprint, fingerprint256: this.fingerprint256,
        fingerprint512: this.fingerprint512, ext_key_usage: this.keyUsage, serialNumber: this.serialNumber, raw: this.raw });
      return legacy;
    }
    [Symbol.for('nodejs.util.inspect.custom')](depth, options) {
      return `X509Certificate ${internals.inspect({ subject: this.subject, subjectAltName: this.subjectAltName, issuer: this.issuer,
        infoAccess: this.infoAccess, validFrom: this.validFrom, validTo: this.validTo, fingerprint: this.fingerprint,
        fingerprint256: this.fingerprint256, fingerprint512: this.fingerprint512, keyUsage: this.keyUsage, serialNumber: this.serialNumber }, options)}`;
    }
  }
  function typeErrorOf(name, value) {
    const e = new TypeError(`The "${name}" argument must be an instance of ${name === 'otherCert' ? 'X509Certificate' : 'KeyObject'}. ${internals.received(value)}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    return e;
  }
  // X509_check_host's flags from Node's options.
  function hostFlags(options) {
    let flags = 0;
    if (options.subject === 'always') flags |= 0x1;
    else if (options.subject === 'never') flags |= 0x20;
    if (options.wildcards === false) flags |= 0x2;
    if (options.partialWildcards === false) flags |= 0x4;
    if (options.multiLabelWildcards) flags |= 0x8;
    if (options.singleLabelSubdomains) flags |= 0x10;
    return flags;
  }
  function parseName(text) {
    if (text === undefined) return undefined;
    const name = Object.create(null);
    for (const line of text.split('\n')) {
      const at = line.indexOf('=');
      const key = line.slice(0, at), value = line.slice(at + 1);
      name[key] = name[key] === undefined ? value : [].concat(name[key], value);
    }
    return name;
  }
  crypto.X509Certificate = X509Certificate;

  // Certificate: SPKAC, the signed public key and challenge of the browsers' old <keygen>, as Node reads it.
  const spkacText = (spkac, encoding) => {
    if (typeof spkac === 'string') return Buffer.from(spkac, encoding).toString('latin1');
    if (ArrayBuffer.isView(spkac)) return Buffer.from(spkac.buffer, spkac.byteOffset, spkac.byteLength).toString('latin1');
    if (spkac instanceof ArrayBuffer) return Buffer.from(spkac).toString('latin1');
    const e = new TypeError(`The "spkac" argument must be of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView. ${internals.received(spkac)}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  };
  const spkac = {
    verifySpkac: (data, encoding) => host.spkac(spkacText(data, encoding), 0) === 1,
    exportPublicKey(data, encoding) {
      const der = host.spkac(spkacText(data, encoding), 1);
      if (der === null) return '';
      return Buffer.from(crypto.createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }));
    },
    exportChallenge(data, encoding) {
      const challenge = host.spkac(spkacText(data, encoding), 2);
      return challenge === null ? '' : Buffer.from(challenge);
    },
  };
  function Certificate() {
    if (!(this instanceof Certificate)) return new Certificate();
  }
  for (const name of ['verifySpkac', 'exportPublicKey', 'exportChallenge']) {
    Certificate.prototype[name] = function (data, encoding) { return spkac[name](data, encoding); };
  }
  for (const name of ['exportChallenge', 'exportPublicKey', 'verifySpkac']) Certificate[name] = spkac[name];
  crypto.Certificate = Certificate;
})

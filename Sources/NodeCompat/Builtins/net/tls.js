// The `tls` builtin's JS half: `TLSSocket` (a net.Socket whose native connection runs an OpenSSL session),
// `tls.connect`, `createSecureContext` and `checkServerIdentity`. As in Node, OpenSSL verifies the chain but
// never stops the handshake; this side reads the result, checks the server's name, and applies
// `rejectUnauthorized`.
(function (host, internals) {
  'use strict';
  const net = internals.net;
  const { Buffer } = internals.Module._load('buffer', null);
  const { isIP } = internals.ipSyntax;
  const typeError = (code, message) => { const e = new TypeError(message); e.code = code; return e; };

  // OpenSSL's names for its verification results (X509_V_ERR_*), which Node gives as error codes.
  const verifyNames = {
    2: 'UNABLE_TO_GET_ISSUER_CERT', 3: 'UNABLE_TO_GET_CRL', 4: 'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
    5: 'UNABLE_TO_DECRYPT_CRL_SIGNATURE', 6: 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 7: 'CERT_SIGNATURE_FAILURE',
    8: 'CRL_SIGNATURE_FAILURE', 9: 'CERT_NOT_YET_VALID', 10: 'CERT_HAS_EXPIRED', 11: 'CRL_NOT_YET_VALID',
    12: 'CRL_HAS_EXPIRED', 13: 'ERROR_IN_CERT_NOT_BEFORE_FIELD', 14: 'ERROR_IN_CERT_NOT_AFTER_FIELD',
    15: 'ERROR_IN_CRL_LAST_UPDATE_FIELD', 16: 'ERROR_IN_CRL_NEXT_UPDATE_FIELD', 17: 'OUT_OF_MEM',
    18: 'DEPTH_ZERO_SELF_SIGNED_CERT', 19: 'SELF_SIGNED_CERT_IN_CHAIN', 20: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    21: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 22: 'CERT_CHAIN_TOO_LONG', 23: 'CERT_REVOKED', 24: 'INVALID_CA',
    25: 'PATH_LENGTH_EXCEEDED', 26: 'INVALID_PURPOSE', 27: 'CERT_UNTRUSTED', 28: 'CERT_REJECTED',
    62: 'HOSTNAME_MISMATCH',
  };

  // "error:0A00010B:SSL routines::wrong version number" → library, reason and Node's ERR_SSL_* code.
  internals.describeOpenSSLError = function describeOpenSSLError(error, text) {
    const parts = String(text).split(':');
    if (parts[0] !== 'error' || parts.length < 5) { error.code = 'ERR_SSL_PROTOCOL_ERROR'; return; }
    const library = parts[2];
    const reason = parts.slice(4).join(':');
    error.library = library;
    error.reason = reason;
    const prefix = library === 'SSL routines' ? 'SSL' : library.split(' ')[0].toUpperCase();
    error.code = `ERR_${prefix}_${reason.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  };

  const pem = (value) => {
    if (value === undefined || value === null) return null;
    const list = Array.isArray(value) ? value : [value];
    return list.map((item) => (typeof item === 'string' ? item : Buffer.from(item).toString('latin1'))).join('\n');
  };

  class SecureContext {
    constructor(options = {}) {
      if (options.pfx !== undefined) {
        const e = new Error('tls: the pfx option is not provided by jshost; pass the certificate and key as PEM (cert, key)');
        e.code = 'ERR_JSHOST_UNSUPPORTED';
        throw e;
      }
      // The native context is made on first use and shared by every socket with the same options.
      this.context = { ca: pem(options.ca), cert: pem(options.cert), key: pem(options.key),
                       passphrase: options.passphrase === undefined ? null : String(options.passphrase) };
    }
  }
  const createSecureContext = (options) => new SecureContext(options);

  // ALPNProtocols in OpenSSL's wire format: each name after its length byte.
  function alpnWire(protocols) {
    if (!protocols) return null;
    if (protocols instanceof Uint8Array) return protocols;
    const bytes = [];
    for (const name of protocols) {
      const encoded = typeof name === 'string' ? Buffer.from(name) : Buffer.from(name);
      bytes.push(encoded.length, ...encoded);
    }
    return new Uint8Array(bytes);
  }

  // The certificate objects getPeerCertificate returns, from the native description (see ctls.h).
  function parseCertificates(lines) {
    const chain = [];
    let current = null;
    for (const line of lines) {
      if (line === '') { if (current) chain.push(current); current = null; continue; }
      if (!current) current = { subject: Object.create(null), issuer: Object.create(null) };
      const tab = line.indexOf('\t');
      const key = line.slice(0, tab), value = line.slice(tab + 1);
      const dot = key.indexOf('.');
      if (dot > 0 && (key.startsWith('subject.') || key.startsWith('issuer.'))) {
        const target = current[key.slice(0, dot)], name = key.slice(dot + 1);
        if (name in target) target[name] = [].concat(target[name], value); else target[name] = value;
      } else current[key] = value;
    }
    if (current) chain.push(current);
    return chain.map((fields) => {
      const cert = { subject: fields.subject, issuer: fields.issuer };
      if (fields.subjectaltname !== undefined) cert.subjectaltname = fields.subjectaltname;
      cert.ca = fields.ca === 'true';
      if (fields.modulus !== undefined) cert.modulus = fields.modulus;
      if (fields.bits !== undefined) cert.bits = Number(fields.bits);
      if (fields.exponent !== undefined) cert.exponent = '0x' + (fields.exponent.slice(2).replace(/^0+/, '').toLowerCase() || '0');
      if (fields.pubkey !== undefined) cert.pubkey = Buffer.from(fields.pubkey, 'hex');
      if (fields.asn1Curve !== undefined) cert.asn1Curve = fields.asn1Curve;
      if (fields.nistCurve !== undefined) cert.nistCurve = fields.nistCurve;
      Object.assign(cert, { valid_from: fields.valid_from, valid_to: fields.valid_to, fingerprint: fields.fingerprint,
                            fingerprint256: fields.fingerprint256, fingerprint512: fields.fingerprint512 });
      if (fields.serialNumber !== undefined) cert.serialNumber = fields.serialNumber;
      cert.raw = Buffer.from(fields.raw || '', 'hex');
      return cert;
    });
  }

  // IPv6 text in one canonical form, so "0:0:0:0:0:0:0:1" and "::1" compare equal.
  function canonicalIP(text) {
    if (isIP(text) !== 6) return text;
    const [head, tail] = text.toLowerCase().split('::');
    const groups = (part) => (part ? part.split(':') : []);
    const left = groups(head), right = tail === undefined ? [] : groups(tail);
    const full = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
    return full.map((group) => group.replace(/^0+(?=.)/, '')).join(':');
  }

  // RFC 6125 as Node applies it: a wildcard only as (part of) the leftmost label, of a name of three labels or more.
  function matchesName(hostname, pattern) {
    if (typeof pattern !== 'string' || pattern === '') return false;
    const hostLabels = hostname.toLowerCase().split('.');
    const labels = pattern.toLowerCase().replace(/\.$/, '').split('.');
    if (hostLabels.length !== labels.length || labels.includes('')) return false;
    for (let i = labels.length - 1; i > 0; i--) if (labels[i] !== hostLabels[i]) return false;
    const [first, hostFirst] = [labels[0], hostLabels[0]];
    if (!first.includes('*')) return first === hostFirst;
    const stars = first.split('*');
    if (stars.length !== 2 || labels.length < 3 || first.startsWith('xn--') || hostFirst.startsWith('xn--')) return false;
    const [prefix, suffix] = stars;
    return hostFirst.length >= prefix.length + suffix.length && hostFirst.startsWith(prefix) && hostFirst.endsWith(suffix);
  }

  function checkServerIdentity(hostname, cert) {
    hostname = String(hostname);
    const altNames = cert.subjectaltname;
    const dnsNames = [], ips = [];
    if (altNames) {
      for (const name of altNames.split(', ')) {
        if (name.startsWith('DNS:')) dnsNames.push(name.slice(4));
        else if (name.startsWith('IP Address:')) ips.push(canonicalIP(name.slice(11)));
      }
    }
    const bare = hostname.replace(/\.$/, '');
    let valid = false, reason = 'Unknown reason';
    const commonName = cert.subject && cert.subject.CN;
    if (isIP(bare)) {
      valid = ips.includes(canonicalIP(bare));
      if (!valid) reason = `IP: ${bare} is not in the cert's list: ${ips.join(', ')}`;
    } else if (dnsNames.length > 0 || commonName) {
      const matches = (pattern) => matchesName(bare, pattern);
      if (dnsNames.length > 0) {
        valid = dnsNames.some(matches);
        if (!valid) reason = `Host: ${hostname}. is not in the cert's altnames: ${altNames}`;
      } else {
        valid = Array.isArray(commonName) ? commonName.some(matches) : matches(commonName);
        if (!valid) reason = `Host: ${hostname}. is not cert's CN: ${commonName}`;
      }
    } else {
      reason = 'Cert does not contain a DNS name';
    }
    if (valid) return undefined;
    const error = new Error(`Hostname/IP does not match certificate's altnames: ${reason}`);
    Object.assign(error, { code: 'ERR_TLS_CERT_ALTNAME_INVALID', reason, host: hostname, cert });
    return error;
  }

  function defaultRejectUnauthorized() {
    return process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0';
  }

  // Node runs TLS over a stream that is not a socket by wrapping it in a JSStreamSocket; jshost does not
  // provide TLS over such streams, but keeps the shape, because libraries reach for the class while they load
  // (http2-wrapper, which got requires).
  class JSStreamSocket extends net.Socket {
    constructor(stream) { super(); this.stream = stream; }
    connect() {
      const e = new Error('TLS over a stream that is not a socket is not provided by jshost; connect with tls.connect({ host, port }) or pass a net.Socket');
      e.code = 'ERR_JSHOST_UNSUPPORTED';
      throw e;
    }
  }

  class TLSSocket extends net.Socket {
    constructor(socket, options = {}) {
      super(options);
      this.encrypted = true;
      this.authorized = false;
      this.authorizationError = null;
      this.alpnProtocol = false;
      this.servername = null;
      this.secureConnecting = true;
      this._tls = options;
      this._chain = [];
      this._protocol = null;
      if (socket instanceof net.Socket) this._adopt(socket);
      else if (socket && typeof socket.pipe === 'function') this._handle = { _parentWrap: new JSStreamSocket(socket) };
    }

    // TLS over a socket that is already open (a proxy tunnel, STARTTLS): its connection now reports here.
    _adopt(socket) {
      const take = () => {
        this._id = socket._id;
        socket._id = 0;
        this._addresses = { ...socket._addresses };
        this._host = socket._host;
        internals.ioRetarget(this._id, (kind, text, bytes, number) => this._onEvent(kind, text, bytes, number));
        if (socket._paused) host.socketResume(this._id);
        this._startSession();
      };
      if (socket.connecting) { this.connecting = true; socket.once('connect', () => { this.connecting = false; take(); }); }
      else if (socket._id) take();
      else process.nextTick(() => this.destroy(Object.assign(new Error('Socket is closed'), { code: 'ERR_SOCKET_CLOSED' })));
    }

    _afterOpen() { this._startSession(); }

    _startSession() {
      const options = this._tls;
      const hostName = options.host || this._host || 'localhost';
      const servername = options.servername !== undefined ? String(options.servername) : (isIP(hostName) ? '' : hostName);
      this.servername = servername || false;
      const context = (options.secureContext || createSecureContext(options)).context;
      const session = this._resume || options.session;
      // minVersion and maxVersion as Node takes them ('TLSv1.2', 'TLSv1.3'), or secureProtocol's fixed version.
      const versions = { TLSv1: 0x301, 'TLSv1.1': 0x302, 'TLSv1.2': 0x303, 'TLSv1.3': 0x304 };
      const fixed = { TLSv1_method: 'TLSv1', 'TLSv1_1_method': 'TLSv1.1', TLSv1_2_method: 'TLSv1.2', TLSv1_3_method: 'TLSv1.3' }[options.secureProtocol];
      const versionOf = (value, name) => {
        if (value === undefined) return 0;
        if (!versions[value]) throw typeError('ERR_TLS_INVALID_PROTOCOL_VERSION', `${internals.inspect(value)} is not a valid ${name} TLS protocol version`);
        return versions[value];
      };
      const minVersion = fixed ? versions[fixed] : versionOf(options.minVersion, 'minimum');
      const maxVersion = fixed ? versions[fixed] : versionOf(options.maxVersion, 'maximum');
      host.socketStartTLS(this._id, context.ca, context.cert, context.key, context.passphrase, servername || null,
        alpnWire(options.ALPNProtocols), session ? Buffer.from(session) : undefined, minVersion, maxVersion);
      if (this._noRenegotiation) host.socketDisableRenegotiation(this._id);
    }

    _onSecure(text) {
      const lines = text.split('\n');
      const code = Number(lines[0]);
      this._protocol = lines[2];
      this.alpnProtocol = lines[3] || false;
      const bytes = (hex) => (hex ? Buffer.from(hex, 'hex') : undefined);
      this._facts = { finished: bytes(lines[4]), peerFinished: bytes(lines[5]), sigalgs: lines[6] ? lines[6].split(':') : [],
        session: bytes(lines[7]), ticket: bytes(lines[8]), cipher: lines[9] ? lines[9].split('\t') : null,
        reused: lines[10] === '1' };
      this._chain = parseCertificates(lines.slice(11));
      const options = this._tls;
      let error = null;
      if (code !== 0) {
        error = new Error(lines[1]);
        error.code = verifyNames[code] || 'UNSPECIFIED';
      } else {
        const hostname = options.servername || options.host || this._host || 'localhost';
        const check = typeof options.checkServerIdentity === 'function' ? options.checkServerIdentity : checkServerIdentity;
        error = check(hostname, this.getPeerCertificate(true)) || null;
      }
      this.secureConnecting = false;
      if (error) {
        this.authorized = false;
        this.authorizationError = error.code || error.message;
        const reject = options.rejectUnauthorized === undefined ? defaultRejectUnauthorized() : options.rejectUnauthorized !== false;
        if (reject) { this.destroy(error); return; }
      } else {
        this.authorized = true;
      }
      this.emit('secureConnect');
    }

    getPeerCertificate(detailed) {
      if (this._chain.length === 0) return this.destroyed ? null : {};
      const chain = this._chain.map((cert) => Object.assign({}, cert));
      if (!detailed) return Object.assign({}, this._chain[0]);
      for (let i = 0; i < chain.length; i++) {
        const selfSigned = i === chain.length - 1 && JSON.stringify(chain[i].subject) === JSON.stringify(chain[i].issuer);
        if (i + 1 < chain.length) chain[i].issuerCertificate = chain[i + 1];
        else if (selfSigned) chain[i].issuerCertificate = chain[i];
      }
      return chain[0];
    }
    getProtocol() { return this._protocol; }
    getCipher() {
      const cipher = this._facts && this._facts.cipher;
      return cipher ? { name: cipher[0], standardName: cipher[1], version: cipher[2] } : undefined;
    }
    // What the handshake settled, kept when it finished.
    getSession() { return this._facts ? this._facts.session : undefined; }
    getTLSTicket() { return this._facts ? this._facts.ticket : undefined; }
    getFinished() { return this._facts ? this._facts.finished : undefined; }
    getPeerFinished() { return this._facts ? this._facts.peerFinished : undefined; }
    getSharedSigalgs() { return this._facts ? this._facts.sigalgs.slice() : []; }
    getPeerX509Certificate() {
      const raw = this._chain && this._chain[0] && this._chain[0].raw;
      return raw ? new (internals.Module._load('crypto', null).X509Certificate)(raw) : undefined;
    }
    // The local certificate: the one given as `cert`, if any.
    getX509Certificate() {
      const cert = this._tls && this._tls.cert;
      return cert ? new (internals.Module._load('crypto', null).X509Certificate)(Array.isArray(cert) ? cert[0] : cert) : undefined;
    }
    getCertificate() {
      const cert = this.getX509Certificate();
      return cert ? cert.toLegacyObject() : (this.destroyed ? null : {});
    }
    setSession(session) {
      if (!ArrayBuffer.isView(session) && typeof session !== 'string') throw typeError('ERR_INVALID_ARG_TYPE', `The "session" argument must be an instance of Buffer, TypedArray, or DataView. ${internals.received(session)}`);
      this._resume = typeof session === 'string' ? Buffer.from(session, 'latin1') : session;
    }
    disableRenegotiation() {
      this._noRenegotiation = true;
      if (this._id) host.socketDisableRenegotiation(this._id);
    }
    isSessionReused() { return Boolean(this._facts && this._facts.reused); }
    setServername(name) { this._tls = Object.assign({}, this._tls, { servername: name }); }
    setMaxSendFragment() { return true; }
    getEphemeralKeyInfo() { return {}; }
  }

  // tls.connect's forms: (options[, cb]), (port[, host][, options][, cb]).
  function connect(...args) {
    let options = {};
    let callback = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    if (args[0] !== null && typeof args[0] === 'object') options = Object.assign({}, args[0]);
    else {
      options.port = args[0];
      if (typeof args[1] === 'string') { options.host = args[1]; if (args[2] && typeof args[2] === 'object') Object.assign(options, args[2]); }
      else if (args[1] && typeof args[1] === 'object') Object.assign(options, args[1]);
    }
    if (options.rejectUnauthorized === undefined) options.rejectUnauthorized = defaultRejectUnauthorized();
    const socket = new TLSSocket(options.socket, options);
    if (callback) socket.once('secureConnect', callback);
    if (!options.socket) socket.connect(options);
    return socket;
  }

  let rootCertificates = null;
  const tls = {
    connect, TLSSocket, SecureContext, createSecureContext, checkServerIdentity,
    DEFAULT_ECDH_CURVE: 'auto', DEFAULT_MIN_VERSION: 'TLSv1.2', DEFAULT_MAX_VERSION: 'TLSv1.3',
    CLIENT_RENEG_LIMIT: 3, CLIENT_RENEG_WINDOW: 600,
    getCiphers: () => ['aes128-gcm-sha256', 'aes256-gcm-sha384', 'chacha20-poly1305'],
    get DEFAULT_CIPHERS() { return internals.Module._load('crypto', null).constants.defaultCipherList; },
    // The roots a client trusts by default: the system's bundle, one PEM string each.
    get rootCertificates() {
      if (!rootCertificates) {
        const text = host.systemRootCertificates();
        rootCertificates = Object.freeze(text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) || []);
      }
      return rootCertificates;
    },
    // ALPN protocol names in the wire format (each prefixed by its length), into `out.ALPNProtocols`.
    convertALPNProtocols(protocols, out) {
      out.ALPNProtocols = ArrayBuffer.isView(protocols) ? Buffer.from(protocols) : Buffer.from(alpnWire(protocols));
    },
    createSecurePair() {
      const e = new Error('tls.createSecurePair() is not available in jshost: it is deprecated in Node, and jshost secures sockets with tls.connect({ socket })');
      e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE';
      throw e;
    },
    createServer() {
      const e = new Error('tls.createServer() is not available in jshost: a component does not listen for connections');
      e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE';
      throw e;
    },
  };
  internals.tls = tls;
  internals.builtinFactories.set('tls', () => tls);
})

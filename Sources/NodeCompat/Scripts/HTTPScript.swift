/// The `http` and `https` builtins' JS half: ClientRequest and IncomingMessage over native transfers (libcurl).
/// The request body is sent when `end()` is called; the response streams in as it arrives.
enum HTTPScript {
    static let source = #"""
(function (host, internals) {
  'use strict';
  const lazy = (name) => () => internals.Module._load(name, null);
  const Buffer = () => lazy('buffer')().Buffer;
  const STATUS_CODES = {
    100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
    206: 'Partial Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
    307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
    404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone',
    413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
    500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  };
  const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
  function transferEvents(request) {
    return (kind, text, bytes, number) => {
      if (kind === 'response') request._onResponse(number, text);
      else if (kind === 'data') request._onData(bytes);
      else if (kind === 'end') { internals.ioForget(request._id); request._onEnd(); }
      else if (kind === 'error') { internals.ioForget(request._id); request._onError(text, number); }
    };
  }

  let classes = null;
  function makeClasses() {
    const { Readable, Writable } = lazy('stream')();
    class IncomingMessage extends Readable {
      constructor(statusCode, text) {
        super();
        const lines = text.split('\n');
        this.httpVersion = lines[0];
        const [major, minor] = this.httpVersion.split('.');
        this.httpVersionMajor = Number(major); this.httpVersionMinor = Number(minor || 0);
        this.statusCode = statusCode;
        this.statusMessage = lines[1] || STATUS_CODES[statusCode] || '';
        this.headers = {};
        this.rawHeaders = [];
        this.trailers = {};
        this.complete = false;
        for (const line of lines.slice(2)) {
          const colon = line.indexOf(':');
          if (colon <= 0) continue;
          const name = line.slice(0, colon).trim(), value = line.slice(colon + 1).trim();
          this.rawHeaders.push(name, value);
          const key = name.toLowerCase();
          if (key === 'set-cookie') (this.headers[key] = this.headers[key] || []).push(value);
          else if (key in this.headers) this.headers[key] += (key === 'cookie' ? '; ' : ', ') + value;
          else this.headers[key] = value;
        }
      }
      _read() {}
      setTimeout(ms, callback) { if (callback) this.once('timeout', callback); return this; }
    }

    class ClientRequest extends Writable {
      constructor(options, callback, defaultProtocol) {
        super();
        this._options = options;
        this.method = (options.method || 'GET').toUpperCase();
        this.protocol = options.protocol || defaultProtocol;
        this.host = options.hostname || (options.host || 'localhost').replace(/:\d+$/, '');
        const defaultPort = this.protocol === 'https:' ? 443 : 80;
        const hostPort = options.host && /:(\d+)$/.exec(options.host);
        this.port = Number(options.port || (hostPort ? hostPort[1] : defaultPort));
        this.path = options.path || '/';
        this._headers = new Map();
        for (const [name, value] of Object.entries(options.headers || {})) this.setHeader(name, value);
        if (options.auth && !this.hasHeader('authorization')) this.setHeader('Authorization', 'Basic ' + Buffer().from(options.auth).toString('base64'));
        this._chunks = [];
        this._timeout = options.timeout || 0;
        this.aborted = false;
        this.finished = false;
        this.reusedSocket = false;
        this.socket = null;
        if (callback) this.once('response', callback);
        if (options.signal) {
          if (options.signal.aborted) process.nextTick(() => this.destroy(internals.abortError(options.signal)));
          else options.signal.addEventListener('abort', () => this.destroy(internals.abortError(options.signal)), { once: true });
        }
      }
      setHeader(name, value) { this._headers.set(String(name).toLowerCase(), [String(name), value]); return this; }
      getHeader(name) { const entry = this._headers.get(String(name).toLowerCase()); return entry && entry[1]; }
      getHeaders() { const out = {}; for (const [key, [, value]] of this._headers) out[key] = value; return out; }
      getHeaderNames() { return [...this._headers.keys()]; }
      getRawHeaderNames() { return [...this._headers.values()].map(([name]) => name); }
      hasHeader(name) { return this._headers.has(String(name).toLowerCase()); }
      removeHeader(name) { this._headers.delete(String(name).toLowerCase()); }
      setTimeout(ms, callback) { this._timeout = ms; if (callback) this.once('timeout', callback); return this; }
      setNoDelay() { return this; }
      setSocketKeepAlive() { return this; }
      flushHeaders() {}
      abort() { this.aborted = true; this.destroy(); }
      _write(chunk, encoding, callback) {
        this._chunks.push(typeof chunk === 'string' ? Buffer().from(chunk, encoding) : Buffer().from(chunk));
        callback();
      }
      _final(callback) {
        const body = Buffer().concat(this._chunks);
        const url = `${this.protocol}//${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}${this.path}`;
        const headers = [];
        for (const [, [name, value]] of this._headers) {
          for (const v of Array.isArray(value) ? value : [value]) headers.push([name, String(v)]);
        }
        if (!this.hasHeader('host')) headers.unshift(['Host', this.port === (this.protocol === 'https:' ? 443 : 80) ? this.host : `${this.host}:${this.port}`]);
        if (body.length && !this.hasHeader('content-length') && !this.hasHeader('transfer-encoding')) headers.push(['Content-Length', String(body.length)]);
        this._id = internals.ioRegister(transferEvents(this));
        try {
          host.httpStart(this._id, this.method, url, headers, body, this._timeout, this._options.rejectUnauthorized !== false);
        } catch (err) {
          internals.ioForget(this._id);
          callback();
          process.nextTick(() => this.destroy(err));
          return;
        }
        this.finished = true;
        callback();
      }
      _destroy(err, callback) {
        if (this._id) internals.ioForget(this._id);
        if (this.res && !this.res.complete) this.res.destroy(err || undefined);
        callback(err);
      }
      _onResponse(statusCode, text) {
        this.res = new IncomingMessage(statusCode, text);
        this.res.req = this;
        if (!this.emit('response', this.res)) this.res.resume();
      }
      _onData(bytes) { if (this.res) this.res.push(Buffer().from(bytes.buffer, bytes.byteOffset, bytes.byteLength)); }
      _onEnd() {
        if (this.res) { this.res.complete = true; this.res.push(null); }
        this.emit('close');
      }
      _onError(message, code) {
        const names = { 6: 'ENOTFOUND', 7: 'ECONNREFUSED', 28: 'ETIMEDOUT', 35: 'EPROTO', 52: 'ECONNRESET', 56: 'ECONNRESET', 60: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' };
        const name = names[code] || 'ECONNRESET';
        const error = new Error(`${code === 7 ? 'connect' : code === 6 ? 'getaddrinfo' : 'request'} ${name} ${this.host}${code === 6 ? '' : ':' + this.port}: ${message}`);
        error.code = name;
        error.errno = -code;
        error.syscall = code === 6 ? 'getaddrinfo' : 'connect';
        error.address = this.host;
        error.port = this.port;
        if (code === 28) this.emit('timeout');
        this.destroy(error);
      }
    }
    return { IncomingMessage, ClientRequest };
  }

  function normalize(url, options, callback, protocol) {
    if (typeof url === 'string' || url instanceof URL) {
      const parsed = url instanceof URL ? url : new URL(url);
      const fromUrl = {
        protocol: parsed.protocol, hostname: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port,
        path: parsed.pathname + parsed.search, auth: parsed.username ? `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}` : undefined,
      };
      if (typeof options === 'function') { callback = options; options = {}; }
      options = Object.assign(fromUrl, options || {});
    } else {
      callback = options;
      options = Object.assign({}, url);
    }
    if (options.protocol && options.protocol !== protocol) {
      const e = new TypeError(`Protocol "${options.protocol}" not supported. Expected "${protocol}"`);
      e.code = 'ERR_INVALID_PROTOCOL';
      throw e;
    }
    return [options, callback];
  }

  class Agent {
    constructor(options = {}) { this.options = options; this.keepAlive = Boolean(options.keepAlive); this.maxSockets = options.maxSockets || Infinity; this.sockets = {}; this.requests = {}; }
    destroy() {}
  }

  function makeModule(protocol) {
    const request = (url, options, callback) => {
      if (!classes) classes = makeClasses();
      const [opts, cb] = normalize(url, options, callback, protocol);
      return new classes.ClientRequest(opts, cb, protocol);
    };
    const get = (url, options, callback) => { const req = request(url, options, callback); req.end(); return req; };
    const module = {
      request, get, Agent, globalAgent: new Agent(), STATUS_CODES, METHODS,
      get ClientRequest() { if (!classes) classes = makeClasses(); return classes.ClientRequest; },
      get IncomingMessage() { if (!classes) classes = makeClasses(); return classes.IncomingMessage; },
      createServer() { const e = new Error(`${protocol.slice(0, -1)}.createServer() is not available in jshost: a component does not listen for connections`); e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE'; throw e; },
      maxHeaderSize: 16384,
      validateHeaderName() {}, validateHeaderValue() {},
    };
    return module;
  }
  internals.builtinFactories.set('http', () => makeModule('http:'));
  internals.builtinFactories.set('https', () => makeModule('https:'));
})
"""#
}

// The `http` and `https` clients as Node 20's: `ClientRequest` writes HTTP/1.1 on a socket from an Agent (net or
// tls) with exactly the headers Node writes, and reads the response with `ResponseParser`.
(function (internals) {
  'use strict';
  const { Buffer } = internals.Module._load('buffer', null);
  const Stream = internals.Module._load('stream', null);
  const net = internals.net;
  const { IncomingMessage, ResponseParser, addHeader } = internals.httpIncoming;
  const { Agent, HTTPSAgent, globalAgent, httpsGlobalAgent } = internals.httpAgents;

  const STATUS_CODES = {
    100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints', 200: 'OK', 201: 'Created',
    202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content', 205: 'Reset Content', 206: 'Partial Content',
    207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used', 300: 'Multiple Choices', 301: 'Moved Permanently',
    302: 'Found', 303: 'See Other', 304: 'Not Modified', 305: 'Use Proxy', 307: 'Temporary Redirect',
    308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
    404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required',
    408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed',
    413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
    417: 'Expectation Failed', 418: "I'm a Teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity',
    423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
    429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
    500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
    504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates', 507: 'Insufficient Storage',
    508: 'Loop Detected', 509: 'Bandwidth Limit Exceeded', 510: 'Not Extended', 511: 'Network Authentication Required',
  };
  const METHODS = ['ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK', 'M-SEARCH',
    'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH', 'POST', 'PROPFIND', 'PROPPATCH',
    'PURGE', 'PUT', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE', 'SUBSCRIBE', 'TRACE', 'UNBIND', 'UNLINK', 'UNLOCK', 'UNSUBSCRIBE'];

  const codedError = (Type, code, message) => { const e = new Type(message); e.code = code; return e; };
  const token = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
  const invalidValue = /[^\t\x20-\x7e\x80-\xff]/;
  function validateHeaderName(name) {
    if (typeof name !== 'string' || !name || !token.test(name)) {
      throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Header name must be a valid HTTP token ["${name}"]`);
    }
  }
  function validateHeaderValue(name, value) {
    if (value === undefined) throw codedError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', `Invalid value "${value}" for header "${name}"`);
    if (invalidValue.test(String(value))) throw codedError(TypeError, 'ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
  }
  function connectionReset(message) { return codedError(Error, 'ECONNRESET', message); }

  // Node's OutgoingMessage: headers kept in insertion order under their lower-case names, the head written
  // with the first write, bodies chunked unless their length is known when the head goes out.
  class OutgoingMessage extends Stream {
    constructor() {
      super();
      this._headers = new Map();
      this._header = null;
      this._headerSent = false;
      this._queue = [];
      this.chunkedEncoding = false;
      this.useChunkedEncodingByDefault = true;
      this.shouldKeepAlive = true;
      this._last = false;
      this._hasBody = true;
      this._contentLength = null;
      this.finished = false;
      this.writable = true;
      this.destroyed = false;
      this.socket = null;
      this._pendingWrites = 0;
      this._finishEmitted = false;
    }
    get connection() { return this.socket; }
    get headersSent() { return Boolean(this._header); }
    get closed() { return Boolean(this._closed || (this.socket && this.socket.destroyed && this.finished)); }
    get errored() { return this._destroyError || null; }
    get writableNeedDrain() { return Boolean(this.socket && this.socket.writableNeedDrain); }
    // Trailers go after the last chunk of a chunked body, as Node writes them.
    addTrailers(headers) {
      const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
      this._trailer = (this._trailer || '') + pairs.map(([name, value]) => {
        validateHeaderName(name);
        validateHeaderValue(name, value);
        return `${name}: ${value}\r\n`;
      }).join('');
    }
    setHeaders(headers) {
      if (this._header) throw codedError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot set headers after they are sent to the client');
      if (!headers || (typeof headers.forEach !== 'function' && !(headers instanceof Map))) {
        throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "headers" argument must be an instance of Headers or Map. ${internals.received(headers)}`);
      }
      headers.forEach((value, name) => this.setHeader(name, value));
      return this;
    }
    // An outgoing message is written to, not read: piping from one is an error, as in Node.
    pipe() { this.emit('error', codedError(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable')); }
    destroy(error) {
      if (this.destroyed) return this;
      this.destroyed = true;
      this._destroyError = error;
      if (this.socket) this.socket.destroy(error);
      else if (error) process.nextTick(() => this.emit('error', error));
      return this;
    }
    setTimeout(ms, callback) {
      if (callback) this.once('timeout', callback);
      if (this.socket) this.socket.setTimeout(ms);
      return this;
    }
    get writableEnded() { return this.finished; }
    get writableFinished() { return this._finishEmitted; }
    get writableLength() { return 0; }
    get writableHighWaterMark() { return 16384; }
    get writableObjectMode() { return false; }
    get writableCorked() { return 0; }
    setHeader(name, value) {
      if (this._header) throw codedError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot set headers after they are sent to the client');
      validateHeaderName(name);
      validateHeaderValue(name, value);
      this._headers.set(name.toLowerCase(), [name, value]);
      return this;
    }
    appendHeader(name, value) {
      const existing = this._headers.get(String(name).toLowerCase());
      if (!existing) return this.setHeader(name, value);
      validateHeaderValue(name, value);
      existing[1] = [].concat(existing[1], value);
      return this;
    }
    getHeader(name) { const entry = this._headers.get(String(name).toLowerCase()); return entry && entry[1]; }
    getHeaders() { const out = Object.create(null); for (const [key, [, value]] of this._headers) out[key] = value; return out; }
    getHeaderNames() { return [...this._headers.keys()]; }
    getRawHeaderNames() { return [...this._headers.values()].map(([name]) => name); }
    hasHeader(name) { return this._headers.has(String(name).toLowerCase()); }
    removeHeader(name) {
      if (this._header) throw codedError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot remove headers after they are sent to the client');
      this._headers.delete(String(name).toLowerCase());
    }
    flushHeaders() { if (!this._header) this._implicitHeader(); this._send(''); }
    cork() { if (this.socket) this.socket.cork(); }
    uncork() { if (this.socket) this.socket.uncork(); }

    _storeHeader(firstLine) {
      let head = firstLine;
      const seen = { connection: false, length: false, te: false, expect: false, trailer: false };
      for (const [key, [name, value]] of this._headers) {
        for (const item of Array.isArray(value) ? value : [value]) head += `${name}: ${item}\r\n`;
        if (key === 'connection') { seen.connection = true; if (/close/i.test(String(value))) this._last = true; else this.shouldKeepAlive = true; }
        else if (key === 'content-length') seen.length = true;
        else if (key === 'transfer-encoding') { seen.te = true; if (/chunked/i.test(String(value))) this.chunkedEncoding = true; }
        else if (key === 'expect') seen.expect = true;
        else if (key === 'trailer') seen.trailer = true;
      }
      if (!seen.connection) {
        if (this.shouldKeepAlive && (seen.length || this.useChunkedEncodingByDefault || this.agent)) head += 'Connection: keep-alive\r\n';
        else { this._last = true; head += 'Connection: close\r\n'; }
      }
      if (!seen.length && !seen.te) {
        if (!this._hasBody) this.chunkedEncoding = false;
        else if (!this.useChunkedEncodingByDefault) this._last = true;
        else if (!seen.trailer && typeof this._contentLength === 'number') head += `Content-Length: ${this._contentLength}\r\n`;
        else { head += 'Transfer-Encoding: chunked\r\n'; this.chunkedEncoding = true; }
      }
      this._header = head + '\r\n';
      this._headerSent = false;
      if (seen.expect) this._send('');
    }

    // Sends bytes (the head first); before a socket is assigned they wait in the queue.
    _send(data, encoding, callback) {
      if (!this._headerSent && this._header !== null) {
        const head = Buffer.from(this._header, 'latin1');
        data = typeof data === 'string' ? Buffer.concat([head, Buffer.from(data, encoding || 'utf8')]) : Buffer.concat([head, data]);
        encoding = null;
        this._headerSent = true;
      }
      const bytes = typeof data === 'string' ? Buffer.from(data, encoding || 'utf8') : data;
      if (this.socket && this.socket._httpMessage === this && this._queue.length === 0 && !this.socket.destroyed) {
        return this._writeToSocket(bytes, callback);
      }
      this._queue.push([bytes, callback]);
      return false;
    }
    _writeToSocket(bytes, callback) {
      this._pendingWrites++;
      return this.socket.write(bytes, (error) => {
        this._pendingWrites--;
        if (callback) callback(error);
        this._maybeFinish();
      });
    }
    _flushQueue() {
      const queue = this._queue;
      this._queue = [];
      let ok = true;
      for (const [bytes, callback] of queue) ok = this._writeToSocket(bytes, callback);
      this._maybeFinish();
      if (ok) this.emit('drain');
    }
    _maybeFinish() {
      if (this.finished && !this._finishEmitted && this._queue.length === 0 && this._pendingWrites === 0 && this.socket) {
        this._finishEmitted = true;
        this.emit('finish');
      }
    }

    write(chunk, encoding, callback) {
      if (typeof encoding === 'function') { callback = encoding; encoding = null; }
      return this._write(chunk, encoding, callback, false);
    }
    _write(chunk, encoding, callback, fromEnd) {
      if (this.finished) {
        const e = codedError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
        process.nextTick(() => { if (callback) callback(e); this.emit('error', e); });
        return true;
      }
      if (this.destroyed) {
        const e = codedError(Error, 'ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed');
        process.nextTick(() => { if (callback) callback(e); });
        return false;
      }
      if (chunk === null) throw codedError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
      if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
        throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. ${internals.received(chunk)}`);
      }
      if (!this._header) {
        if (fromEnd) this._contentLength = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding || 'utf8') : chunk.length;
        this._implicitHeader();
      }
      if (!this._hasBody) { if (callback) process.nextTick(callback); return true; }
      const length = typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding || 'utf8') : chunk.length;
      if (length === 0) { if (callback) process.nextTick(callback); return true; }
      if (this.chunkedEncoding) {
        this._send(length.toString(16) + '\r\n', 'latin1');
        this._send(chunk, encoding);
        return this._send('\r\n', 'latin1', callback);
      }
      return this._send(chunk, encoding, callback);
    }
    end(chunk, encoding, callback) {
      if (typeof chunk === 'function') { callback = chunk; chunk = null; encoding = null; }
      else if (typeof encoding === 'function') { callback = encoding; encoding = null; }
      if (chunk !== null && chunk !== undefined) {
        if (this.finished) { this._write(chunk, encoding, callback, true); return this; }
        this._write(chunk, encoding, null, true);
      } else if (this.finished) {
        if (callback) process.nextTick(callback);
        return this;
      } else if (!this._header) {
        this._contentLength = 0;
        this._implicitHeader();
      }
      if (callback) this.once('finish', callback);
      if (this.chunkedEncoding && this._hasBody) this._send(`0\r\n${this._trailer || ''}\r\n`, 'latin1');
      else if (!this._headerSent) this._send('', 'latin1');
      this.finished = true;
      this.writable = false;
      this.emit('prefinish');
      this._maybeFinish();
      return this;
    }
  }

  // The server side is not provided (a component does not listen); the class exists for `instanceof` checks
  // that client libraries make on pipe destinations.
  class ServerResponse extends OutgoingMessage {}

  function hostHeaderFor(host, port, defaultPort) {
    let value = host;
    if (value.includes(':') && !value.startsWith('[')) value = `[${value}]`;
    if (port && Number(port) !== defaultPort) value += ':' + port;
    return value;
  }

  class ClientRequest extends OutgoingMessage {
    constructor(input, options, callback) {
      super();
      [options, callback] = normalizeArguments(input, options, callback);
      const defaultAgent = options._defaultAgent || globalAgent;
      let agent = options.agent;
      if (agent === false) agent = new defaultAgent.constructor();
      else if (agent === null || agent === undefined) { if (typeof options.createConnection !== 'function') agent = defaultAgent; }
      this.agent = agent || undefined;
      const protocol = options.protocol || defaultAgent.protocol;
      let expectedProtocol = defaultAgent.protocol;
      if (this.agent && this.agent.protocol) expectedProtocol = this.agent.protocol;
      if (protocol !== expectedProtocol) {
        throw codedError(TypeError, 'ERR_INVALID_PROTOCOL', `Protocol "${protocol}" not supported. Expected "${expectedProtocol}"`);
      }
      const defaultPort = options.defaultPort || (this.agent && this.agent.defaultPort) || (protocol === 'https:' ? 443 : 80);
      const port = options.port = options.port || defaultPort || 80;
      const host = options.host = options.hostname || options.host || 'localhost';
      const path = options.path || '/';
      if (/[\u0000-\u0020]/.test(path)) throw codedError(TypeError, 'ERR_UNESCAPED_CHARACTERS', 'Request path contains unescaped characters');
      let method = options.method;
      if (method !== null && method !== undefined && typeof method !== 'string') {
        throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "options.method" property must be of type string. ${internals.received(method)}`);
      }
      if (method) {
        if (!token.test(method)) throw codedError(TypeError, 'ERR_INVALID_HTTP_TOKEN', `Method must be a valid HTTP token ["${method}"]`);
        method = method.toUpperCase();
      } else method = 'GET';
      this.method = method;
      this.path = path;
      this.host = host;
      this.protocol = protocol;
      this.maxHeadersCount = null;
      this.reusedSocket = false;
      this.aborted = false;
      this.res = null;
      this.timeout = options.timeout === undefined ? undefined : Number(options.timeout);
      this._ended = false;
      if (callback) this.once('response', callback);
      this.useChunkedEncodingByDefault = !['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'].includes(method);
      if (Array.isArray(options.headers)) {
        for (let i = 0; i + 1 < options.headers.length; i += 2) this.appendHeader(options.headers[i], options.headers[i + 1]);
      } else if (options.headers) {
        for (const key of Object.keys(options.headers)) this.setHeader(key, options.headers[key]);
      }
      if (host && !this.getHeader('host') && options.setHost !== false) this.setHeader('Host', hostHeaderFor(host, port, defaultPort));
      if (options.auth && !this.getHeader('Authorization')) this.setHeader('Authorization', 'Basic ' + Buffer.from(options.auth).toString('base64'));
      if (this.agent) {
        // Keep-alive only where the agent will really reuse the connection.
        if (!this.agent.keepAlive && !Number.isFinite(this.agent.maxSockets)) { this._last = true; this.shouldKeepAlive = false; }
        else { this._last = false; this.shouldKeepAlive = true; }
      }
      if (this.getHeader('expect')) this._storeHeader(`${method} ${path} HTTP/1.1\r\n`);
      if (options.signal) {
        const signal = options.signal;
        const abort = () => this.destroy(internals.abortError(signal));
        if (signal.aborted) process.nextTick(abort);
        else { signal.addEventListener('abort', abort, { once: true }); this.once('close', () => signal.removeEventListener('abort', abort)); }
      }
      const connectOptions = Object.assign({}, options);
      delete connectOptions.signal;
      if (this.agent) this.agent.addRequest(this, connectOptions);
      else {
        this._last = true;
        this.shouldKeepAlive = false;
        if (typeof options.createConnection === 'function') {
          let called = false;
          const socket = options.createConnection(connectOptions, (error, created) => {
            if (called) return;
            called = true;
            if (error) process.nextTick(() => this.emit('error', error));
            else this.onSocket(created);
          });
          if (socket && !called) { called = true; this.onSocket(socket); }
        } else this.onSocket(net.createConnection(connectOptions));
      }
    }

    _implicitHeader() { this._storeHeader(`${this.method} ${this.path} HTTP/1.1\r\n`); }

    abort() {
      if (this.aborted) return;
      this.aborted = true;
      process.nextTick(() => this.emit('abort'));
      this.destroy();
    }

    destroy(error) {
      if (this.destroyed) return this;
      this.destroyed = true;
      if (this.res) this.res._dump();
      this._destroyError = error;
      if (this.socket) this.socket.destroy(error);
      else if (error) process.nextTick(() => { this.emit('error', error); this.emit('close'); });
      return this;
    }

    setTimeout(ms, callback) {
      if (callback) this.once('timeout', callback);
      this.timeout = Number(ms);
      if (this.socket) this._watchTimeout(this.socket);
      return this;
    }
    // Node's ClientRequest stops its timeout with this (setTimeout(0) does the same).
    clearTimeout(callback) { return this.setTimeout(0, callback); }
    _watchTimeout(socket) {
      if (this.timeout === undefined) return;
      socket.setTimeout(this.timeout);
      if (!this._timeoutListener) {
        this._timeoutListener = () => this.emit('timeout');
        socket.on('timeout', this._timeoutListener);
      }
    }
    setNoDelay(noDelay) { this._onSocketReady((socket) => socket.setNoDelay(noDelay)); }
    setSocketKeepAlive(enable, delay) { this._onSocketReady((socket) => socket.setKeepAlive(enable, delay)); }
    _onSocketReady(apply) { if (this.socket) apply(this.socket); else this.once('socket', apply); }

    onSocket(socket, error) {
      process.nextTick(() => {
        if (error) { this.emit('error', error); this.emit('close'); return; }
        if (this.destroyed) {
          if (socket) { socket.emit('free'); socket.destroy(); }
          if (this._destroyError) this.emit('error', this._destroyError);
          this.emit('close');
          return;
        }
        this._attach(socket);
      });
    }

    _attach(socket) {
      this.socket = socket;
      socket._httpMessage = this;
      let hadError = false;
      // The parser's callbacks run the user's listeners ('response', 'data', 'end', 'upgrade'); what they throw is
      // theirs and goes on as an uncaught exception once the chunk is parsed, as in Node, not as the request's
      // 'error' (the response itself is fine and goes on).
      let listenerFailure = null;
      const listeners = (fn) => (...args) => {
        try { return fn(...args); } catch (error) { if (listenerFailure === null) listenerFailure = { error }; return undefined; }
      };
      const parser = new ResponseParser({
        onHead: listeners((head) => this._onHead(head, socket)),
        onBody: listeners((chunk) => { if (this.res) this.res._deliver(chunk); }),
        onComplete: listeners((rawTrailers) => this._onComplete(rawTrailers, socket, detach)),
        onUntilClose: () => { this.shouldKeepAlive = false; },
        onUpgrade: listeners((rest) => this._onUpgrade(socket, rest, detach)),
      });
      const onData = (chunk) => {
        try { parser.execute(chunk); } catch (e) {
          hadError = true;
          detach();
          socket.destroy();
          e.bytesParsed = chunk.length;
          this.emit('error', e);
        }
        if (listenerFailure !== null) { const { error } = listenerFailure; listenerFailure = null; throw error; }
      };
      const onEnd = () => {
        if (parser.finish()) return;
        if (!this.res) { if (!hadError) { hadError = true; this.emit('error', connectionReset('socket hang up')); } }
      };
      const onError = (error) => {
        if (hadError) return;
        hadError = true;
        if (this.res && !this.res.complete) { this.res.destroy(connectionReset('aborted')); return; }
        this.emit('error', error);
      };
      const onClose = () => {
        detach();
        parser.finish();
        if (!this.res) {
          // Also after abort(), as in Node.
          if (!hadError) { hadError = true; this.emit('error', connectionReset('socket hang up')); }
        } else if (!this.res.complete) {
          this.res.destroy(connectionReset('aborted'));
        }
        this.emit('close');
      };
      const onDrain = () => this.emit('drain');
      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.on('error', onError);
      socket.on('close', onClose);
      socket.on('drain', onDrain);
      const detach = () => {
        socket.removeListener('data', onData);
        socket.removeListener('end', onEnd);
        socket.removeListener('error', onError);
        socket.removeListener('close', onClose);
        socket.removeListener('drain', onDrain);
        if (this._timeoutListener) { socket.removeListener('timeout', this._timeoutListener); this._timeoutListener = null; }
      };
      this._watchTimeout(socket);
      this.emit('socket', socket);
      this._flushQueue();
    }

    _onHead(head, socket) {
      const res = new IncomingMessage(socket);
      res.httpVersionMajor = head.versionMajor;
      res.httpVersionMinor = head.versionMinor;
      res.httpVersion = `${head.versionMajor}.${head.versionMinor}`;
      res.statusCode = head.statusCode;
      res.statusMessage = head.statusMessage;
      res.rawHeaders = head.rawHeaders;
      for (let i = 0; i < head.rawHeaders.length; i += 2) addHeader(res.headers, head.rawHeaders[i], head.rawHeaders[i + 1]);
      if (head.statusCode >= 100 && head.statusCode < 200 && head.statusCode !== 101) {
        if (head.statusCode === 100) this.emit('continue');
        this.emit('information', { statusCode: res.statusCode, statusMessage: res.statusMessage, httpVersion: res.httpVersion,
          httpVersionMajor: res.httpVersionMajor, httpVersionMinor: res.httpVersionMinor, headers: res.headers, rawHeaders: res.rawHeaders });
        return 'informational';
      }
      this.res = res;
      res.req = this;
      if (head.statusCode === 101 || (this.method === 'CONNECT' && head.statusCode >= 200 && head.statusCode < 300)) {
        res.upgrade = true;
        return 'upgrade';
      }
      res.upgrade = false;
      if (!head.keepAlive) this.shouldKeepAlive = false;
      if (this.aborted) { res._dump(); return this.method === 'HEAD' ? 'skip-body' : undefined; }
      if (!this.emit('response', res)) res._dump();
      return this.method === 'HEAD' ? 'skip-body' : undefined;
    }

    _onUpgrade(socket, rest, detach) {
      detach();
      socket._httpMessage = null;
      const event = this.method === 'CONNECT' ? 'connect' : 'upgrade';
      if (this.listenerCount(event) > 0) {
        socket.emit('agentRemove');
        // Not flowing, so bytes the new owner unshifts wait in the buffer until it listens for them.
        socket.readableFlowing = null;
        this.emit(event, this.res, socket, rest);
        this.emit('close');
      } else {
        socket.destroy();
      }
    }

    _onComplete(rawTrailers, socket, detach) {
      const res = this.res;
      if (!res) return;
      res.rawTrailers = rawTrailers;
      for (let i = 0; i < rawTrailers.length; i += 2) addHeader(res.trailers, rawTrailers[i], rawTrailers[i + 1]);
      res.complete = true;
      res.push(null);
      const release = () => {
        detach();
        if (this.shouldKeepAlive && !socket.destroyed && socket.writable && this.agent) {
          socket.setTimeout(0);
          socket.emit('free');
        } else {
          socket.destroySoon();
        }
        this.emit('close');
      };
      // The socket goes back to the pool once the body has been read and the request fully written.
      const afterEnd = () => { if (this._finishEmitted) release(); else this.once('finish', release); };
      if (res.readableEnded) afterEnd(); else res.once('end', afterEnd);
    }
  }

  function normalizeArguments(input, options, callback) {
    if (typeof input === 'string' || input instanceof URL) {
      const parsed = input instanceof URL ? input : new URL(input);
      const fromUrl = {
        protocol: parsed.protocol, hostname: parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname,
        hash: parsed.hash, search: parsed.search, pathname: parsed.pathname, path: `${parsed.pathname || ''}${parsed.search || ''}`,
        href: parsed.href,
      };
      if (parsed.port !== '') fromUrl.port = Number(parsed.port);
      if (parsed.username || parsed.password) fromUrl.auth = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
      if (typeof options === 'function') { callback = options; options = fromUrl; }
      else options = Object.assign(fromUrl, options);
    } else if (typeof input === 'function') {
      callback = input;
      options = {};
    } else {
      callback = typeof options === 'function' ? options : callback;
      options = Object.assign({}, input, typeof options === 'object' && options !== null ? options : {});
    }
    return [options, callback];
  }

  function makeModule(name, defaultAgent, AgentClass) {
    const request = (input, options, callback) => {
      [options, callback] = normalizeArguments(input, options, callback);
      if (!options._defaultAgent) options._defaultAgent = module.globalAgent;
      return new ClientRequest(options, callback);
    };
    const get = (input, options, callback) => { const req = request(input, options, callback); req.end(); return req; };
    const module = {
      request, get, Agent: AgentClass, globalAgent: defaultAgent, STATUS_CODES, METHODS, ClientRequest, IncomingMessage, ServerResponse,
      OutgoingMessage, validateHeaderName, validateHeaderValue, maxHeaderSize: 16384,
      setMaxIdleHTTPParsers() {},
      createServer() {
        const e = new Error(`${name}.createServer() is not available in jshost: a component does not listen for connections`);
        e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE';
        throw e;
      },
    };
    return module;
  }
  const http = makeModule('http', globalAgent, Agent);
  const https = makeModule('https', httpsGlobalAgent, HTTPSAgent);
  internals.httpsModule = https;
  internals.builtinFactories.set('http', () => http);
  internals.builtinFactories.set('https', () => https);
})

// The client side of HTTP/1.1 responses: `ResponseParser` (status line, headers, Content-Length, chunked and
// read-until-close bodies, trailers, 1xx and upgrades) and `IncomingMessage` with Node's header rules.
(function (internals) {
  'use strict';
  const { Readable } = internals.Module._load('stream', null);
  const { Buffer } = internals.Module._load('buffer', null);
  const maxHeaderSize = 16384;

  function parseError(message, code) {
    const e = new Error(`Parse Error: ${message}`);
    e.code = code;
    return e;
  }

  // Duplicates Node keeps only the first of; set-cookie is an array, cookie joins with '; ', the rest with ', '.
  const singleValued = new Set(['content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization',
    'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards',
    'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires']);
  function addHeader(target, name, value) {
    const key = name.toLowerCase();
    if (key === 'set-cookie') { (target[key] = target[key] || []).push(value); return; }
    if (!(key in target)) { target[key] = value; return; }
    if (singleValued.has(key)) return;
    target[key] += (key === 'cookie' ? '; ' : ', ') + value;
  }

  const distinct = (raw) => {
    const out = Object.create(null);
    for (let i = 0; i < raw.length; i += 2) (out[raw[i].toLowerCase()] = out[raw[i].toLowerCase()] || []).push(raw[i + 1]);
    return out;
  };
  class IncomingMessage extends Readable {
    constructor(socket) {
      super({ autoDestroy: true });
      this.socket = socket;
      this.httpVersionMajor = null; this.httpVersionMinor = null; this.httpVersion = null;
      this.complete = false;
      this.rawHeaders = []; this.rawTrailers = [];
      this._headers = {}; this._trailers = {};
      this.aborted = false;
      this.upgrade = null;
      this.url = '';
      this.method = null;
      this.statusCode = null;
      this.statusMessage = null;
      this.req = null;
      this._paused = false;
    }
    get connection() { return this.socket; }
    // Node's accessors: headers and trailers as objects (repeated ones joined or listed by Node's rules), and
    // headersDistinct/trailersDistinct with every value of each name.
    get headers() { return this._headers; }
    set headers(value) { this._headers = value; }
    get trailers() { return this._trailers; }
    set trailers(value) { this._trailers = value; }
    get headersDistinct() { return distinct(this.rawHeaders); }
    get trailersDistinct() { return distinct(this.rawTrailers); }
    setTimeout(ms, callback) {
      if (callback) this.on('timeout', callback);
      if (this.socket) this.socket.setTimeout(ms);
      return this;
    }
    _read() {
      if (this._paused && this.socket) { this._paused = false; this.socket.resume(); }
    }
    _deliver(chunk) {
      if (!this.push(chunk) && this.socket && !this._paused) { this._paused = true; this.socket.pause(); }
    }
    // Consumes a body nobody reads, so a keep-alive socket can be reused.
    _dump() { if (!this._dumped) { this._dumped = true; this.removeAllListeners('data'); this.resume(); } }
    _destroy(error, callback) {
      if (!this.readableEnded || !this.complete) { this.aborted = true; this.emit('aborted'); }
      if (this.socket && !this.complete && !this.socket.destroyed) this.socket.destroy(error || undefined);
      callback(error);
    }
  }

  // Parses one response after another from a socket's bytes. Callbacks: onHead(head) → 'skip-body' | 'upgrade'
  // | 'informational' | undefined; onBody(buffer); onComplete(rawTrailers); onUpgrade(rest).
  class ResponseParser {
    constructor(handlers) {
      this.handlers = handlers;
      this.buffer = null;
      this.state = 'head';
      this.remaining = 0;
    }

    execute(chunk) {
      this.buffer = this.buffer && this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      while (this.buffer && this.buffer.length && this.state !== 'done' && this.state !== 'upgraded') {
        if (!this._step()) break;
      }
    }

    // The peer closed the connection: completes a read-until-close body; anything else was cut short.
    finish() {
      if (this.state === 'until-close') { this.state = 'done'; this.handlers.onComplete([]); return true; }
      return this.state === 'done' || this.state === 'upgraded';
    }

    _take(count) { const part = this.buffer.subarray(0, count); this.buffer = this.buffer.subarray(count); return part; }

    _line() {
      const end = this.buffer.indexOf('\r\n');
      if (end === -1) {
        if (this.buffer.length > maxHeaderSize) throw parseError('Header overflow', 'HPE_HEADER_OVERFLOW');
        return null;
      }
      const line = this.buffer.toString('latin1', 0, end);
      this.buffer = this.buffer.subarray(end + 2);
      return line;
    }

    _step() {
      switch (this.state) {
        case 'head': return this._head();
        case 'length': {
          const part = this._take(Math.min(this.remaining, this.buffer.length));
          this.remaining -= part.length;
          if (part.length) this.handlers.onBody(part);
          if (this.remaining === 0) this._complete([]);
          return true;
        }
        case 'until-close': this.handlers.onBody(this._take(this.buffer.length)); return true;
        case 'chunk-size': {
          const line = this._line();
          if (line === null) return false;
          const size = parseInt(line.split(';')[0].trim(), 16);
          if (!/^[0-9a-fA-F]+/.test(line.trim()) || Number.isNaN(size)) throw parseError('Invalid character in chunk size', 'HPE_INVALID_CHUNK_SIZE');
          if (size === 0) { this.state = 'trailers'; this.trailers = []; }
          else { this.remaining = size; this.state = 'chunk-data'; }
          return true;
        }
        case 'chunk-data': {
          const part = this._take(Math.min(this.remaining, this.buffer.length));
          this.remaining -= part.length;
          if (part.length) this.handlers.onBody(part);
          if (this.remaining === 0) this.state = 'chunk-end';
          return true;
        }
        case 'chunk-end': {
          if (this.buffer.length < 2) return false;
          if (this.buffer[0] !== 13 || this.buffer[1] !== 10) throw parseError('Expected LF after chunk data', 'HPE_STRICT');
          this._take(2);
          this.state = 'chunk-size';
          return true;
        }
        case 'trailers': {
          const line = this._line();
          if (line === null) return false;
          if (line === '') { this._complete(this.trailers); return true; }
          const colon = line.indexOf(':');
          if (colon > 0) this.trailers.push(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
          return true;
        }
        default: return false;
      }
    }

    _head() {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) {
        if (this.buffer.length > maxHeaderSize) throw parseError('Header overflow', 'HPE_HEADER_OVERFLOW');
        if (this.buffer.length >= 5 && this.buffer.toString('latin1', 0, 5) !== 'HTTP/') throw parseError('Expected HTTP/', 'HPE_INVALID_CONSTANT');
        return false;
      }
      const lines = this.buffer.toString('latin1', 0, end).split('\r\n');
      this.buffer = this.buffer.subarray(end + 4);
      const status = /^HTTP\/(\d)\.(\d) (\d{3})(?: (.*))?$/.exec(lines[0]);
      if (!status) throw parseError(lines[0].startsWith('HTTP/') ? 'Invalid response status' : 'Expected HTTP/', lines[0].startsWith('HTTP/') ? 'HPE_INVALID_STATUS' : 'HPE_INVALID_CONSTANT');
      const rawHeaders = [];
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon <= 0) throw parseError('Invalid header token', 'HPE_INVALID_HEADER_TOKEN');
        rawHeaders.push(line.slice(0, colon), line.slice(colon + 1).trim());
      }
      const head = {
        versionMajor: Number(status[1]), versionMinor: Number(status[2]), statusCode: Number(status[3]),
        statusMessage: status[4] || '', rawHeaders,
      };
      let length = null, chunked = false, connection = '';
      for (let i = 0; i < rawHeaders.length; i += 2) {
        const key = rawHeaders[i].toLowerCase();
        if (key === 'content-length') length = Number(rawHeaders[i + 1]);
        else if (key === 'transfer-encoding') chunked = /(^|,)\s*chunked\s*$/i.test(rawHeaders[i + 1]);
        else if (key === 'connection') connection += ',' + rawHeaders[i + 1].toLowerCase();
      }
      head.keepAlive = head.versionMajor === 1 && head.versionMinor === 1 ? !/(^|,)\s*close\s*(,|$)/.test(connection)
        : /(^|,)\s*keep-alive\s*(,|$)/.test(connection);
      const verdict = this.handlers.onHead(head);
      if (verdict === 'informational') return true;
      if (verdict === 'upgrade') { this.state = 'upgraded'; this.handlers.onUpgrade(this._take(this.buffer.length)); return false; }
      if (verdict === 'skip-body' || head.statusCode === 204 || head.statusCode === 304) { this._complete([]); return true; }
      if (chunked) this.state = 'chunk-size';
      else if (length !== null && !Number.isNaN(length)) {
        if (length === 0) { this._complete([]); return true; }
        this.state = 'length'; this.remaining = length;
      } else { this.state = 'until-close'; head.keepAlive = false; this.handlers.onUntilClose(); }
      return true;
    }

    _complete(rawTrailers) {
      this.state = 'done';
      this.handlers.onComplete(rawTrailers);
    }
  }

  internals.httpIncoming = { IncomingMessage, ResponseParser, addHeader };
})

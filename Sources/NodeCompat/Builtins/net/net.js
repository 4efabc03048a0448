// The `net` builtin's JS half: `net.Socket` as a Duplex stream over a native `SocketConnection`, with Node's
// events (lookup, connect, ready, data, end, close, timeout, drain), properties and error objects.
(function (host, internals) {
  'use strict';
  const { Duplex } = internals.Module._load('stream', null);
  const { Buffer } = internals.Module._load('buffer', null);
  const { isIP, isIPv4, isIPv6 } = internals.ipSyntax;
  const later = globalThis.setImmediate;

  // Node's error for what the native side reports: kind, code, errno, syscall, address, port, message.
  function socketError(text) {
    const [kind, code, errno, syscall, address, port, message] = String(text).split('\n');
    let error;
    if (kind === 'lookup') {
      error = new Error(`getaddrinfo ${code} ${address}`);
      Object.assign(error, { errno: Number(errno), code, syscall: 'getaddrinfo', hostname: address });
    } else if (kind === 'system') {
      error = new Error(`${syscall} ${code}${address ? ` ${address}:${port}` : ''}`);
      Object.assign(error, { errno: Number(errno), code, syscall });
      if (address) Object.assign(error, { address, port: Number(port) });
    } else {
      error = new Error(message);
      if (code) error.code = code;
      else internals.describeOpenSSLError(error, message);
    }
    return error;
  }
  internals.socketError = socketError;

  function typeError(code, message) { const e = new TypeError(message); e.code = code; return e; }

  function validatePort(port, name = 'Port') {
    const number = typeof port === 'string' && port.trim() !== '' ? Number(port) : port;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 65535) {
      const e = new RangeError(`${name} should be >= 0 and < 65536. Received type ${typeof port} (${internals.inspect(port)}).`);
      e.code = 'ERR_SOCKET_BAD_PORT';
      throw e;
    }
    return number;
  }

  // connect()'s forms: (options[, cb]), (port[, host][, cb]), (path[, cb]).
  function normalizeArgs(args) {
    let options = {};
    if (args.length === 0) return [options, null];
    const first = args[0];
    if (first !== null && typeof first === 'object') options = Object.assign({}, first);
    else if (typeof first === 'string' && !/^\d+$/.test(first)) options.path = first;
    else {
      options.port = first;
      if (args.length > 1 && typeof args[1] === 'string') options.host = args[1];
    }
    const callback = args[args.length - 1];
    return [options, typeof callback === 'function' ? callback : null];
  }

  class Socket extends Duplex {
    constructor(options) {
      options = Object.assign({}, options);
      super({
        allowHalfOpen: Boolean(options.allowHalfOpen), emitClose: false, autoDestroy: true, decodeStrings: false,
        readableHighWaterMark: options.readableHighWaterMark, writableHighWaterMark: options.writableHighWaterMark,
      });
      this.connecting = false;
      this._id = 0;
      this._host = null;
      this._hadError = false;
      this._paused = false;
      this._refed = true;
      this._settings = [];
      this._acks = new Map();
      this._nextRequest = 1;
      this._dispatched = 0;
      this._outstanding = 0;
      this._timer = null;
      this._bytesRead = 0;
      this.timeout = 0;
      this._addresses = {};
      if (options.timeout) this.setTimeout(options.timeout);
      if (options.signal) {
        const abort = () => this.destroy(internals.abortError(options.signal));
        if (options.signal.aborted) process.nextTick(abort);
        else options.signal.addEventListener('abort', abort, { once: true });
      }
    }

    get pending() { return !this._id || this.connecting; }
    // Node's accessors on Socket.prototype: the addresses once connected, the bytes read so far.
    get bytesRead() { return this._bytesRead; }
    get remoteAddress() { return this._addresses.remoteAddress; }
    get remotePort() { return this._addresses.remotePort; }
    get remoteFamily() { return this._addresses.remoteFamily; }
    get localAddress() { return this._addresses.localAddress; }
    get localPort() { return this._addresses.localPort; }
    get localFamily() { return this._addresses.localFamily; }
    read(size) { return super.read(size); }
    pause() { return super.pause(); }
    resume() { return super.resume(); }
    end(...args) { return super.end(...args); }
    get readyState() {
      if (this.connecting) return 'opening';
      if (this.readable && this.writable) return 'open';
      if (this.readable && !this.writable) return 'readOnly';
      if (!this.readable && this.writable) return 'writeOnly';
      return 'closed';
    }
    get bytesWritten() { return this._dispatched + this.writableLength; }
    get bufferSize() { return this.writableLength; }
    get _connecting() { return this.connecting; }

    connect(...args) {
      const [options, callback] = Array.isArray(args[0]) ? args[0] : normalizeArgs(args);
      if (options.path) {
        const e = new Error(`net.connect({ path: ${JSON.stringify(String(options.path))} }): Unix domain sockets are not provided by jshost; connect over TCP (host and port)`);
        e.code = 'ERR_JSHOST_UNSUPPORTED';
        throw e;
      }
      if (options.port === undefined || options.port === null) {
        throw typeError('ERR_MISSING_ARGS', 'The "options" or "port" or "path" argument must be specified');
      }
      const port = validatePort(options.port, 'Port');
      const hostName = options.host ? String(options.host) : 'localhost';
      if (options.timeout) this.setTimeout(options.timeout);
      if (callback) this.once('connect', callback);
      this.connecting = true;
      this._host = hostName;
      this._port = port;
      const family = Number(options.family) || 0;
      this._id = internals.ioRegister((kind, text, bytes, number) => this._onEvent(kind, text, bytes, number));
      try {
        host.socketOpen(this._id, hostName, port, family === 4 || family === 6 ? family : 0,
          options.localAddress || null, isIP(hostName) !== 0);
      } catch (error) {
        internals.ioForget(this._id);
        this._id = 0;
        process.nextTick(() => this.destroy(error));
        return this;
      }
      if (!this._refed) host.socketRef(this._id, false);
      for (const apply of this._settings) apply();
      this._settings = [];
      this._afterOpen(options);
      return this;
    }

    // Where tls starts its session: the command waits in the native queue until the socket connects.
    _afterOpen() {}

    _onEvent(kind, text, bytes, number) {
      switch (kind) {
        case 'lookup': {
          if (number === 1) { this.emit('lookup', socketError(text), undefined, undefined, this._host); break; }
          const [address, family] = text.split('\n');
          this.emit('lookup', null, address, Number(family), this._host);
          break;
        }
        case 'connect': {
          const [localAddress, localPort, remoteAddress, remotePort, remoteFamily] = text.split('\n');
          this._addresses = { localAddress, localPort: Number(localPort), remoteAddress, remotePort: Number(remotePort), remoteFamily, localFamily: remoteFamily };
          this.connecting = false;
          this._touch();
          this._onConnect();
          break;
        }
        case 'secure': this._onSecure(text); break;
        case 'data': {
          this._bytesRead += bytes.length;
          this._touch();
          if (!this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)) && !this._paused) {
            this._paused = true;
            host.socketPause(this._id);
          }
          break;
        }
        case 'written': {
          const ack = this._acks.get(number);
          this._acks.delete(number);
          this._touch();
          if (ack) ack();
          break;
        }
        case 'end': this.push(null); break;
        case 'error': this._nativeClosed(); this.destroy(socketError(text)); break;
        case 'close': this._nativeClosed(); break;
      }
    }

    _onConnect() { this.emit('connect'); this.emit('ready'); }
    _onSecure() {}

    _nativeClosed() {
      internals.ioForget(this._id);
      host.socketDestroy(this._id);
    }

    _read() {
      if (this._paused && this._id) {
        this._paused = false;
        host.socketResume(this._id);
      }
    }

    _write(chunk, encoding, callback) {
      if (!this._id) {
        const e = new Error('Socket is closed'); e.code = 'ERR_SOCKET_CLOSED';
        callback(e);
        return;
      }
      const data = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
      const request = this._nextRequest++;
      this._outstanding += data.length;
      host.socketWrite(this._id, data, request);
      // libuv completes a write at once when the kernel takes it; so does this, while little is in flight on an
      // open connection. Past that (or while connecting), the callback waits for the bytes to go out, which is
      // the stream's backpressure.
      const immediate = !this.connecting && !this.secureConnecting && this._outstanding <= 65536;
      const sent = () => { this._outstanding -= data.length; };
      if (immediate) {
        this._acks.set(request, sent);
        this._dispatched += data.length;
        callback();
      } else {
        this._acks.set(request, () => { sent(); this._dispatched += data.length; callback(); });
      }
    }

    _final(callback) {
      if (!this._id) { callback(); return; }
      const request = this._nextRequest++;
      this._acks.set(request, () => callback());
      host.socketShutdown(this._id, request);
    }

    _destroy(error, callback) {
      if (this._timer) { clearTimeout(this._timer); this._timer = null; }
      this.connecting = false;
      if (this._id) {
        internals.ioForget(this._id);
        host.socketDestroy(this._id);
      }
      if (error) this._hadError = true;
      callback(error);
      // Node emits 'close' when libuv has closed the handle, a turn of the loop later.
      later(() => this.emit('close', Boolean(error)));
    }

    destroySoon() { if (this.writable) this.end(); if (this.writableFinished) this.destroy(); else this.once('finish', () => this.destroy()); }
    resetAndDestroy() { return this.destroy(); }

    address() {
      if (this.localAddress === undefined) return {};
      return { address: this.localAddress, family: this.localFamily, port: this.localPort };
    }

    _setting(apply) { if (this._id) apply(); else this._settings.push(apply); return this; }
    setNoDelay(noDelay = true) { return this._setting(() => host.socketNoDelay(this._id, Boolean(noDelay))); }
    setKeepAlive(enable = false, initialDelay = 0) {
      return this._setting(() => host.socketKeepAlive(this._id, Boolean(enable), Math.floor(Number(initialDelay) / 1000) || 0));
    }
    ref() { this._refed = true; if (this._id) host.socketRef(this._id, true); return this; }
    unref() { this._refed = false; if (this._id) host.socketRef(this._id, false); return this; }

    // Node's idle timeout: 'timeout' after `ms` without reads or writes; the socket stays open.
    setTimeout(ms, callback) {
      ms = Number(ms);
      if (!(ms >= 0)) throw typeError('ERR_INVALID_ARG_TYPE', `The "msecs" argument must be of type number. ${internals.received(ms)}`);
      this.timeout = ms;
      if (this._timer) { clearTimeout(this._timer); this._timer = null; }
      if (callback) { if (ms === 0) this.removeListener('timeout', callback); else this.once('timeout', callback); }
      if (ms > 0) {
        this._timer = setTimeout(() => this.emit('timeout'), ms);
        this._timer.unref();
      }
      return this;
    }
    _touch() { if (this._timer) this._timer.refresh(); }
  }

  function connect(...args) {
    const [options, callback] = normalizeArgs(args);
    const socket = new Socket(options);
    return socket.connect([options, callback]);
  }

  const unsupported = (name) => () => {
    const e = new Error(`net.${name}() is not available in jshost: a component does not listen for connections`);
    e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE';
    throw e;
  };
  let autoSelectFamily = true;
  const net = {
    Socket, Stream: Socket, connect, createConnection: connect, isIP, isIPv4, isIPv6,
    createServer: unsupported('createServer'), Server: unsupported('Server'),
    getDefaultAutoSelectFamily: () => autoSelectFamily,
    setDefaultAutoSelectFamily: (value) => { autoSelectFamily = Boolean(value); },
    getDefaultAutoSelectFamilyAttemptTimeout: () => 250,
    setDefaultAutoSelectFamilyAttemptTimeout: () => {},
  };
  internals.net = net;
  internals.builtinFactories.set('net', () => net);
})

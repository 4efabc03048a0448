// fs.ReadStream and fs.WriteStream over file descriptors, as Node's: a path or an `fd`, `flags`, `mode`, `start`
// and `end`, `autoClose`, `emitClose`, 'open' and 'ready' after the constructor returns. Made on first use (the
// stream builtin loads then): libraries test `instanceof fs.ReadStream`, so they are real classes.
(function (host, internals) {
  'use strict';
  const core = internals.fs;
  const { sync } = core;
  const Buffer = () => internals.Module._load('buffer', null).Buffer;

  let made = null;
  function classes() {
    if (made) return made;
    const { Readable, Writable } = internals.Module._load('stream', null);

    // Opens the file after the constructor returns (errors then become 'error' events, as Node's asynchronous
    // open makes them), or takes the given fd.
    function openLater(stream, options, defaultFlags) {
      stream.fd = typeof options.fd === 'number' ? options.fd : (options.fd && typeof options.fd.fd === 'number' ? options.fd.fd : null);
      stream.flags = options.flags === undefined ? defaultFlags : options.flags;
      stream.mode = options.mode === undefined ? 0o666 : options.mode;
      if (stream.fd !== null) return;
      process.nextTick(() => stream.open());
    }
    function open() {
      if (this.destroyed || this.fd !== null) return;
      try {
        this.fd = sync.openSync(this.path, this.flags, this.mode);
      } catch (e) { this.destroy(e); return; }
      this.emit('open', this.fd);
      this.emit('ready');
    }
    function close(callback) {
      if (typeof callback === 'function') {
        if (this.closed) { process.nextTick(callback); return; }
        this.once('close', () => callback());
      }
      this.destroy();
    }
    function closeFd(stream, error, callback) {
      if (stream.fd === null || !stream.autoClose) { callback(error); return; }
      const fd = stream.fd;
      stream.fd = null;
      let closeError = null;
      try { sync.closeSync(fd); } catch (e) { closeError = e; }
      callback(error || closeError);
    }
    const pending = { configurable: true, enumerable: false, get() { return this.fd === null; } };
    const autoClose = { configurable: true, enumerable: false, get() { return this._autoClose; }, set(value) { this._autoClose = value; } };

    class ReadStream extends Readable {
      constructor(path, options) {
        const opts = core.optionsOf(options, {});
        super({ highWaterMark: opts.highWaterMark || 64 * 1024, encoding: opts.encoding, autoDestroy: true, emitClose: opts.emitClose !== false, signal: opts.signal });
        this.path = opts.fd === undefined || opts.fd === null ? core.toPath(path) : undefined;
        this.start = opts.start;
        this.end = opts.end === undefined ? Infinity : opts.end;
        if (this.start !== undefined && this.start > this.end) {
          const e = new RangeError(`The value of "start" is out of range. It must be <= "end" (here: ${this.end}). Received ${this.start}`);
          e.code = 'ERR_OUT_OF_RANGE';
          throw e;
        }
        this.pos = this.start;
        this.bytesRead = 0;
        this.autoClose = opts.autoClose !== false;
        openLater(this, opts, 'r');
      }
      _read(size) {
        if (this.fd === null) { this.once('open', () => this._read(size)); return; }
        const remaining = this.end === Infinity ? size : Math.min(size, this.end - (this.pos === undefined ? this.bytesRead : this.pos) + 1);
        if (remaining <= 0) { this.push(null); return; }
        const chunk = Buffer().allocUnsafe(remaining);
        let count;
        try { count = sync.readSync(this.fd, chunk, 0, remaining, this.pos === undefined ? null : this.pos); } catch (e) { this.destroy(e); return; }
        if (count === 0) { this.push(null); return; }
        if (this.pos !== undefined) this.pos += count;
        this.bytesRead += count;
        this.push(count === remaining ? chunk : chunk.subarray(0, count));
      }
      _destroy(error, callback) { closeFd(this, error, callback); }
    }
    ReadStream.prototype.open = open;
    ReadStream.prototype.close = close;
    Object.defineProperty(ReadStream.prototype, 'pending', pending);
    Object.defineProperty(ReadStream.prototype, 'autoClose', autoClose);

    class WriteStream extends Writable {
      constructor(path, options) {
        const opts = core.optionsOf(options, {});
        super({ highWaterMark: opts.highWaterMark, decodeStrings: true, defaultEncoding: opts.encoding || 'utf8', autoDestroy: true, emitClose: opts.emitClose !== false, signal: opts.signal });
        if (opts.encoding) this.setDefaultEncoding(opts.encoding);
        this.path = opts.fd === undefined || opts.fd === null ? core.toPath(path) : undefined;
        this.start = opts.start;
        this.pos = opts.start;
        this.bytesWritten = 0;
        this.autoClose = opts.autoClose !== false;
        openLater(this, opts, 'w');
      }
      _write(chunk, encoding, callback) {
        if (this.fd === null) { this.once('open', () => this._write(chunk, encoding, callback)); return; }
        try {
          const bytes = typeof chunk === 'string' ? Buffer().from(chunk, encoding) : chunk;
          for (let offset = 0; offset < bytes.length;) {
            const n = sync.writeSync(this.fd, bytes, offset, bytes.length - offset, this.pos === undefined ? null : this.pos);
            offset += n;
            this.bytesWritten += n;
            if (this.pos !== undefined) this.pos += n;
          }
        } catch (e) { callback(e); return; }
        callback();
      }
      _final(callback) {
        if (this.fd === null) { this.once('open', () => callback()); return; }
        callback();
      }
      _destroy(error, callback) { closeFd(this, error, callback); }
    }
    WriteStream.prototype.open = open;
    WriteStream.prototype.close = function (callback) {
      if (!this.writable || this.writableEnded) return close.call(this, callback);
      if (typeof callback === 'function') this.once('close', () => callback());
      this.end();
      return undefined;
    };
    WriteStream.prototype.destroySoon = WriteStream.prototype.end;
    Object.defineProperty(WriteStream.prototype, 'pending', pending);
    Object.defineProperty(WriteStream.prototype, 'autoClose', autoClose);

    made = { ReadStream, WriteStream };
    return made;
  }

  Object.assign(internals.fs, { streamClasses: classes });
})

// Builtins backed by Debian's well-kept pure-JS packages (see ARCHITECTURE.md): `buffer` (node-buffer, with
// base64url added), `string_decoder` (node-string-decoder), `stream` and `stream/promises` (node-readable-stream,
// under Node's legacy `Stream` function), and the `Buffer` global, loaded on first use.
(function (internals) {
  'use strict';
  const factories = internals.builtinFactories;

  function withBase64url(lib) {
    const B = lib.Buffer;
    const isUrl = (encoding) => typeof encoding === 'string' && encoding.toLowerCase() === 'base64url';
    const toStandard = (text) => text.replace(/-/g, '+').replace(/_/g, '/');
    const from = B.from;
    B.from = function (value, encoding, length) {
      if (typeof value === 'string' && isUrl(encoding)) return from.call(this, toStandard(value), 'base64');
      return from.call(this, value, encoding, length);
    };
    const toStringMethod = B.prototype.toString;
    B.prototype.toString = function (encoding, start, end) {
      if (isUrl(encoding)) return toStringMethod.call(this, 'base64', start, end).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      return toStringMethod.apply(this, arguments);
    };
    const write = B.prototype.write;
    B.prototype.write = function (text, offset, length, encoding) {
      if (isUrl(encoding)) return write.call(this, toStandard(text), offset, length, 'base64');
      if (isUrl(offset)) return write.call(this, toStandard(text), 'base64');
      if (isUrl(length)) return write.call(this, toStandard(text), offset, 'base64');
      return write.apply(this, arguments);
    };
    const byteLength = B.byteLength;
    B.byteLength = function (value, encoding) {
      return isUrl(encoding) ? byteLength.call(this, toStandard(value), 'base64') : byteLength.call(this, value, encoding);
    };
    const isEncoding = B.isEncoding;
    B.isEncoding = (encoding) => isUrl(encoding) || isEncoding(encoding);
    return lib;
  }

  factories.set('buffer', () => withBase64url(internals.requireLibrary('buffer', 'node-buffer', 'buffer')));
  factories.set('string_decoder', () => internals.requireLibrary('string_decoder', 'node-string-decoder', 'string_decoder'));

  factories.set('stream', () => {
    const EventEmitter = internals.EventEmitter;
    // Node's legacy Stream: what Readable and Writable inherit from, and what require('stream') returns.
    function Stream(options) { EventEmitter.call(this, options); }
    Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
    Object.setPrototypeOf(Stream, EventEmitter);
    Stream.prototype.pipe = function pipe(dest, options) {
      const source = this;
      source.on('data', (chunk) => { if (dest.writable && dest.write(chunk) === false && source.pause) source.pause(); });
      dest.on('drain', () => { if (source.readable && source.resume) source.resume(); });
      if (!options || options.end !== false) source.on('end', () => dest.end());
      dest.emit('pipe', source);
      return dest;
    };
    internals.partialBuiltin('stream', Stream);
    const lib = internals.requireLibrary('readable-stream', 'node-readable-stream', 'stream');
    // Node's Readable.from emits a string or a Buffer as one chunk; readable-stream 3 would iterate it.
    const from = lib.Readable.from;
    lib.Readable.from = function (iterable, options) {
      const whole = typeof iterable === 'string' || iterable instanceof Uint8Array;
      return from.call(this, whole ? [iterable] : iterable, options);
    };
    // State getters Node 20 has and readable-stream 3 lacks.
    const getters = (prototype, stateKey, map) => {
      for (const [name, read] of Object.entries(map)) {
        if (name in prototype) continue;
        Object.defineProperty(prototype, name, {
          configurable: true, enumerable: false,
          get() { const state = this[stateKey]; return state ? read(state, this) : undefined; },
        });
      }
    };
    const writableState = {
      writableFinished: (state) => state.finished, writableEnded: (state) => state.ending,
      writableNeedDrain: (state) => Boolean(state.needDrain), writableObjectMode: (state) => state.objectMode,
      writableCorked: (state) => state.corked,
    };
    const readableState = {
      readableEnded: (state) => state.endEmitted, readableObjectMode: (state) => state.objectMode,
      readableAborted: (state) => Boolean(state.destroyed) && !state.endEmitted,
    };
    getters(lib.Writable.prototype, '_writableState', writableState);
    getters(lib.Duplex.prototype, '_writableState', writableState);
    getters(lib.Readable.prototype, '_readableState', readableState);
    getters(lib.Duplex.prototype, '_readableState', readableState);
    Object.assign(Stream, {
      Stream, Readable: lib.Readable, Writable: lib.Writable, Duplex: lib.Duplex, Transform: lib.Transform,
      PassThrough: lib.PassThrough, finished: lib.finished, pipeline: lib.pipeline,
    });
    const promisify = (fn) => (...args) => new Promise((resolve, reject) =>
      fn(...args, (err, value) => (err ? reject(err) : resolve(value))));
    Stream.promises = { pipeline: promisify(lib.pipeline), finished: promisify(lib.finished) };
    return Stream;
  });
  factories.set('stream/promises', () => internals.Module._load('stream', null).promises);

  Object.defineProperty(globalThis, 'Buffer', {
    configurable: true,
    enumerable: false,
    get() {
      const { Buffer } = internals.Module._load('buffer', null);
      Object.defineProperty(globalThis, 'Buffer', { value: Buffer, writable: true, configurable: true, enumerable: false });
      return Buffer;
    },
    set(value) { Object.defineProperty(globalThis, 'Buffer', { value, writable: true, configurable: true, enumerable: false }); },
  });
})

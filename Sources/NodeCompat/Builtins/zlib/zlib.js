// The `zlib` builtin's JS half: gzip/gunzip, deflate/inflate, deflateRaw/inflateRaw, unzip and Brotli, each in
// sync, callback, promise-free stream forms as Node has them, with Node's constants, codes and crc32, over the
// native codecs of ZlibBindings (system zlib, Debian's libbrotli).
(function (host, internals) {
  'use strict';
  const Buffer = () => internals.Module._load('buffer', null).Buffer;
  const constants = { Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
    Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3, Z_MEM_ERROR: -4,
    Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6, Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9,
    Z_DEFAULT_COMPRESSION: -1, Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0,
    ZLIB_VERNUM: host.zlibVersionNumber, DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6,
    UNZIP: 7, BROTLI_DECODE: 8, BROTLI_ENCODE: 9, Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15,
    Z_MIN_CHUNK: 64, Z_MAX_CHUNK: Infinity, Z_DEFAULT_CHUNK: 16384, Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9,
    Z_DEFAULT_MEMLEVEL: 8, Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1, BROTLI_OPERATION_PROCESS: 0,
    BROTLI_OPERATION_FLUSH: 1, BROTLI_OPERATION_FINISH: 2, BROTLI_OPERATION_EMIT_METADATA: 3, BROTLI_PARAM_MODE: 0,
    BROTLI_MODE_GENERIC: 0, BROTLI_MODE_TEXT: 1, BROTLI_MODE_FONT: 2, BROTLI_DEFAULT_MODE: 0, BROTLI_PARAM_QUALITY: 1,
    BROTLI_MIN_QUALITY: 0, BROTLI_MAX_QUALITY: 11, BROTLI_DEFAULT_QUALITY: 11, BROTLI_PARAM_LGWIN: 2,
    BROTLI_MIN_WINDOW_BITS: 10, BROTLI_MAX_WINDOW_BITS: 24, BROTLI_LARGE_MAX_WINDOW_BITS: 30, BROTLI_DEFAULT_WINDOW: 22,
    BROTLI_PARAM_LGBLOCK: 3, BROTLI_MIN_INPUT_BLOCK_BITS: 16, BROTLI_MAX_INPUT_BLOCK_BITS: 24,
    BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING: 4, BROTLI_PARAM_SIZE_HINT: 5, BROTLI_PARAM_LARGE_WINDOW: 6,
    BROTLI_PARAM_NPOSTFIX: 7, BROTLI_PARAM_NDIRECT: 8, BROTLI_DECODER_RESULT_ERROR: 0, BROTLI_DECODER_RESULT_SUCCESS: 1,
    BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: 2, BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: 3,
    BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION: 0, BROTLI_DECODER_PARAM_LARGE_WINDOW: 1,
    BROTLI_DECODER_NO_ERROR: 0, BROTLI_DECODER_SUCCESS: 1, BROTLI_DECODER_NEEDS_MORE_INPUT: 2,
    BROTLI_DECODER_NEEDS_MORE_OUTPUT: 3, BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE: -1,
    BROTLI_DECODER_ERROR_FORMAT_RESERVED: -2, BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE: -3,
    BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET: -4, BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME: -5,
    BROTLI_DECODER_ERROR_FORMAT_CL_SPACE: -6, BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE: -7,
    BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT: -8, BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1: -9,
    BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2: -10, BROTLI_DECODER_ERROR_FORMAT_TRANSFORM: -11,
    BROTLI_DECODER_ERROR_FORMAT_DICTIONARY: -12, BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS: -13,
    BROTLI_DECODER_ERROR_FORMAT_PADDING_1: -14, BROTLI_DECODER_ERROR_FORMAT_PADDING_2: -15,
    BROTLI_DECODER_ERROR_FORMAT_DISTANCE: -16, BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET: -19,
    BROTLI_DECODER_ERROR_INVALID_ARGUMENTS: -20, BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES: -21,
    BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS: -22, BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP: -25,
    BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1: -26, BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2: -27,
    BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES: -30, BROTLI_DECODER_ERROR_UNREACHABLE: -31 };
  Object.freeze(constants);
  const codes = { Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
    Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6 };
  for (const name of Object.keys(codes)) codes[codes[name]] = name;
  Object.freeze(codes);

  const toBytes = (data) => {
    if (typeof data === 'string') return Buffer().from(data);
    if (ArrayBuffer.isView(data)) return Buffer().from(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer) return Buffer().from(data);
    const e = new TypeError(`The "buffer" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer. ${internals.received(data)}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  };
  const isBrotli = (mode) => mode === constants.BROTLI_DECODE || mode === constants.BROTLI_ENCODE;

  function openCodec(mode, options) {
    if (isBrotli(mode)) {
      const pairs = [];
      for (const [key, value] of Object.entries(options.params || {})) pairs.push(Number(key), Number(value));
      return host.brotliOpen(mode === constants.BROTLI_ENCODE, new Uint32Array(pairs));
    }
    const deflating = mode === constants.DEFLATE || mode === constants.GZIP || mode === constants.DEFLATERAW;
    let bits = options.windowBits || constants.Z_DEFAULT_WINDOWBITS;
    if (mode === constants.GZIP || mode === constants.GUNZIP) bits += 16;
    else if (mode === constants.UNZIP) bits += 32;
    else if (mode === constants.DEFLATERAW || mode === constants.INFLATERAW) bits = -bits;
    const level = options.level === undefined ? constants.Z_DEFAULT_COMPRESSION : options.level;
    return host.zlibOpen(deflating, level, bits, options.memLevel || constants.Z_DEFAULT_MEMLEVEL,
      options.strategy === undefined ? constants.Z_DEFAULT_STRATEGY : options.strategy);
  }
  function zlibError(err) {
    if (!err || typeof err.code !== 'string') return err;
    const e = new Error(err.message);
    e.errno = codes[err.code] !== undefined ? codes[err.code]
      : constants['BROTLI_DECODER' + err.code.replace(/^ERR_/, '')] !== undefined ? constants['BROTLI_DECODER' + err.code.replace(/^ERR_/, '')] : -1;
    e.code = err.code;
    return e;
  }
  function tooLarge(limit) {
    const e = new RangeError(`Cannot create a Buffer larger than ${limit} bytes`);
    e.code = 'ERR_BUFFER_TOO_LARGE';
    return e;
  }

  function processSync(mode, data, options = {}) {
    const handle = openCodec(mode, options);
    let out;
    try { out = host.codecWrite(handle, toBytes(data), 2); } catch (err) { host.codecClose(handle); throw zlibError(err); }
    if (options.maxOutputLength !== undefined && out.length > options.maxOutputLength) throw tooLarge(options.maxOutputLength);
    const buffer = Buffer().from(out.buffer, out.byteOffset, out.byteLength);
    return options.info ? { buffer, engine: { bytesWritten: toBytes(data).length } } : buffer;
  }

  // The stream classes, made when zlib is first required (they extend stream.Transform). Node's may be called
  // with or without `new`.
  let streamModule = null;
  function ZlibBase(mode, options) {
    const opts = options || {};
    const Transform = streamModule.Transform;
    Transform.call(this, { ...opts, autoDestroy: true });
    this._mode = mode;
    this._options = opts;
    this._handle = openCodec(mode, opts);
    this.bytesWritten = 0;
    this._flushRequests = 0;
    this._outputLength = 0;
  }
  function setUp(Transform) {
    Object.setPrototypeOf(ZlibBase.prototype, Transform.prototype);
    Object.setPrototypeOf(ZlibBase, Transform);
    Object.defineProperty(ZlibBase.prototype, '_transform', { writable: true, configurable: true, value(chunk, encoding, callback) {
      const flush = chunk.length === 0 && this._flushRequests > 0 ? (this._flushRequests--, 1) : 0;
      let out;
      try { out = host.codecWrite(this._handle, typeof chunk === 'string' ? Buffer().from(chunk, encoding) : chunk, flush); } catch (err) { callback(zlibError(err)); return; }
      this.bytesWritten += chunk.length;
      this._emitOut(out, callback);
    } });
    Object.defineProperty(ZlibBase.prototype, '_flush', { writable: true, configurable: true, value(callback) {
      let out;
      try { out = host.codecWrite(this._handle, new Uint8Array(0), 2); } catch (err) { callback(zlibError(err)); return; }
      this._handle = null;
      this._emitOut(out, callback);
    } });
    Object.defineProperty(ZlibBase.prototype, '_emitOut', { writable: true, configurable: true, value(out, callback) {
      this._outputLength += out.length;
      const limit = this._options.maxOutputLength;
      if (limit !== undefined && this._outputLength > limit) { callback(tooLarge(limit)); return; }
      callback(null, out.length ? Buffer().from(out.buffer, out.byteOffset, out.byteLength) : undefined);
    } });
    Object.defineProperty(ZlibBase.prototype, '_destroy', { writable: true, configurable: true, value(error, callback) {
      if (this._handle !== null) { host.codecClose(this._handle); this._handle = null; }
      callback(error);
    } });
    ZlibBase.prototype.flush = function flush(kind, callback) {
      if (typeof kind === 'function') { callback = kind; kind = undefined; }
      this._flushRequests++;
      this.write(Buffer().alloc(0), callback);
    };
    ZlibBase.prototype.close = function close(callback) {
      if (callback) this.once('close', callback);
      this.destroy();
    };
    ZlibBase.prototype.reset = function reset() {
      if (this._handle !== null) host.codecClose(this._handle);
      this._handle = openCodec(this._mode, this._options);
    };
    Object.defineProperty(ZlibBase.prototype, 'bytesRead', { configurable: true, get() { return this.bytesWritten; } });
    Object.defineProperty(ZlibBase.prototype, '_closed', { configurable: true, get() { return this._handle === null; } });
  }
  function Zlib(mode, options) { ZlibBase.call(this, mode, options); }
  Object.setPrototypeOf(Zlib.prototype, ZlibBase.prototype);
  Object.setPrototypeOf(Zlib, ZlibBase);
  Zlib.prototype.params = function params(level, strategy, callback) {
    this._options = { ...this._options, level, strategy };
    this.flush(constants.Z_SYNC_FLUSH, () => {
      try { host.zlibParams(this._handle, level, strategy); } catch (err) { this.destroy(zlibError(err)); return; }
      if (callback) callback();
    });
  };
  function subclass(name, mode, Parent) {
    const made = { [name]: function (options) {
      if (!(this instanceof made)) return new made(options);
      Parent.call(this, mode, options);
    } }[name];
    Object.setPrototypeOf(made.prototype, Parent.prototype);
    Object.setPrototypeOf(made, Parent);
    return made;
  }

  const kinds = [['Deflate', 'deflate', constants.DEFLATE, Zlib], ['Inflate', 'inflate', constants.INFLATE, Zlib],
    ['Gzip', 'gzip', constants.GZIP, Zlib], ['Gunzip', 'gunzip', constants.GUNZIP, Zlib],
    ['DeflateRaw', 'deflateRaw', constants.DEFLATERAW, Zlib], ['InflateRaw', 'inflateRaw', constants.INFLATERAW, Zlib],
    ['Unzip', 'unzip', constants.UNZIP, Zlib], ['BrotliCompress', 'brotliCompress', constants.BROTLI_ENCODE, ZlibBase],
    ['BrotliDecompress', 'brotliDecompress', constants.BROTLI_DECODE, ZlibBase]];

  function build() {
    streamModule = internals.Module._load('stream', null);
    setUp(streamModule.Transform);
    const zlib = {};
    zlib.crc32 = function crc32(data, value = 0) {
      return host.zlibCrc32(typeof data === 'string' ? Buffer().from(data) : toBytes(data), value);
    };
    for (const [title, name, mode, Parent] of kinds) zlib[title] = subclass(title, mode, Parent);
    for (const [title, name, mode] of kinds) {
      zlib[name] = function (data, options, callback) {
        if (typeof options === 'function') { callback = options; options = {}; }
        if (typeof callback !== 'function') {
          const e = new TypeError(`The "callback" argument must be of type function. ${internals.received(callback)}`);
          e.code = 'ERR_INVALID_ARG_TYPE';
          throw e;
        }
        let result, error = null;
        try { result = processSync(mode, data, options); } catch (err) { error = err; }
        // Node finishes async zlib work on its thread pool, in a later turn of the loop: an immediate, not a tick.
        setImmediate(() => (error ? callback(error) : callback(null, result)));
      };
      zlib[`${name}Sync`] = (data, options) => processSync(mode, data, options);
      zlib[`create${title}`] = (options) => new zlib[title](options);
    }
    Object.defineProperty(zlib, 'constants', { enumerable: true, value: constants });
    Object.defineProperty(zlib, 'codes', { enumerable: true, value: codes });
    for (const [name, value] of Object.entries(constants)) {
      if (name.startsWith('Z_') || /^(DEFLATE|INFLATE|GZIP|GUNZIP|DEFLATERAW|INFLATERAW|UNZIP|ZLIB_VERNUM)$/.test(name)) {
        Object.defineProperty(zlib, name, { enumerable: false, value, writable: false });
      }
    }
    return zlib;
  }
  internals.builtinFactories.set('zlib', build);
})

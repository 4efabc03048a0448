// The `zlib` builtin's JS half: sync, callback and stream forms of gzip/gunzip, deflate/inflate, deflateRaw/
// inflateRaw and unzip, over the native streams of ZlibBindings.
(function (host, internals) {
  'use strict';
  const Buffer = () => internals.Module._load('buffer', null).Buffer;
  const constants = {
    Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_OK: 0, Z_STREAM_END: 1,
    Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1, Z_DEFAULT_WINDOWBITS: 15,
  };
  // mode → [deflating, windowBits]
  const modes = {
    gzip: [true, 31], deflate: [true, 15], deflateRaw: [true, -15],
    gunzip: [false, 31], inflate: [false, 15], inflateRaw: [false, -15], unzip: [false, 47],
  };
  const toBytes = (data) => (typeof data === 'string' ? Buffer().from(data) : ArrayBuffer.isView(data)
    ? Buffer().from(data.buffer, data.byteOffset, data.byteLength) : Buffer().from(data));
  function open(mode, options = {}) {
    const [deflating, bits] = modes[mode];
    const windowBits = options.windowBits ? Math.sign(bits) * (options.windowBits + (Math.abs(bits) - 15)) : bits;
    const level = options.level === undefined ? -1 : options.level;
    return host.zlibOpen(deflating, level, windowBits);
  }
  function nodeError(err) {
    const e = new Error(err.message === 'incorrect header check' || err.message === 'unexpected end of file' ? err.message : err.message);
    e.errno = err.code === 'Z_DATA_ERROR' ? -3 : -5;
    e.code = err.code;
    return e;
  }
  function runSync(mode, data, options) {
    const handle = open(mode, options);
    try { return Buffer().from(host.zlibWrite(handle, toBytes(data), true).buffer); } catch (err) { throw nodeError(err); }
  }

  const zlib = { constants };
  Object.assign(zlib, constants);
  for (const mode of Object.keys(modes)) {
    const title = mode[0].toUpperCase() + mode.slice(1);
    zlib[`${mode}Sync`] = (data, options) => runSync(mode, data, options);
    zlib[mode] = (data, options, callback) => {
      if (typeof options === 'function') { callback = options; options = {}; }
      let result, error = null;
      try { result = runSync(mode, data, options); } catch (err) { error = err; }
      // Node finishes async zlib work on its thread pool, in a later turn of the loop: an immediate, not a tick.
      setImmediate(() => (error ? callback(error) : callback(null, result)));
    };
    zlib[`create${title}`] = (options) => new ZlibTransform(mode, options);
    zlib[title] = function (options) { return new ZlibTransform(mode, options); };
  }

  let TransformClass = null;
  class ZlibTransform {
    constructor(mode, options = {}) {
      if (!TransformClass) TransformClass = internals.Module._load('stream', null).Transform;
      const handle = open(mode, options);
      const stream = new TransformClass({
        transform(chunk, encoding, callback) {
          try { const out = host.zlibWrite(handle, toBytes(chunk), false); callback(null, out.length ? Buffer().from(out.buffer) : undefined); }
          catch (err) { callback(nodeError(err)); }
        },
        flush(callback) {
          try { const out = host.zlibWrite(handle, new Uint8Array(0), true); callback(null, out.length ? Buffer().from(out.buffer) : undefined); }
          catch (err) { callback(nodeError(err)); }
        },
      });
      stream.bytesWritten = 0;
      return stream;
    }
  }
  internals.builtinFactories.set('zlib', () => zlib);
})

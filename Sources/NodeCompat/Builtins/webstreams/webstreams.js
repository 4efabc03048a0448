// `stream/web` and its globals: the WHATWG streams of Debian's node-web-streams-polyfill (the reference
// implementation Node's own follows), with what Node adds: `ReadableStream.from`, the text streams, and the
// compression streams over the zlib builtin. Loaded on first use.
(function (internals) {
  'use strict';
  const lib = internals.requireLibrary('web-streams-polyfill/dist/ponyfill.es2018.js', 'node-web-streams-polyfill', 'stream/web');
  const { ReadableStream, TransformStream } = lib;
  const typeError = (code, message) => { const e = new TypeError(message); e.code = code; return e; };

  if (typeof ReadableStream.from !== 'function') {
    Object.defineProperty(ReadableStream, 'from', { writable: true, configurable: true, value: function from(iterable) {
      const method = iterable != null && (iterable[Symbol.asyncIterator] || iterable[Symbol.iterator]);
      if (typeof method !== 'function') {
        throw typeError('ERR_ARG_NOT_ITERABLE', `${internals.inspect(iterable)} must be iterable`);
      }
      const iterator = method.call(iterable);
      return new ReadableStream({
        async pull(controller) {
          const { value, done } = await iterator.next();
          if (done) controller.close(); else controller.enqueue(await value);
        },
        async cancel(reason) { if (typeof iterator.return === 'function') await iterator.return(reason); },
      }, { highWaterMark: 0 });
    } });
  }

  // The readable and writable sides of a transform, as the text and compression streams expose them.
  const sides = new WeakMap();
  const sideGetters = (prototype) => {
    Object.defineProperty(prototype, 'readable', { configurable: true, enumerable: true, get() { return sides.get(this).readable; } });
    Object.defineProperty(prototype, 'writable', { configurable: true, enumerable: true, get() { return sides.get(this).writable; } });
  };

  class TextEncoderStream {
    constructor() {
      const encoder = new TextEncoder();
      let pending = '';
      sides.set(this, new TransformStream({
        transform(chunk, controller) {
          let text = pending + String(chunk);
          pending = '';
          // A lone high surrogate at the end waits for its partner in the next chunk.
          const last = text.charCodeAt(text.length - 1);
          if (last >= 0xd800 && last <= 0xdbff) { pending = text.slice(-1); text = text.slice(0, -1); }
          if (text) controller.enqueue(encoder.encode(text));
        },
        flush(controller) { if (pending) controller.enqueue(encoder.encode(pending)); },
      }));
    }
    get encoding() { return 'utf-8'; }
  }
  sideGetters(TextEncoderStream.prototype);

  const decoderOptions = new WeakMap();
  class TextDecoderStream {
    constructor(encoding = 'utf-8', options = {}) {
      const decoder = new TextDecoder(encoding, options);
      decoderOptions.set(this, decoder);
      sides.set(this, new TransformStream({
        transform(chunk, controller) {
          const text = decoder.decode(chunk, { stream: true });
          if (text) controller.enqueue(text);
        },
        flush(controller) {
          const text = decoder.decode();
          if (text) controller.enqueue(text);
        },
      }));
    }
    get encoding() { return decoderOptions.get(this).encoding; }
    get fatal() { return decoderOptions.get(this).fatal; }
    get ignoreBOM() { return decoderOptions.get(this).ignoreBOM; }
  }
  sideGetters(TextDecoderStream.prototype);

  const formats = { gzip: ['createGzip', 'createGunzip'], deflate: ['createDeflate', 'createInflate'], 'deflate-raw': ['createDeflateRaw', 'createInflateRaw'] };
  function compressionPair(format, compressing, name) {
    if (!Object.prototype.hasOwnProperty.call(formats, format)) {
      throw typeError('ERR_INVALID_ARG_VALUE', `The argument 'format' is invalid. Received ${internals.inspect(format)}`);
    }
    const zlib = internals.Module._load('zlib', null);
    const codec = zlib[formats[format][compressing ? 0 : 1]]();
    return internals.Module._load('stream', null).Duplex.toWeb(codec);
  }
  class CompressionStream {
    constructor(format) { sides.set(this, compressionPair(format, true)); }
  }
  sideGetters(CompressionStream.prototype);
  class DecompressionStream {
    constructor(format) { sides.set(this, compressionPair(format, false)); }
  }
  sideGetters(DecompressionStream.prototype);

  const web = {
    ReadableStream, ReadableStreamDefaultReader: lib.ReadableStreamDefaultReader,
    ReadableStreamBYOBReader: lib.ReadableStreamBYOBReader, ReadableStreamBYOBRequest: lib.ReadableStreamBYOBRequest,
    ReadableByteStreamController: lib.ReadableByteStreamController,
    ReadableStreamDefaultController: lib.ReadableStreamDefaultController, TransformStream,
    TransformStreamDefaultController: lib.TransformStreamDefaultController, WritableStream: lib.WritableStream,
    WritableStreamDefaultWriter: lib.WritableStreamDefaultWriter,
    WritableStreamDefaultController: lib.WritableStreamDefaultController,
    ByteLengthQueuingStrategy: lib.ByteLengthQueuingStrategy, CountQueuingStrategy: lib.CountQueuingStrategy,
    TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream,
  };
  // A global the component assigned before first use stays the component's.
  for (const [name, value] of Object.entries(web)) {
    if (!Object.prototype.hasOwnProperty.call(globalThis, name)) {
      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
    }
  }
  internals.builtinFactories.set('stream/web', () => web);
})

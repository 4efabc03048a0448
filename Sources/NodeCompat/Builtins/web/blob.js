// `Blob` and `File`, globals and members of `buffer`: immutable bytes with a type, read as text, bytes, an
// ArrayBuffer or a web stream. Loaded on first use.
(function (internals) {
  'use strict';
  const inspect = Symbol.for('nodejs.util.inspect.custom');
  const blobs = new WeakMap();
  const encoder = new TextEncoder();

  // Node keeps a type only when every character is printable ASCII, and lower-cases it.
  const normalType = (type) => (type === undefined ? '' : /^[\x20-\x7e]*$/.test(String(type)) ? String(type).toLowerCase() : '');
  // A Blob keeps the parts it was made of (its stream yields them one by one, as Node's does) and joins them
  // when first read whole.
  const partsOf = (part, endings) => (part instanceof Blob ? blobs.get(part).parts : [bytesOf(part, endings)]);
  const whole = (state) => {
    if (!state.bytes) {
      state.bytes = new Uint8Array(state.size);
      let offset = 0;
      for (const part of state.parts) { state.bytes.set(part, offset); offset += part.length; }
    }
    return state.bytes;
  };
  function bytesOf(part, endings) {
    if (part instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && part instanceof SharedArrayBuffer)) return new Uint8Array(part.slice(0));
    if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
    let text = String(part);
    if (endings === 'native') text = text.replace(/\r\n|\r/g, '\n');
    return encoder.encode(text);
  }

  class Blob {
    constructor(sources = [], options = {}) {
      if (sources === null || typeof sources !== 'object' || typeof sources[Symbol.iterator] !== 'function') {
        const e = new TypeError(`The "sources" argument must be a sequence. ${internals.received(sources)}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      const endings = options && options.endings !== undefined ? String(options.endings) : 'transparent';
      if (endings !== 'transparent' && endings !== 'native') {
        const e = new TypeError(`The property 'options.endings' must be one of: 'transparent', 'native'. Received ${internals.inspect(endings)}`);
        e.code = 'ERR_INVALID_ARG_VALUE';
        throw e;
      }
      const parts = Array.from(sources, (part) => partsOf(part, endings)).flat().filter((part) => part.length > 0);
      const size = parts.reduce((sum, part) => sum + part.length, 0);
      blobs.set(this, { parts, size, bytes: null, type: normalType(options && options.type) });
    }
    get size() { return blobs.get(this).size; }
    get type() { return blobs.get(this).type; }
    slice(start = 0, end = this.size, contentType = '') {
      const { parts, size } = blobs.get(this);
      const clamp = (index) => (index < 0 ? Math.max(size + index, 0) : Math.min(index, size));
      const from = clamp(Math.trunc(start) || 0), to = Math.max(from, clamp(Math.trunc(end)));
      const kept = [];
      let offset = 0;
      for (const part of parts) {
        const partEnd = offset + part.length;
        if (partEnd > from && offset < to) kept.push(part.subarray(Math.max(0, from - offset), Math.min(part.length, to - offset)));
        offset = partEnd;
      }
      const blob = new Blob([]);
      blobs.set(blob, { parts: kept, size: to - from, bytes: null, type: normalType(contentType) });
      return blob;
    }
    arrayBuffer() { const bytes = whole(blobs.get(this)); return Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)); }
    bytes() { return Promise.resolve(whole(blobs.get(this)).slice()); }
    text() { return Promise.resolve(new TextDecoder().decode(whole(blobs.get(this)))); }
    stream() {
      const parts = blobs.get(this).parts.slice();
      return new ReadableStream({
        type: 'bytes',
        pull(controller) {
          if (parts.length === 0) { controller.close(); return; }
          controller.enqueue(parts.shift().slice());
        },
      });
    }
    [inspect](depth, options) { return `Blob ${internals.inspect({ size: this.size, type: this.type }, options)}`; }
  }
  Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: 'Blob', configurable: true });

  const files = new WeakMap();
  class File extends Blob {
    constructor(bits, name, options = {}) {
      if (arguments.length < 2) {
        const e = new TypeError('The "fileBits" and "fileName" arguments must be specified');
        e.code = 'ERR_MISSING_ARGS';
        throw e;
      }
      super(bits, options);
      const lastModified = options && options.lastModified !== undefined ? Number(options.lastModified) : Date.now();
      files.set(this, { name: String(name), lastModified: Number.isNaN(lastModified) ? 0 : Math.trunc(lastModified) });
    }
    get name() { return files.get(this).name; }
    get lastModified() { return files.get(this).lastModified; }
    [inspect](depth, options) {
      return `File ${internals.inspect({ size: this.size, type: this.type, name: this.name, lastModified: this.lastModified }, options)}`;
    }
  }
  Object.defineProperty(File.prototype, Symbol.toStringTag, { value: 'File', configurable: true });

  for (const [name, value] of [['Blob', Blob], ['File', File]]) {
    if (!Object.prototype.hasOwnProperty.call(globalThis, name)) {
      Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
    }
  }
  internals.Blob = Blob;
  internals.File = File;
})

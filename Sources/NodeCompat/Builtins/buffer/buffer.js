// The `buffer` builtin: Debian's node-buffer (feross/buffer) brought to Node 20's surface: base64url, each
// encoding's slice and write methods, `Buffer.of`/`copyBytesFrom`, `isUtf8`, `isAscii`, `transcode`, `constants`,
// `atob`/`btoa`, and `Blob`/`File` (web/blob.js, loaded when first read).
(function (internals) {
  'use strict';
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

  // The limits are JavaScriptCore's: a string of at most 2³¹−1 characters, a typed array of at most 2³² bytes.
  const kStringMaxLength = 2147483647;

  function extend(lib) {
    const B = lib.Buffer;
    for (const encoding of ['ascii', 'base64', 'base64url', 'hex', 'latin1', 'ucs2', 'utf8']) {
      B.prototype[`${encoding}Slice`] = function (start, end) { return this.toString(encoding, start, end); };
      B.prototype[`${encoding}Write`] = function (text, offset = 0, length = this.length - offset) { return this.write(text, offset, length, encoding); };
    }
    B.prototype.readBigUint64BE = B.prototype.readBigUInt64BE;
    B.prototype.readBigUint64LE = B.prototype.readBigUInt64LE;
    B.prototype.writeBigUint64BE = B.prototype.writeBigUInt64BE;
    B.prototype.writeBigUint64LE = B.prototype.writeBigUInt64LE;
    B.prototype.subarray = function subarray(start, end) {
      const view = Uint8Array.prototype.subarray.call(this, start, end);
      Object.setPrototypeOf(view, B.prototype);
      return view;
    };
    B.of = function of(...items) { return B.from(items); };
    B.copyBytesFrom = function copyBytesFrom(view, offset = 0, length) {
      if (!ArrayBuffer.isView(view) || view instanceof DataView) {
        const e = new TypeError(`The "view" argument must be an instance of TypedArray. ${internals.received(view)}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      const size = view.BYTES_PER_ELEMENT;
      const end = length === undefined ? view.length : Math.min(view.length, offset + length);
      if (offset >= end) return B.alloc(0);
      return B.from(view.buffer.slice(view.byteOffset + offset * size, view.byteOffset + end * size));
    };
    const bytesOf = (input) => {
      if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      if (input instanceof ArrayBuffer) return new Uint8Array(input);
      const e = new TypeError(`The "input" argument must be an instance of ArrayBuffer, Buffer, or TypedArray. ${internals.received(input)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    };
    lib.isUtf8 = function isUtf8(input) {
      try { new TextDecoder('utf-8', { fatal: true }).decode(bytesOf(input)); return true; } catch (e) { if (e.code === 'ERR_INVALID_ARG_TYPE') throw e; return false; }
    };
    lib.isAscii = function isAscii(input) { return bytesOf(input).every((byte) => byte < 0x80); };
    const transcodable = { ascii: 'ascii', latin1: 'latin1', binary: 'latin1', ucs2: 'utf16le', 'ucs-2': 'utf16le', utf16le: 'utf16le', 'utf-16le': 'utf16le', utf8: 'utf8', 'utf-8': 'utf8' };
    // What ICU does for Node: a character the target cannot hold becomes '?'.
    lib.transcode = function transcode(source, fromEncoding, toEncoding) {
      const from = transcodable[String(fromEncoding).toLowerCase()], to = transcodable[String(toEncoding).toLowerCase()];
      if (!from || !to) {
        const e = new Error('Unable to transcode Buffer [U_ILLEGAL_ARGUMENT_ERROR]');
        e.code = 'U_ILLEGAL_ARGUMENT_ERROR';
        e.errno = 1;
        throw e;
      }
      let text = B.from(bytesOf(source)).toString(from);
      if (to === 'ascii') text = text.replace(/[^\x00-\x7f]/gu, '?');
      else if (to === 'latin1') text = text.replace(/[^\x00-\xff]/gu, '?');
      return B.from(text, to);
    };
    lib.atob = globalThis.atob;
    lib.btoa = globalThis.btoa;
    lib.kStringMaxLength = kStringMaxLength;
    lib.constants = { MAX_LENGTH: 4294967296, MAX_STRING_LENGTH: kStringMaxLength };
    lib.resolveObjectURL = function resolveObjectURL(url) { return internals.blobURLs ? internals.blobURLs.get(String(url)) : undefined; };
    for (const name of ['Blob', 'File']) {
      // Reading the global loads web/blob.js, which leaves the classes in internals too (a component may have
      // put something else in the global).
      Object.defineProperty(lib, name, { enumerable: true, configurable: true, get() {
        const global = globalThis[name];
        return internals[name] || global;
      } });
    }
    return lib;
  }

  internals.builtinFactories.set('buffer', () => extend(withBase64url(internals.requireLibrary('buffer', 'node-buffer', 'buffer'))));
})

// The `TextEncoder` and `TextDecoder` globals (UTF-8; the decoder also takes `utf-16le` and `latin1`).
(function (internals) {
  'use strict';
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input = '') {
      const text = String(input);
      const bytes = [];
      for (let i = 0; i < text.length; i++) {
        let c = text.charCodeAt(i);
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.length) {
          const d = text.charCodeAt(i + 1);
          if (d >= 0xDC00 && d <= 0xDFFF) { c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00); i++; } else c = 0xFFFD;
        } else if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
        if (c < 0x80) bytes.push(c);
        else if (c < 0x800) bytes.push(0xC0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) bytes.push(0xE0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else bytes.push(0xF0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      }
      return new Uint8Array(bytes);
    }
    encodeInto(input, destination) {
      const encoded = this.encode(input);
      const written = Math.min(encoded.length, destination.length);
      destination.set(encoded.subarray(0, written));
      return { read: String(input).length, written };
    }
  }

  const labels = { 'utf-8': 'utf-8', utf8: 'utf-8', 'unicode-1-1-utf-8': 'utf-8', 'utf-16le': 'utf-16le', 'utf-16': 'utf-16le',
    latin1: 'latin1', 'iso-8859-1': 'latin1', ascii: 'latin1', 'us-ascii': 'latin1', 'windows-1252': 'latin1' };

  class TextDecoder {
    constructor(label = 'utf-8', options = {}) {
      const encoding = labels[String(label).trim().toLowerCase()];
      if (!encoding) {
        const e = new RangeError(`The "${label}" encoding is not supported`);
        e.code = 'ERR_ENCODING_NOT_SUPPORTED';
        throw e;
      }
      this._encoding = encoding;
      this._fatal = Boolean(options.fatal);
      this._ignoreBOM = Boolean(options.ignoreBOM);
    }
    get encoding() { return this._encoding; }
    get fatal() { return this._fatal; }
    get ignoreBOM() { return this._ignoreBOM; }
    decode(input) {
      if (input === undefined) return '';
      const bytes = input instanceof Uint8Array ? input
        : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
      if (this._encoding === 'latin1') return String.fromCharCode(...bytes);
      if (this._encoding === 'utf-16le') {
        let out = '';
        for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
        return out;
      }
      let out = '';
      let i = (!this._ignoreBOM && bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) ? 3 : 0;
      const bad = () => { if (this._fatal) { const e = new TypeError('The encoded data was not valid for encoding utf-8'); e.code = 'ERR_ENCODING_INVALID_ENCODED_DATA'; throw e; } return '\uFFFD'; };
      while (i < bytes.length) {
        const b = bytes[i];
        let c, need;
        if (b < 0x80) { out += String.fromCharCode(b); i++; continue; }
        else if (b >= 0xC2 && b <= 0xDF) { c = b & 31; need = 1; }
        else if (b >= 0xE0 && b <= 0xEF) { c = b & 15; need = 2; }
        else if (b >= 0xF0 && b <= 0xF4) { c = b & 7; need = 3; }
        else { out += bad(); i++; continue; }
        let j = 1;
        for (; j <= need; j++) {
          const n = bytes[i + j];
          if (n === undefined || (n & 0xC0) !== 0x80) break;
          c = (c << 6) | (n & 63);
        }
        if (j <= need || (need === 2 && c < 0x800) || (need === 3 && (c < 0x10000 || c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF)) {
          out += bad(); i += Math.max(1, j); continue;
        }
        out += String.fromCodePoint(c);
        i += need + 1;
      }
      return out;
    }
  }

  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  define('TextEncoder', TextEncoder);
  define('TextDecoder', TextDecoder);
})

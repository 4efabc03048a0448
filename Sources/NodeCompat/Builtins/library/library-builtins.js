// Builtins backed by Debian's well-kept pure-JS packages (see ARCHITECTURE.md): `buffer` (node-buffer, with
// base64url added), `string_decoder` (node-string-decoder), and the `Buffer` global, loaded on first use. (`stream`
// and `stream/web` have folders of their own.)
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

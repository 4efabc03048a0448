// `string_decoder`, backed by Debian's node-string-decoder (see ARCHITECTURE.md), and the `Buffer` global, loaded
// on first use. (`buffer`, `stream` and `stream/web` have folders of their own.)
(function (internals) {
  'use strict';
  const factories = internals.builtinFactories;

  // Node keeps a decoder's partial character state behind accessors on the prototype; the library assigns them on
  // each decoder, which the accessors store.
  factories.set('string_decoder', () => {
    const lib = internals.requireLibrary('string_decoder', 'node-string-decoder', 'string_decoder');
    const kState = Symbol('kDecoderState');
    for (const name of ['lastChar', 'lastNeed', 'lastTotal']) {
      Object.defineProperty(lib.StringDecoder.prototype, name, { configurable: true, enumerable: true,
        get() { return this[kState] && this[kState][name]; },
        set(value) { (this[kState] || Object.defineProperty(this, kState, { value: {} })[kState])[name] = value; } });
    }
    return lib;
  });


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

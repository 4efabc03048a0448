// `string_decoder`, backed by Debian's node-string-decoder (see ARCHITECTURE.md), and the `Buffer` global, loaded
// on first use. (`buffer`, `stream` and `stream/web` have folders of their own.)
(function (internals) {
  'use strict';
  const factories = internals.builtinFactories;

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

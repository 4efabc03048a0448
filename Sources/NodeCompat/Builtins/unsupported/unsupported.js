// Modules that make no sense in a component host: a clear error instead of a half-working stand-in.
(function (internals) {
  'use strict';
  const factories = internals.builtinFactories;
  // Modules that make no sense in a component host: a clear error instead of a half-working stand-in.
  for (const [name, why] of [
    ['cluster', 'a component runs in one process that jshost manages'],
    ['worker_threads', 'a component runs on the single thread jshost gives it'],
  ]) {
    factories.set(name, () => {
      const e = new Error(`require('${name}') is not available in jshost: ${why}`);
      e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE';
      throw e;
    });
  }
})

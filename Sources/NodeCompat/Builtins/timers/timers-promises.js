// `timers/promises`, and `util.promisify(setTimeout)` as Node has it.
(function (internals) {
  'use strict';
  const factories = internals.builtinFactories;
  // timers/promises
  const timersPromises = {
    setTimeout: (delay, value, options) => new Promise((resolve, reject) => {
      const signal = options && options.signal;
      if (signal && signal.aborted) { reject(internals.abortError(signal)); return; }
      const timer = setTimeout(() => resolve(value), delay);
      if (options && options.ref === false) timer.unref();
      if (signal) signal.addEventListener('abort', () => { clearTimeout(timer); reject(internals.abortError(signal)); }, { once: true });
    }),
    setImmediate: (value) => new Promise((resolve) => setImmediate(() => resolve(value))),
    setInterval: async function* (delay, value) {
      while (true) yield await timersPromises.setTimeout(delay, value);
    },
    scheduler: { wait: (delay) => timersPromises.setTimeout(delay), yield: () => timersPromises.setImmediate() },
  };
  factories.set('timers/promises', () => timersPromises);
  // As in Node, util.promisify(setTimeout) and util.promisify(setImmediate) are the timers/promises versions.
  const promisifyCustom = Symbol.for('nodejs.util.promisify.custom');
  for (const [timer, promised] of [[globalThis.setTimeout, timersPromises.setTimeout], [globalThis.setImmediate, timersPromises.setImmediate]]) {
    Object.defineProperty(timer, promisifyCustom, { value: promised, enumerable: false, writable: false, configurable: true });
  }
})

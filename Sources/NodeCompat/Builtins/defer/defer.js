// `internals.defer(load, modules, globals)`: a builtin script evaluated on first use instead of at start-up.
// Until then its modules are factories and its globals accessors that load it; loading replaces both with the
// script's own. A global the component assigned first keeps the component's value, as it would in Node.
(function (internals) {
  'use strict';
  // Every deferred builtin at once: `table` holds [index, modules, globals] rows, `load(index)` runs one.
  internals.deferAll = function deferAll(load, table) {
    for (const [index, modules, globals] of table) internals.defer(() => load(index), modules, globals);
  };
  internals.defer = function defer(load, modules, globals) {
    let loaded = false;
    const accessors = new Map();
    const ensure = () => {
      if (loaded) return;
      loaded = true;
      for (const [name, get] of accessors) {
        const current = Object.getOwnPropertyDescriptor(globalThis, name);
        if (current && current.get === get) delete globalThis[name];
      }
      for (const name of modules) internals.builtinFactories.delete(name);
      load();
    };
    for (const name of modules) {
      internals.builtinFactories.set(name, () => {
        ensure();
        const factory = internals.builtinFactories.get(name);
        return factory ? factory() : undefined;
      });
    }
    for (const name of globals) {
      const get = function () { ensure(); return globalThis[name]; };
      const set = function (value) {
        Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
      };
      accessors.set(name, get);
      Object.defineProperty(globalThis, name, { get, set, configurable: true, enumerable: false });
    }
  };
})

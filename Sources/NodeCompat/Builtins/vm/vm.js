// The `vm` builtin: contexts are sibling JavaScriptCore contexts (separate realms). The sandbox object's
// properties are copied onto the context's global before each run and the globals the code set copied back,
// so `vm.runInNewContext('x = a + 1', sandbox)` leaves `sandbox.x`, as in Node.
(function (host, internals) {
  'use strict';
  const contexts = new WeakMap();   // sandbox → { global, builtins: names the fresh global had }

  function createContext(sandbox = {}) {
    if (contexts.has(sandbox)) return sandbox;
    const global = host.vmCreate();
    contexts.set(sandbox, { global, builtins: new Set(Object.getOwnPropertyNames(global)) });
    return sandbox;
  }

  function optionsFilename(options) {
    return typeof options === 'string' ? options : (options && options.filename) || 'evalmachine.<anonymous>';
  }

  function runInContext(code, sandbox, options) {
    const context = contexts.get(sandbox);
    if (!context) {
      const e = new TypeError('The "contextifiedObject" argument must be an vm.Context');
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    for (const key of Object.keys(sandbox)) context.global[key] = sandbox[key];
    try {
      return host.vmRun(context.global, String(code), optionsFilename(options));
    } finally {
      for (const key of Object.getOwnPropertyNames(context.global)) {
        if (!context.builtins.has(key)) sandbox[key] = context.global[key];
      }
    }
  }

  class Script {
    constructor(code, options) { this._code = String(code); this._filename = optionsFilename(options); }
    runInContext(sandbox) { return runInContext(this._code, sandbox, this._filename); }
    runInNewContext(sandbox) { return runInContext(this._code, createContext(sandbox || {}), this._filename); }
    runInThisContext() { return host.vmRunHere(this._code, this._filename); }
    createCachedData() { return internals.Module._load('buffer', null).Buffer.alloc(0); }
  }

  const vm = {
    createContext,
    isContext: (object) => contexts.has(object),
    runInContext,
    runInNewContext: (code, sandbox, options) => runInContext(code, createContext(sandbox || {}), options),
    runInThisContext: (code, options) => host.vmRunHere(String(code), optionsFilename(options)),
    compileFunction: (code, params = []) => new Function(...params, code),
    Script,
  };
  internals.builtinFactories.set('vm', () => vm);
})

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

  // What vm code raises reaches the caller in Node's words, as module code's errors do.
  function run(evaluate, code, filename) {
    try { return evaluate(); } catch (error) { throw internals.nodeError(error, { url: filename, text: code }); }
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
      const filename = optionsFilename(options);
      return run(() => host.vmRun(context.global, String(code), filename), String(code), filename);
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
    runInThisContext() { return run(() => host.vmRunHere(this._code, this._filename), this._code, this._filename); }
    createCachedData() { return internals.Module._load('buffer', null).Buffer.alloc(0); }
  }

  const vm = {
    createContext,
    isContext: (object) => contexts.has(object),
    runInContext,
    runInNewContext: (code, sandbox, options) => runInContext(code, createContext(sandbox || {}), options),
    runInThisContext: (code, options) => run(() => host.vmRunHere(String(code), optionsFilename(options)), String(code), optionsFilename(options)),
    compileFunction: (code, params = []) => new Function(...params, code),
    createScript: (code, options) => new Script(code, options),
    // JavaScriptCore does not measure a context's heap apart from the process: the estimate is the resident size.
    measureMemory: () => Promise.resolve({ total: { jsMemoryEstimate: process.memoryUsage.rss(), jsMemoryRange: [0, process.memoryUsage.rss()] } }),
    constants: Object.freeze(Object.assign(Object.create(null), {
      USE_MAIN_CONTEXT_DEFAULT_LOADER: Symbol('vm_dynamic_import_main_context_default'), DONT_CONTEXTIFY: Symbol('vm_context_no_contextify') })),
    Script,
  };
  internals.builtinFactories.set('vm', () => vm);
})

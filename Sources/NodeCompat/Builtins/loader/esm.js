// ES modules on the CommonJS loader: `.mjs` files and `.js` files of a `"type": "module"` package, rewritten by
// esm-transform.js and run as a CommonJS function body; their module namespaces; `require()` of an ES module, as
// Node 20.19 and later allow; dynamic `import()` and `import.meta` from any file. Loaded on first use: the loader
// asks for it when a file holds ES module syntax.
(function (host, internals) {
  'use strict';
  const { Module } = internals;
  const path = internals.Module._load('path', null);
  const { rewrite } = internals.esmTransform;
  const namespaces = internals.moduleNamespaces;
  // Node's conditions when ES module code resolves a package's "exports".
  const importConditions = new Set(['import', 'module-sync', 'node', 'default', 'node-addons']);
  const coded = (Type, code, message) => { const e = new Type(message); e.code = code; return e; };

  // A module namespace: a frozen-shaped object whose properties read the module's live bindings.
  function makeNamespace() {
    const target = Object.create(null);
    const bindings = new Map();
    Object.defineProperty(target, Symbol.toStringTag, { value: 'Module' });
    const proxy = new Proxy(target, {
      get: (t, key) => (bindings.has(key) ? bindings.get(key)() : t[key]),
      getOwnPropertyDescriptor: (t, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(t, key);
        if (descriptor && bindings.has(key)) descriptor.value = bindings.get(key)();
        return descriptor;
      },
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
      setPrototypeOf: (t, prototype) => prototype === null,
      // A namespace lists its exports in code-unit order, whichever declaration or re-export brought them.
      ownKeys: () => [...[...bindings.keys()].sort(), Symbol.toStringTag],
    });
    namespaces.add(proxy);
    return {
      proxy,
      define(entries) {
        for (const [name, get] of entries) {
          if (bindings.has(name)) continue;
          bindings.set(name, get);
          Object.defineProperty(target, name, { value: undefined, writable: true, enumerable: true, configurable: false });
        }
      },
      seal() { Object.preventExtensions(target); },
      has: (name) => bindings.has(name),
    };
  }
  const fileURL = (filename) => 'file://' + encodeURI(filename).replace(/\?/g, '%3F').replace(/#/g, '%23');

  const esmStates = new WeakMap();   // ES module's Module → { namespace, required, evaluation }
  const commonJSNamespaces = new WeakMap();   // CommonJS module (or builtin exports) → namespace
  // What `import` gives for a CommonJS module or a builtin: `default` is module.exports, and its own keys at the time
  // of the import are named exports (Node finds them by reading the source; jshost by looking).
  function commonJSNamespace(owner, exportsOf) {
    let found = commonJSNamespaces.get(owner);
    if (found) return found;
    const namespace = makeNamespace();
    const exported = exportsOf();
    const entries = [['default', () => exportsOf()]];
    if (exported !== null && (typeof exported === 'object' || typeof exported === 'function')) {
      for (const key of Object.keys(exported)) if (key !== 'default') entries.push([key, () => exportsOf()[key]]);
    }
    namespace.define(entries);
    namespace.seal();
    found = namespace.proxy;
    commonJSNamespaces.set(owner, found);
    return found;
  }

  function parentFor(filename) {
    const cached = filename && Module._cache[filename];
    if (cached) return cached;
    const parent = new Module(filename || path.join(host.cwd(), '[eval]'), null);
    parent.filename = filename || null;
    return parent;
  }

  // Whether the module about to load may await at its top level: only one that import() (or an awaiting module)
  // asked for, as require() cannot wait.
  let awaitAllowed = false;
  // The namespace of `specifier` imported from `fromFile`, loading it if needed; with `awaiting`, a promise of it
  // that settles when a module with top-level await has finished.
  function load(specifier, fromFile, awaiting = false) {
    const parent = parentFor(fromFile);
    let filename;
    try {
      filename = Module._resolveFilename(specifier, parent, false, { conditions: importConditions });
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
      const relative = specifier.startsWith('.') || specifier.startsWith('/');
      throw coded(Error, 'ERR_MODULE_NOT_FOUND', relative
        ? `Cannot find module '${path.resolve(path.dirname(fromFile || host.cwd() + '/x'), specifier)}' imported from ${fromFile}`
        : `Cannot find package '${specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')}' imported from ${fromFile}`);
    }
    awaitAllowed = awaiting;
    let exported;
    try { exported = Module._load(filename, parent); } finally { awaitAllowed = false; }
    const module = Module._cache[filename];
    const state = module && esmStates.get(module);
    const namespace = namespaces.has(exported) ? exported
      : module ? commonJSNamespace(module, () => module.exports) : commonJSNamespace(exported, () => exported);
    return awaiting && state && state.evaluation ? state.evaluation.then(() => namespace) : namespace;
  }

  // Runs an ES module file into `module`, whose exports become its namespace.
  function loadModule(module, filename) {
    let source = host.readFile(filename);
    if (source.charCodeAt(0) === 0xFEFF) source = source.slice(1);
    if (source.startsWith('#!')) source = '//' + source.slice(2);
    const mayAwait = awaitAllowed;
    awaitAllowed = false;
    const context = internals.tracksAsyncContext(source);
    let { code, topLevelAwait } = rewrite(source, filename, { isModule: true, context });
    const namespace = makeNamespace();
    const state = { namespace, required: null, evaluation: null };
    esmStates.set(module, state);
    module.exports = namespace.proxy;
    let compiled;
    try {
      compiled = host.compile(code, filename);
    } catch (e) {
      if (!(topLevelAwait && e instanceof SyntaxError)) throw e;
      if (!mayAwait) {
        throw coded(Error, 'ERR_REQUIRE_ASYNC_MODULE', `require() cannot be used on an ESM graph with top-level await. Use import() instead. To see where the top-level await comes from, use --experimental-print-required-tla.\n  From ${filename} `);
      }
      // The body runs in an async function; its own imports are awaited in turn.
      code = rewrite(source, filename, { isModule: true, awaiting: true, context }).code;
      compiled = host.compile(code, filename);
    }
    const result = compiled.call(undefined, module.exports, internals.makeRequire(module), module, filename, path.dirname(filename));
    if (result && typeof result.then === 'function') state.evaluation = result.then(() => namespace.seal());
    else namespace.seal();
  }

  // What `require()` of an ES module returns: its namespace, or, when it has a default export, the namespace with
  // `__esModule: true` beside it, for code that transpilers wrote.
  function requireResult(module) {
    const state = esmStates.get(module);
    if (!state || !state.namespace.has('default')) return module.exports;
    if (!state.required) {
      const namespace = makeNamespace();
      const source = module.exports;
      namespace.define([['__esModule', () => true], ...Object.keys(source).map((key) => [key, () => source[key]])]);
      namespace.seal();
      state.required = namespace.proxy;
    }
    return state.required;
  }

  function exportsOf(filename, getters, stars) {
    const module = Module._cache[filename];
    const state = module && esmStates.get(module);
    if (!state) return;
    state.namespace.define(Object.entries(getters));
    for (const other of stars) {
      state.namespace.define(Object.keys(other).filter((key) => key !== 'default').map((key) => [key, () => other[key]]));
    }
  }

  function binding(namespace, name, specifier) {
    if (!(name in namespace)) {
      throw new SyntaxError(`The requested module '${specifier}' does not provide an export named '${name}'`);
    }
    return namespace[name];
  }

  const metas = new Map();
  function meta(filename) {
    let found = metas.get(filename);
    if (!found) {
      found = Object.create(null);
      found.dirname = path.dirname(filename);
      found.filename = filename;
      found.resolve = (specifier) => {
        const resolved = Module._resolveFilename(specifier, parentFor(filename), false, { conditions: importConditions });
        return Module.isBuiltin(resolved) ? (resolved.startsWith('node:') ? resolved : 'node:' + resolved) : fileURL(resolved);
      };
      found.url = fileURL(filename);
      metas.set(filename, found);
    }
    return found;
  }

  // `import(specifier)` from `filename`: the module loads in a later microtask, as Node's loader is asynchronous.
  function dynamicImport(filename) {
    return (specifier) => Promise.resolve().then(() => load(String(specifier), filename, true));
  }
  Object.assign(dynamicImport, { load, loadAwaiting: (specifier, fromFile) => load(specifier, fromFile, true), meta, exports: exportsOf, binding, defaultOf: (namespace) => namespace.default });
  Object.defineProperty(globalThis, '__jshostImport', { value: dynamicImport, writable: false, configurable: false, enumerable: false });
  // What a rewritten `await` calls: the AsyncLocalStorage stores before it, restored after it (async_hooks.js).
  const awaitContext = {
    save: () => (internals.asyncContext === undefined ? null : internals.asyncContext.capture()),
    resume(frame, value) { if (frame !== null) internals.asyncContext.restore(frame); return value; },
  };
  Object.defineProperty(globalThis, '__jshostAwait', { value: Object.freeze(awaitContext), writable: false, configurable: false, enumerable: false });

  internals.esm = { loadModule, requireResult, rewrite };
})

// CommonJS as Node 20 does it: loading and compiling files, the module cache, circular requires, builtins under
// `x` and `node:x`, host-provided modules such as `elasticio-node`, and `require` itself. Where a request leads is
// module-resolution.js's.
(function (host, internals, path) {
  'use strict';
  // Node 20's builtin names: requiring one jshost lacks gives a clear error rather than a node_modules lookup.
  const nodeBuiltins = new Set(['assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console',
    'constants', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain', 'events', 'fs', 'fs/promises',
    'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path', 'path/posix', 'path/win32', 'perf_hooks',
    'process', 'punycode', 'querystring', 'readline', 'readline/promises', 'repl', 'stream', 'stream/consumers',
    'stream/promises', 'stream/web', 'string_decoder', 'sys', 'timers', 'timers/promises', 'tls', 'trace_events', 'tty',
    'url', 'util', 'util/types', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib', 'test']);
  const builtinFactories = new Map();
  const builtinCache = new Map();
  const hostModules = new Map();

  function Module(id, parent) {
    this.id = id;
    this.path = path.dirname(id);
    this.exports = {};
    this.filename = id;
    this.loaded = false;
    this.children = [];
    this.paths = Module._nodeModulePaths(this.path);
    this.parent = parent;
    if (parent && parent.children) parent.children.push(this);
  }
  Module._cache = Object.create(null);
  Module.builtinModules = [...nodeBuiltins].sort();
  Module._extensions = Object.create(null);
  Module.isBuiltin = (name) => nodeBuiltins.has(name.startsWith('node:') ? name.slice(5) : name);

  // Where require() finds a file (module-resolution.js); Module's own hooks, so code that patches them is heard.
  const resolution = internals.moduleResolution(Module, nodeBuiltins, hostModules);
  Module._nodeModulePaths = resolution.nodeModulePaths;
  Module._resolveFilename = resolution.resolveFilename;
  const { readPackage, tryFile, tryDirectory } = resolution;

  function missingBuiltin(name) {
    const error = new Error(`Cannot load Node builtin module '${name}': jshost does not provide it yet`);
    error.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
    return error;
  }

  function loadBuiltin(id) {
    const name = id.startsWith('node:') ? id.slice(5) : id;
    if (builtinCache.has(name)) return builtinCache.get(name);
    const factory = builtinFactories.get(name);
    if (!factory) throw missingBuiltin(name);
    const exports = factory();
    builtinCache.set(name, exports);
    return exports;
  }

  Module._load = function load(request, parent) {
    const filename = Module._resolveFilename(request, parent);
    if (hostModules.has(filename)) {
      const key = 'host:' + filename;
      if (!builtinCache.has(key)) builtinCache.set(key, hostModules.get(filename)());
      return builtinCache.get(key);
    }
    if (filename.startsWith('node:') || nodeBuiltins.has(filename)) return loadBuiltin(filename);
    // The files behind builtins (Debian's readable-stream and friends) live in a cache of their own, as Node's
    // internals are not in require.cache: a component that clears or swaps require.cache cannot split them in two.
    const internal = Boolean(parent && parent._jshostInternal);
    const cache = internal ? internalCache : Module._cache;
    const cached = cache[filename];
    if (cached) {
      if (parent && parent.children && !parent.children.includes(cached)) parent.children.push(cached);
      return cached.exports;
    }
    const module = new Module(filename, parent);
    if (internal) module._jshostInternal = true;
    cache[filename] = module;
    let threw = true;
    try {
      module.load(filename);
      threw = false;
    } finally {
      if (threw) delete cache[filename];
    }
    return module.exports;
  };
  const internalCache = Object.create(null);
  const internalParent = { _jshostInternal: true, children: null, paths: [] };

  Module.prototype.load = function (filename) {
    const ext = path.extname(filename);
    const loader = Module._extensions[ext] || Module._extensions['.js'];
    loader(this, filename);
    this.loaded = true;
  };

  // util.types' checks (util/types.js, loaded on first use): the accessor loads them, and their script replaces it.
  Object.defineProperty(internals, 'types', {
    configurable: true, enumerable: true,
    get() { builtinFactories.get('jshost:types')(); return internals.types; },
    set(value) { Object.defineProperty(internals, 'types', { value, writable: true, configurable: true, enumerable: true }); },
  });
  // ES modules (esm.js, loaded on first use): their namespaces, known to util.inspect and require().
  internals.moduleNamespaces = new WeakSet();
  const esm = () => internals.esm || (builtinFactories.get('jshost:esm')(), internals.esm);
  Module.prototype.require = function (request) {
    const exported = Module._load(request, this);
    if (!internals.moduleNamespaces.has(exported)) return exported;
    const filename = Module._resolveFilename(request, this);
    return Module._cache[filename] ? esm().requireResult(Module._cache[filename]) : exported;
  };

  // Whether a `.js` file is an ES module: its nearest package.json (below any node_modules folder) says
  // "type": "module". Asked only of files that hold the words import or export.
  function inModuleScope(filename) {
    for (let dir = path.dirname(filename); ; dir = path.dirname(dir)) {
      if (path.basename(dir) === 'node_modules') return false;
      let pkg = null;
      try { pkg = readPackage(dir); } catch (e) { if (e.code === 'ERR_ACCESS_DENIED') return false; throw e; }
      if (pkg) return pkg.type === 'module';
      if (dir === '/' || dir === '.') return false;
    }
  }
  // Whether a file's awaits should carry AsyncLocalStorage stores: once async_hooks is loaded, or in the file that
  // loads it. Files without either are left as they are, so components that never use it pay nothing.
  internals.tracksAsyncContext = (source) => /\bawait\b/.test(source) &&
    (internals.asyncContext !== undefined || /\b(AsyncLocalStorage|async_hooks)\b/.test(source));
  // A CommonJS file, with `import()`, `import.meta` or (see above) awaits rewritten. Should the rewrite not compile
  // where the file does, the file runs as written: only its dynamic imports and stores after awaits are lost.
  function compileCommonJS(source, filename) {
    const context = internals.tracksAsyncContext(source);
    if (!context && !/\bimport\s*[(.]/.test(source)) return host.compile(source, filename);
    let rewritten = source;
    try { rewritten = esm().rewrite(source, filename, { context }).code; } catch { /* runs as written */ }
    if (rewritten === source) return host.compile(source, filename);
    try { return host.compile(rewritten, filename); } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      return host.compile(source, filename);
    }
  }
  Module._extensions['.mjs'] = function (module, filename) { esm().loadModule(module, filename); };
  Module._extensions['.js'] = function (module, filename) {
    let source = host.readFile(filename);
    if (source.charCodeAt(0) === 0xFEFF) source = source.slice(1);
    if (source.startsWith('#!')) source = '//' + source.slice(2);
    if (/\b(import|export)\b/.test(source) && inModuleScope(filename)) { esm().loadModule(module, filename); return; }
    const compiled = compileCommonJS(source, filename);
    const require = makeRequire(module);
    compiled.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
  };
  Module._extensions['.cjs'] = function (module, filename) {
    let source = host.readFile(filename);
    if (source.charCodeAt(0) === 0xFEFF) source = source.slice(1);
    if (source.startsWith('#!')) source = '//' + source.slice(2);
    const compiled = compileCommonJS(source, filename);
    compiled.call(module.exports, module.exports, makeRequire(module), module, filename, path.dirname(filename));
  };
  Module._extensions['.json'] = function (module, filename) {
    const source = host.readFile(filename);
    try {
      module.exports = JSON.parse(source.charCodeAt(0) === 0xFEFF ? source.slice(1) : source);
    } catch (e) {
      e.message = `${filename}: ${e.message}`;
      throw e;
    }
  };

  function makeRequire(module) {
    const require = function require(request) { return module.require(request); };
    require.resolve = function resolve(request, options) {
      const resolved = Module._resolveFilename(request, module, false, options);
      return resolved;
    };
    require.resolve.paths = (request) => (Module.isBuiltin(request) ? null : module.paths.slice());
    require.cache = Module._cache;
    require.main = internals.mainModule;
    require.extensions = Module._extensions;
    return require;
  }

  // A package from the system library roots (see NodeOptions.libraryRoots), loaded as ordinary CommonJS.
  internals.requireLibrary = function requireLibrary(name, debianPackage, builtin) {
    for (const root of internals.libraryRoots) {
      // A package's folder, or a file inside one (`web-streams-polyfill/dist/ponyfill.es2018.js`).
      const found = tryFile(root + '/' + name) || tryDirectory(root + '/' + name);
      if (found) return Module._load(found, internalParent);
    }
    const error = new Error(`jshost serves require('${builtin}') with Debian's ${debianPackage} package, which is not installed: run apt-get install ${debianPackage} (scripts/install-dependencies does)`);
    error.code = 'ERR_JSHOST_LIBRARY_MISSING';
    throw error;
  };
  // While a builtin's factory runs, a require of the same builtin from inside it gets what `partial` says.
  internals.partialBuiltin = (name, value) => builtinCache.set(name, value);

  builtinFactories.set('path', () => path);
  builtinFactories.set('path/posix', () => path);
  builtinFactories.set('timers', () => internals.timersModule);
  builtinFactories.set('process', () => globalThis.process);
  builtinFactories.set('console', () => globalThis.console);
  builtinFactories.set('module', () => Module);

  internals.Module = Module;
  internals.builtinFactories = builtinFactories;
  internals.hostModules = hostModules;
  // Loads a file as the entry point (require.main), the way `node file` would.
  internals.requireMain = function requireMain(filename) {
    try { return Module._load(filename, null); } finally { internals.drainTicks(); }
  };
  internals.makeRequire = makeRequire;
})

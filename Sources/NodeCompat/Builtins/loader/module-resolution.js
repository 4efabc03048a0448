// Module resolution as Node 20 does it for require(): relative and absolute paths, `.js`/`.json`, directories
// (package.json `main`, then index), package.json "exports" with conditions and subpath patterns, node_modules
// lookup walking up, NODE_PATH, builtins under `x` and `node:x`, and host-provided modules such as
// `elasticio-node`. The loader (loader.js) makes one resolution for its Module and uses what it returns.
(function (host, internals, path) {
  'use strict';
  internals.moduleResolution = function moduleResolution(Module, nodeBuiltins, hostModules) {
    function nodeModulePaths(from) {
      from = path.resolve(from);
      if (from === '/') return ['/node_modules'];
      const parts = from.split('/');
      const paths = [];
      for (let i = parts.length; i > 0; i--) {
        if (parts[i - 1] === 'node_modules') continue;
        const dir = parts.slice(0, i).join('/') || '';
        paths.push(dir + '/node_modules');
      }
      paths.push('/node_modules');
      return paths;
    }

    const isFile = (p) => host.fileKind(p) === 1;
    const isDirectory = (p) => host.fileKind(p) === 2;
    const extensions = ['.js', '.json'];

    function tryFile(p) { return isFile(p) ? host.realpath(p) : null; }
    function tryExtensions(p) {
      for (const ext of extensions) { const f = tryFile(p + ext); if (f) return f; }
      return null;
    }
    const packageCache = new Map();
    // The parsed package.json of a folder, or null; cached, as Node caches package scopes.
    function readPackage(dir) {
      if (packageCache.has(dir)) return packageCache.get(dir);
      const jsonPath = dir + '/package.json';
      let pkg = null;
      if (isFile(jsonPath)) {
        try { pkg = JSON.parse(host.readFile(jsonPath)); } catch (e) {
          if (e.code === 'ERR_ACCESS_DENIED') throw e;
          e.path = jsonPath;
          e.message = `Error parsing ${jsonPath}: ${e.message}`;
          throw e;
        }
      }
      packageCache.set(dir, pkg);
      return pkg;
    }
    function readPackageMain(dir) {
      const pkg = readPackage(dir);
      return pkg && typeof pkg.main === 'string' ? pkg.main : null;
    }

    // package.json "exports", as Node resolves it for require(): conditions "require", "node", "default".
    // ES module code resolves with its own conditions ("import"…), set for the time of one resolution (see esm.js).
    const requireConditions = new Set(['require', 'module-sync', 'node', 'default', 'node-addons']);
    let conditions = requireConditions;
    function exportsNotDefined(dir, subpath) {
      const e = new Error(`Package subpath '${subpath}' is not defined by "exports" in ${dir}/package.json`);
      e.code = 'ERR_PACKAGE_PATH_NOT_EXPORTED';
      return e;
    }
    function resolveTarget(dir, target, patternMatch) {
      if (typeof target === 'string') {
        if (!target.startsWith('./')) return null;
        const resolved = path.resolve(dir, patternMatch === undefined ? target : target.split('*').join(patternMatch));
        return isFile(resolved) ? host.realpath(resolved) : null;
      }
      if (Array.isArray(target)) {
        for (const item of target) { const found = resolveTarget(dir, item, patternMatch); if (found) return found; }
        return null;
      }
      if (target && typeof target === 'object') {
        for (const key of Object.keys(target)) {
          if (conditions.has(key)) {
            const found = resolveTarget(dir, target[key], patternMatch);
            if (found !== null) return found;
          }
        }
      }
      return null;
    }
    function resolveExports(dir, subpath, exports) {
      const map = typeof exports === 'string' || Array.isArray(exports) ||
        (exports && typeof exports === 'object' && !Object.keys(exports).some((k) => k.startsWith('.')))
        ? { '.': exports } : exports;
      let found = null;
      if (Object.prototype.hasOwnProperty.call(map, subpath) && !subpath.includes('*')) {
        found = resolveTarget(dir, map[subpath]);
      } else {
        // Subpath patterns ("./features/*.js"): the key with the longest prefix wins.
        let best = null;
        for (const key of Object.keys(map)) {
          const star = key.indexOf('*');
          if (star < 0) continue;
          const prefix = key.slice(0, star), suffix = key.slice(star + 1);
          if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1 &&
              (!best || prefix.length > best.prefix.length)) {
            best = { key, prefix, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
          }
        }
        if (best) found = resolveTarget(dir, map[best.key], best.match);
      }
      if (!found) throw exportsNotDefined(dir, subpath);
      return found;
    }
    // A bare request inside one node_modules-like folder: through "exports" when the package has them.
    function tryPackage(folder, request, directoryOnly) {
      const parts = request.split('/');
      const nameLength = request.startsWith('@') ? 2 : 1;
      const packageDir = folder + '/' + parts.slice(0, nameLength).join('/');
      const pkg = isDirectory(packageDir) ? readPackage(packageDir) : null;
      if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
        const subpath = parts.length > nameLength ? './' + parts.slice(nameLength).join('/') : '.';
        return resolveExports(packageDir, subpath, pkg.exports);
      }
      return tryPath(folder + '/' + request, directoryOnly);
    }
    function tryIndex(dir) { return tryExtensions(path.resolve(dir, 'index')); }
    function tryDirectory(dir) {
      if (!isDirectory(dir)) return null;
      const main = readPackageMain(dir);
      if (main) {
        const m = path.resolve(dir, main);
        const found = tryFile(m) || tryExtensions(m) || tryIndex(m);
        if (found) return found;
      }
      return tryIndex(dir);
    }
    function tryPath(p, directoryOnly) {
      if (directoryOnly) return tryDirectory(p);
      return tryFile(p) || tryExtensions(p) || tryDirectory(p);
    }

    function notFound(request, parent) {
      const stack = [];
      for (let m = parent; m && m.filename; m = m.parent) stack.push(m.filename);
      const message = `Cannot find module '${request}'` + (stack.length ? `\nRequire stack:\n- ${stack.join('\n- ')}` : '');
      const error = new Error(message);
      error.code = 'MODULE_NOT_FOUND';
      error.requireStack = stack;
      return error;
    }

    function resolveFilename(request, parent, isMain, options) {
      if (!options || !options.conditions) return resolveWith(request, parent, options);
      const saved = conditions;
      conditions = options.conditions instanceof Set ? options.conditions : new Set(options.conditions);
      try { return resolveWith(request, parent, options); } finally { conditions = saved; }
    }
    function resolveWith(request, parent, options) {
      if (typeof request !== 'string' || request === '') {
        const e = new TypeError(`The "id" argument must be a non-empty string. ${internals.received(request)}`);
        e.code = request === '' ? 'ERR_INVALID_ARG_VALUE' : 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      if (hostModules.has(request)) return request;
      if (request.startsWith('node:')) {
        const name = request.slice(5);
        if (!nodeBuiltins.has(name)) { const e = new Error(`No such built-in module: ${request}`); e.code = 'ERR_UNKNOWN_BUILTIN_MODULE'; throw e; }
        return request;
      }
      if (nodeBuiltins.has(request)) return request;
      const base = parent && parent.filename ? path.dirname(parent.filename) : host.cwd();
      const relative = request === '.' || request === '..' || request.startsWith('./') || request.startsWith('../');
      const directoryOnly = request.endsWith('/');
      if (relative || request.startsWith('/')) {
        const searchRoots = options && options.paths ? options.paths : [base];
        for (const root of searchRoots) {
          const found = tryPath(path.resolve(root, request), directoryOnly);
          if (found) return found;
        }
        throw notFound(request, parent);
      }
      const lookup = options && options.paths
        ? options.paths.flatMap((p) => Module._nodeModulePaths(p))
        : (parent && parent.paths ? parent.paths : Module._nodeModulePaths(base));
      for (const dir of lookup) {
        if (!isDirectory(dir)) continue;
        const found = tryPackage(dir, request, directoryOnly);
        if (found) return found;
      }
      // Node's global folders: NODE_PATH, then (only for code inside them) the system library roots that back
      // some builtins, such as Debian's /usr/share/nodejs.
      const env = globalThis.process && process.env;
      const globalDirs = env && env.NODE_PATH ? env.NODE_PATH.split(':').filter(Boolean) : [];
      const fromLibrary = parent && parent.filename && internals.libraryRoots.some((root) => parent.filename.startsWith(root + '/'));
      for (const dir of fromLibrary ? globalDirs.concat(internals.libraryRoots) : globalDirs) {
        const found = tryPackage(path.resolve(dir), request, directoryOnly);
        if (found) return found;
      }
      throw notFound(request, parent);
    }

    return { nodeModulePaths, resolveFilename, readPackage, tryFile, tryDirectory };
  };
})

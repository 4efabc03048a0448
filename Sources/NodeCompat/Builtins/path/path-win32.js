// `path.win32` (and `require('path/win32')`): Windows paths as Node reads them on any system — drive letters,
// UNC roots (\\server\share), both separators, case-insensitive comparisons — for code that takes file names from
// Windows clients. Loaded on first use.
(function (internals) {
  'use strict';
  const posix = internals.Module._load('path', null);
  const isSep = (c) => c === '/' || c === '\\';
  const isDeviceRoot = (c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  const check = (value, name = 'path') => {
    if (typeof value !== 'string') {
      const e = new TypeError(`The "${name}" argument must be of type string. ${internals.received(value)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  };
  const normalizeString = (p, allowAboveRoot) => internals.normalizePathString(p, allowAboveRoot, '\\', isSep);

  // The root of a path: its device ('C:' or '\\server\share'), where the rest begins, and whether it is absolute.
  // `uncWhole` says what a UNC path that is only its root gives (normalize keeps it whole, dirname returns it).
  function rootOf(path) {
    const len = path.length;
    const found = { device: undefined, rootEnd: 0, absolute: false, uncOnly: false };
    if (len === 0) return found;
    const code = path[0];
    if (isSep(code)) {
      found.absolute = true;
      found.rootEnd = 1;
      if (isSep(path[1])) {
        let j = 2;
        let last = j;
        while (j < len && !isSep(path[j])) j++;
        if (j < len && j !== last) {
          const server = path.slice(last, j);
          last = j;
          while (j < len && isSep(path[j])) j++;
          if (j < len && j !== last) {
            last = j;
            while (j < len && !isSep(path[j])) j++;
            if (j === len || j !== last) {
              found.device = `\\\\${server}\\${path.slice(last, j)}`;
              found.rootEnd = j;
              found.uncOnly = j === len;
            }
          }
        }
      }
    } else if (isDeviceRoot(code) && path[1] === ':') {
      found.device = path.slice(0, 2);
      found.rootEnd = 2;
      if (len > 2 && isSep(path[2])) { found.absolute = true; found.rootEnd = 3; }
    }
    return found;
  }

  const win32 = {
    sep: '\\',
    delimiter: ';',
    resolve(...args) {
      let resolvedDevice = '';
      let resolvedTail = '';
      let resolvedAbsolute = false;
      for (let i = args.length - 1; i >= -1; i--) {
        let path;
        if (i >= 0) {
          path = args[i];
          check(path, `paths[${i}]`);
          if (path.length === 0) continue;
        } else if (resolvedDevice.length === 0) {
          path = process.cwd();
        } else {
          // The current folder of that drive, which only Windows keeps; elsewhere the drive's root.
          path = process.env[`=${resolvedDevice}`] || process.cwd();
          if (path === undefined || (path.slice(0, 2).toLowerCase() !== resolvedDevice.toLowerCase() && path[2] === '\\')) path = `${resolvedDevice}\\`;
        }
        let { device, rootEnd, absolute } = rootOf(path);
        if (path.length === 1 && !isSep(path[0])) { rootEnd = 0; absolute = false; }
        device = device || '';
        if (device.length > 0) {
          if (resolvedDevice.length > 0) {
            if (device.toLowerCase() !== resolvedDevice.toLowerCase()) continue;
          } else {
            resolvedDevice = device;
          }
        }
        if (resolvedAbsolute) {
          if (resolvedDevice.length > 0) break;
        } else {
          resolvedTail = `${path.slice(rootEnd)}\\${resolvedTail}`;
          resolvedAbsolute = absolute;
          if (absolute && resolvedDevice.length > 0) break;
        }
      }
      resolvedTail = normalizeString(resolvedTail, !resolvedAbsolute);
      return resolvedAbsolute ? `${resolvedDevice}\\${resolvedTail}` : `${resolvedDevice}${resolvedTail}` || '.';
    },
    normalize(path) {
      check(path);
      const len = path.length;
      if (len === 0) return '.';
      if (len === 1) return path === '/' ? '\\' : path;
      const { device, rootEnd, absolute, uncOnly } = rootOf(path);
      if (uncOnly) return `${device}\\`;
      let tail = rootEnd < len ? normalizeString(path.slice(rootEnd), !absolute) : '';
      if (tail.length === 0 && !absolute) tail = '.';
      if (tail.length > 0 && isSep(path[len - 1])) tail += '\\';
      if (device === undefined) return absolute ? `\\${tail}` : tail;
      return absolute ? `${device}\\${tail}` : `${device}${tail}`;
    },
    isAbsolute(path) {
      check(path);
      const len = path.length;
      if (len === 0) return false;
      return isSep(path[0]) || (len > 2 && isDeviceRoot(path[0]) && path[1] === ':' && isSep(path[2]));
    },
    join(...args) {
      if (args.length === 0) return '.';
      let joined;
      let firstPart;
      for (let i = 0; i < args.length; ++i) {
        const arg = args[i];
        check(arg, 'path');
        if (arg.length > 0) {
          if (joined === undefined) joined = firstPart = arg;
          else joined += `\\${arg}`;
        }
      }
      if (joined === undefined) return '.';
      // A first part that starts a UNC root keeps its two leading separators; more are made one.
      let needsReplace = true;
      let slashCount = 0;
      if (isSep(firstPart[0])) {
        ++slashCount;
        const firstLen = firstPart.length;
        if (firstLen > 1 && isSep(firstPart[1])) {
          ++slashCount;
          if (firstLen > 2) {
            if (isSep(firstPart[2])) ++slashCount;
            else needsReplace = false;
          }
        }
      }
      if (needsReplace) {
        while (slashCount < joined.length && isSep(joined[slashCount])) slashCount++;
        if (slashCount >= 2) joined = `\\${joined.slice(slashCount)}`;
      }
      return win32.normalize(joined);
    },
    relative(from, to) {
      check(from, 'from');
      check(to, 'to');
      if (from === to) return '';
      const fromOrig = win32.resolve(from);
      const toOrig = win32.resolve(to);
      if (fromOrig === toOrig) return '';
      from = fromOrig.toLowerCase();
      to = toOrig.toLowerCase();
      if (from === to) return '';
      let fromStart = 0;
      while (fromStart < from.length && from[fromStart] === '\\') fromStart++;
      let fromEnd = from.length;
      while (fromEnd - 1 > fromStart && from[fromEnd - 1] === '\\') fromEnd--;
      const fromLen = fromEnd - fromStart;
      let toStart = 0;
      while (toStart < to.length && to[toStart] === '\\') toStart++;
      let toEnd = to.length;
      while (toEnd - 1 > toStart && to[toEnd - 1] === '\\') toEnd--;
      const toLen = toEnd - toStart;
      const length = fromLen < toLen ? fromLen : toLen;
      let lastCommonSep = -1;
      let i = 0;
      for (; i < length; i++) {
        const fromCode = from[fromStart + i];
        if (fromCode !== to[toStart + i]) break;
        else if (fromCode === '\\') lastCommonSep = i;
      }
      if (i !== length) {
        if (lastCommonSep === -1) return toOrig;
      } else {
        if (toLen > length) {
          if (to[toStart + i] === '\\') return toOrig.slice(toStart + i + 1);
          if (i === 2) return toOrig.slice(toStart + i);
        }
        if (fromLen > length) {
          if (from[fromStart + i] === '\\') lastCommonSep = i;
          else if (i === 2) lastCommonSep = 3;
        }
        if (lastCommonSep === -1) lastCommonSep = 0;
      }
      let out = '';
      for (i = fromStart + lastCommonSep + 1; i <= fromEnd; ++i) {
        if (i === fromEnd || from[i] === '\\') out += out.length === 0 ? '..' : '\\..';
      }
      toStart += lastCommonSep;
      if (out.length > 0) return `${out}${toOrig.slice(toStart, toEnd)}`;
      if (toOrig[toStart] === '\\') ++toStart;
      return toOrig.slice(toStart, toEnd);
    },
    toNamespacedPath(path) {
      if (typeof path !== 'string' || path.length === 0) return path;
      const resolved = win32.resolve(path);
      if (resolved.length <= 2) return path;
      if (resolved[0] === '\\') {
        if (resolved[1] === '\\' && resolved[2] !== '?' && resolved[2] !== '.') return `\\\\?\\UNC\\${resolved.slice(2)}`;
      } else if (isDeviceRoot(resolved[0]) && resolved[1] === ':' && resolved[2] === '\\') {
        return `\\\\?\\${resolved}`;
      }
      return resolved;
    },
    dirname(path) {
      check(path);
      const len = path.length;
      if (len === 0) return '.';
      if (len === 1) return isSep(path[0]) ? path : '.';
      const root = rootOf(path);
      if (root.uncOnly) return path;
      let rootEnd = -1;
      let offset = 0;
      if (isSep(path[0])) rootEnd = offset = root.device !== undefined ? root.rootEnd + 1 : 1;
      else if (root.device !== undefined) rootEnd = offset = root.rootEnd;
      let end = -1;
      let matchedSlash = true;
      for (let i = len - 1; i >= offset; --i) {
        if (isSep(path[i])) {
          if (!matchedSlash) { end = i; break; }
        } else {
          matchedSlash = false;
        }
      }
      if (end === -1) {
        if (rootEnd === -1) return '.';
        end = rootEnd;
      }
      return path.slice(0, end);
    },
    basename(path, suffix) {
      if (suffix !== undefined) check(suffix, 'suffix');
      check(path);
      const start = path.length >= 2 && isDeviceRoot(path[0]) && path[1] === ':' ? 2 : 0;
      return internals.basenameOf(path, suffix, start, isSep);
    },
    extname(path) {
      check(path);
      let start = 0;
      if (path.length >= 2 && path[1] === ':' && isDeviceRoot(path[0])) start = 2;
      return internals.extensionOf(path, start, isSep);
    },
    format: (pathObject) => internals.formatPath('\\', pathObject),
    parse(path) {
      check(path);
      const ret = { root: '', dir: '', base: '', ext: '', name: '' };
      const len = path.length;
      if (len === 0) return ret;
      if (len === 1) {
        if (isSep(path[0])) { ret.root = ret.dir = path; return ret; }
        ret.base = ret.name = path;
        return ret;
      }
      let rootEnd = 0;
      const root = rootOf(path);
      if (isSep(path[0])) {
        rootEnd = root.device === undefined ? 1 : root.uncOnly ? root.rootEnd : root.rootEnd + 1;
      } else if (root.device !== undefined) {
        if (len <= 2 || (len === 3 && isSep(path[2]))) { ret.root = ret.dir = path; return ret; }
        rootEnd = root.rootEnd;
      }
      if (rootEnd > 0) ret.root = path.slice(0, rootEnd);
      internals.splitPathName(path, rootEnd, isSep, ret);
      return ret;
    },
    matchesGlob: (path, pattern) => internals.pathGlob().matches(path, pattern, true),
  };
  win32.win32 = win32;
  win32.posix = posix;
  internals.builtinFactories.set('path/win32', () => win32);
})

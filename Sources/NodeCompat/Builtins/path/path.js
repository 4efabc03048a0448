// The `path` builtin, POSIX paths as on the Linux hosts jshost runs on, following Node's algorithms to their edge
// cases; the loader uses it too. The helpers it shares with `path.win32` (path-win32.js, loaded on first use) are
// on `internals`.
(function (host, internals) {
  'use strict';
  const isSep = (c) => c === '/';
  const check = (value, name = 'path') => {
    if (typeof value !== 'string') {
      const e = new TypeError(`The "${name}" argument must be of type string. ${internals.received(value)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  };

  // Resolves '.' and '..' in a path without its root; `..` above the start is kept when allowAboveRoot.
  function normalizeString(path, allowAboveRoot, separator, isSeparator) {
    let res = '';
    let lastSegmentLength = 0;
    let lastSlash = -1;
    let dots = 0;
    let code;
    for (let i = 0; i <= path.length; ++i) {
      if (i < path.length) code = path[i];
      else if (isSeparator(code)) break;
      else code = separator;
      if (isSeparator(code)) {
        if (lastSlash === i - 1 || dots === 1) {
          // a run of separators or a '.' segment: nothing to add
        } else if (dots === 2) {
          if (res.length < 2 || lastSegmentLength !== 2 || res[res.length - 1] !== '.' || res[res.length - 2] !== '.') {
            if (res.length > 2) {
              const lastSlashIndex = res.lastIndexOf(separator);
              if (lastSlashIndex === -1) { res = ''; lastSegmentLength = 0; } else {
                res = res.slice(0, lastSlashIndex);
                lastSegmentLength = res.length - 1 - res.lastIndexOf(separator);
              }
              lastSlash = i;
              dots = 0;
              continue;
            } else if (res.length !== 0) {
              res = '';
              lastSegmentLength = 0;
              lastSlash = i;
              dots = 0;
              continue;
            }
          }
          if (allowAboveRoot) {
            res += res.length > 0 ? `${separator}..` : '..';
            lastSegmentLength = 2;
          }
        } else {
          if (res.length > 0) res += `${separator}${path.slice(lastSlash + 1, i)}`;
          else res = path.slice(lastSlash + 1, i);
          lastSegmentLength = i - lastSlash - 1;
        }
        lastSlash = i;
        dots = 0;
      } else if (code === '.' && dots !== -1) {
        ++dots;
      } else {
        dots = -1;
      }
    }
    return res;
  }
  // The last segment of path[start…], as Node's extname and parse read it: where it starts (startPart), ends
  // (end, -1 when there is none), its last dot (startDot), and whether that dot only starts the name (noExtension).
  function lastSegment(path, start, isSeparator, startPart = start) {
    let startDot = -1;
    let end = -1;
    let matchedSlash = true;
    let preDotState = 0;
    for (let i = path.length - 1; i >= start; --i) {
      const code = path[i];
      if (isSeparator(code)) {
        if (!matchedSlash) { startPart = i + 1; break; }
        continue;
      }
      if (end === -1) { matchedSlash = false; end = i + 1; }
      if (code === '.') {
        if (startDot === -1) startDot = i;
        else if (preDotState !== 1) preDotState = 1;
      } else if (startDot !== -1) {
        preDotState = -1;
      }
    }
    const noExtension = startDot === -1 || preDotState === 0 || (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1);
    return { startPart, end, startDot, noExtension };
  }
  const extensionOf = (path, start, isSeparator) => {
    const { end, startDot, noExtension } = lastSegment(path, start, isSeparator);
    return end === -1 || noExtension ? '' : path.slice(startDot, end);
  };
  // parse()'s dir, base, name and ext after a root; posix counts the segment from 0, win32 from the root's end.
  function splitPathName(path, rootEnd, isSeparator, ret, startPartFrom = rootEnd) {
    const { startPart, end, startDot, noExtension } = lastSegment(path, rootEnd, isSeparator, startPartFrom);
    const start = startPart === 0 && rootEnd > 0 && startPartFrom === 0 ? rootEnd : startPart;
    if (end !== -1) {
      if (noExtension) ret.base = ret.name = path.slice(start, end);
      else {
        ret.name = path.slice(start, startDot);
        ret.base = path.slice(start, end);
        ret.ext = path.slice(startDot, end);
      }
    }
    if (startPartFrom === 0) {
      if (startPart > 0) ret.dir = path.slice(0, startPart - 1);
      else if (rootEnd > 0) ret.dir = ret.root;
    } else {
      ret.dir = startPart > 0 && startPart !== rootEnd ? path.slice(0, startPart - 1) : ret.root;
    }
  }
  // basename(path, suffix) from index `start` (after a drive letter on win32).
  function basenameOf(path, suffix, start, isSeparator) {
    let end = -1;
    let matchedSlash = true;
    if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
      if (suffix === path) return '';
      let extIdx = suffix.length - 1;
      let firstNonSlashEnd = -1;
      for (let i = path.length - 1; i >= start; --i) {
        const code = path[i];
        if (isSeparator(code)) {
          if (!matchedSlash) { start = i + 1; break; }
        } else {
          if (firstNonSlashEnd === -1) { matchedSlash = false; firstNonSlashEnd = i + 1; }
          if (extIdx >= 0) {
            if (code === suffix[extIdx]) {
              if (--extIdx === -1) end = i;
            } else {
              extIdx = -1;
              end = firstNonSlashEnd;
            }
          }
        }
      }
      if (start === end) end = firstNonSlashEnd;
      else if (end === -1) end = path.length;
      return path.slice(start, end);
    }
    for (let i = path.length - 1; i >= start; --i) {
      if (isSeparator(path[i])) {
        if (!matchedSlash) { start = i + 1; break; }
      } else if (end === -1) {
        matchedSlash = false;
        end = i + 1;
      }
    }
    return end === -1 ? '' : path.slice(start, end);
  }
  function formatPath(separator, pathObject) {
    if (pathObject === null || typeof pathObject !== 'object') {
      const e = new TypeError(`The "pathObject" argument must be of type object. ${internals.received(pathObject)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    const dir = pathObject.dir || pathObject.root;
    const ext = pathObject.ext ? `${pathObject.ext[0] === '.' ? '' : '.'}${pathObject.ext}` : '';
    const base = pathObject.base || `${pathObject.name || ''}${ext}`;
    if (!dir) return base;
    return dir === pathObject.root ? `${dir}${base}` : `${dir}${separator}${base}`;
  }
  Object.assign(internals, { normalizePathString: normalizeString, extensionOf, splitPathName, basenameOf, formatPath,
    pathGlob: () => internals.pathGlobMatcher || (internals.builtinFactories.get('jshost:path-glob')(), internals.pathGlobMatcher) });

  const path = {
    sep: '/',
    delimiter: ':',
    resolve(...args) {
      let resolvedPath = '';
      let resolvedAbsolute = false;
      for (let i = args.length - 1; i >= -1 && !resolvedAbsolute; i--) {
        const p = i >= 0 ? args[i] : host.cwd();
        check(p, `paths[${i}]`);
        if (p.length === 0) continue;
        resolvedPath = `${p}/${resolvedPath}`;
        resolvedAbsolute = p[0] === '/';
      }
      resolvedPath = normalizeString(resolvedPath, !resolvedAbsolute, '/', isSep);
      if (resolvedAbsolute) return `/${resolvedPath}`;
      return resolvedPath.length > 0 ? resolvedPath : '.';
    },
    normalize(p) {
      check(p);
      if (p.length === 0) return '.';
      const absolute = p[0] === '/';
      const trailing = p[p.length - 1] === '/';
      let result = normalizeString(p, !absolute, '/', isSep);
      if (result.length === 0) {
        if (absolute) return '/';
        return trailing ? './' : '.';
      }
      if (trailing) result += '/';
      return absolute ? `/${result}` : result;
    },
    isAbsolute(p) { check(p); return p.length > 0 && p[0] === '/'; },
    join(...args) {
      if (args.length === 0) return '.';
      let joined;
      for (const arg of args) {
        check(arg);
        if (arg.length > 0) joined = joined === undefined ? arg : `${joined}/${arg}`;
      }
      return joined === undefined ? '.' : path.normalize(joined);
    },
    relative(from, to) {
      check(from, 'from');
      check(to, 'to');
      if (from === to) return '';
      from = path.resolve(from);
      to = path.resolve(to);
      if (from === to) return '';
      const fromStart = 1, fromEnd = from.length, fromLen = fromEnd - fromStart;
      const toStart = 1, toLen = to.length - toStart;
      const length = fromLen < toLen ? fromLen : toLen;
      let lastCommonSep = -1;
      let i = 0;
      for (; i < length; i++) {
        const fromCode = from[fromStart + i];
        if (fromCode !== to[toStart + i]) break;
        else if (fromCode === '/') lastCommonSep = i;
      }
      if (i === length) {
        if (toLen > length) {
          if (to[toStart + i] === '/') return to.slice(toStart + i + 1);
          if (i === 0) return to.slice(toStart + i);
        } else if (fromLen > length) {
          if (from[fromStart + i] === '/') lastCommonSep = i;
          else if (i === 0) lastCommonSep = 0;
        }
      }
      let out = '';
      for (i = fromStart + lastCommonSep + 1; i <= fromEnd; ++i) {
        if (i === fromEnd || from[i] === '/') out += out.length === 0 ? '..' : '/..';
      }
      return `${out}${to.slice(toStart + lastCommonSep)}`;
    },
    toNamespacedPath: (p) => p,
    dirname(p) {
      check(p);
      if (p.length === 0) return '.';
      const hasRoot = p[0] === '/';
      let end = -1;
      let matchedSlash = true;
      for (let i = p.length - 1; i >= 1; --i) {
        if (p[i] === '/') {
          if (!matchedSlash) { end = i; break; }
        } else {
          matchedSlash = false;
        }
      }
      if (end === -1) return hasRoot ? '/' : '.';
      if (hasRoot && end === 1) return '//';
      return p.slice(0, end);
    },
    basename(p, suffix) {
      if (suffix !== undefined) check(suffix, 'suffix');
      check(p);
      return basenameOf(p, suffix, 0, isSep);
    },
    extname(p) { check(p); return extensionOf(p, 0, isSep); },
    format: (pathObject) => formatPath('/', pathObject),
    parse(p) {
      check(p);
      const ret = { root: '', dir: '', base: '', ext: '', name: '' };
      if (p.length === 0) return ret;
      const absolute = p[0] === '/';
      if (absolute) ret.root = '/';
      splitPathName(p, absolute ? 1 : 0, isSep, ret, 0);
      return ret;
    },
    matchesGlob: (p, pattern) => internals.pathGlob().matches(p, pattern, false),
  };
  path.posix = path;
  // path.win32 loads on first use (path-win32.js).
  Object.defineProperty(path, 'win32', { enumerable: true, configurable: true, get: () => internals.Module._load('path/win32', null) });
  return path;
})

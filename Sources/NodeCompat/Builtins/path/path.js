// The `path` builtin (POSIX only, as on the Linux hosts jshost runs on). The loader uses it too.
(function (host) {
  'use strict';
  function assertPath(p, name) {
    if (typeof p !== 'string') {
      const e = new TypeError(`The "${name || 'path'}" argument must be of type string. Received ${p === null ? 'null' : typeof p}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  }
  function normalizeSegments(p, allowAboveRoot) {
    const out = [];
    for (const seg of p.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (out.length && out[out.length - 1] !== '..') out.pop();
        else if (allowAboveRoot) out.push('..');
      } else out.push(seg);
    }
    return out;
  }
  const path = {
    sep: '/',
    delimiter: ':',
    normalize(p) {
      assertPath(p);
      if (p === '') return '.';
      const absolute = p.startsWith('/');
      const trailing = p.endsWith('/');
      let result = normalizeSegments(p, !absolute).join('/');
      if (result === '' && !absolute) result = '.';
      if (result !== '' && trailing) result += '/';
      return (absolute ? '/' : '') + result;
    },
    join(...parts) {
      for (const p of parts) assertPath(p);
      const joined = parts.filter((p) => p !== '').join('/');
      return joined === '' ? '.' : path.normalize(joined);
    },
    resolve(...parts) {
      let resolved = '';
      for (let i = parts.length - 1; i >= -1 && !resolved.startsWith('/'); i--) {
        const p = i >= 0 ? parts[i] : host.cwd();
        assertPath(p);
        if (p === '') continue;
        resolved = resolved ? `${p}/${resolved}` : p;
      }
      const result = normalizeSegments(resolved, false).join('/');
      return '/' + result;
    },
    isAbsolute(p) { assertPath(p); return p.startsWith('/'); },
    dirname(p) {
      assertPath(p);
      if (p === '') return '.';
      let end = p.length;
      while (end > 1 && p[end - 1] === '/') end--;
      const idx = p.lastIndexOf('/', end - 1);
      if (idx === -1) return '.';
      if (idx === 0) return '/';
      let stop = idx;
      while (stop > 1 && p[stop - 1] === '/') stop--;
      return p.slice(0, stop);
    },
    basename(p, ext) {
      assertPath(p);
      let end = p.length;
      while (end > 0 && p[end - 1] === '/') end--;
      const start = p.lastIndexOf('/', end - 1) + 1;
      let base = p.slice(start, end);
      if (ext !== undefined && base.endsWith(ext) && base !== ext) base = base.slice(0, base.length - ext.length);
      return base;
    },
    extname(p) {
      const base = path.basename(p);
      const idx = base.lastIndexOf('.');
      return idx <= 0 ? '' : base.slice(idx);
    },
    relative(from, to) {
      const a = path.resolve(from).split('/').filter(Boolean);
      const b = path.resolve(to).split('/').filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return [...Array(a.length - i).fill('..'), ...b.slice(i)].join('/');
    },
    parse(p) {
      assertPath(p);
      const root = p.startsWith('/') ? '/' : '';
      const base = path.basename(p);
      const ext = path.extname(p);
      let dir = path.dirname(p);
      if (dir === '.' && !p.includes('/')) dir = '';
      return { root, dir, base, ext, name: ext ? base.slice(0, base.length - ext.length) : base };
    },
    format(o) {
      const dir = o.dir || o.root || '';
      const base = o.base || `${o.name || ''}${o.ext || ''}`;
      if (!dir) return base;
      return dir === o.root ? `${dir}${base}` : `${dir}/${base}`;
    },
    toNamespacedPath(p) { return p; },
  };
  path.posix = path;
  return path;
})

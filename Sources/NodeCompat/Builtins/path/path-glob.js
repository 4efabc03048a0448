// `path.matchesGlob`: glob patterns as Node matches them (minimatch's rules with Node's options): braces
// ({a,b}, {1..3}), `*`, `?`, `**` across folders, character classes with POSIX names, extglobs (`@(…)`, `?(…)`,
// `*(…)`, `+(…)`, `!(…)`); wildcards do not match names that start with a dot; a backslash separates folders, it
// escapes nothing. Loaded on first use.
(function (internals) {
  'use strict';
  const GLOBSTAR = Symbol('globstar');
  const check = (value, name) => {
    if (typeof value !== 'string') {
      const e = new TypeError(`The "${name}" argument must be of type string. ${internals.received(value)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
  };
  const escapeRegex = (text) => text.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&');

  // {a,b} and {1..3} expanded, outermost first, nested braces too.
  function expandBraces(pattern) {
    let depth = 0, start = -1;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === '{') { if (depth++ === 0) start = i; } else if (c === '}' && depth > 0 && --depth === 0) {
        const body = pattern.slice(start + 1, i);
        const before = pattern.slice(0, start), after = pattern.slice(i + 1);
        const options = splitTopLevel(body);
        let alternatives;
        if (options.length > 1) alternatives = options;
        else {
          const range = /^(-?\d+|[a-zA-Z])\.\.(-?\d+|[a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body);
          if (!range) {
            // not a brace expression: keep it as written and look further on
            return expandBraces(after).map((rest) => `${before}{${body}}${rest}`);
          }
          alternatives = rangeOf(range[1], range[2], range[3]);
        }
        const tails = expandBraces(after);
        const out = [];
        for (const alternative of alternatives) for (const head of expandBraces(before + alternative)) for (const tail of tails) out.push(head + tail);
        return out;
      }
    }
    return [pattern];
  }
  // `body` split at each `separator` outside nested open…close pairs.
  function splitTopLevel(body, open = '{', close = '}', separator = ',') {
    const parts = [];
    let depth = 0, last = 0;
    for (let i = 0; i < body.length; i++) {
      if (body[i] === open) depth++;
      else if (body[i] === close) depth--;
      else if (body[i] === separator && depth === 0) { parts.push(body.slice(last, i)); last = i + 1; }
    }
    parts.push(body.slice(last));
    return parts;
  }
  function rangeOf(from, to, stepText) {
    const step = Math.abs(Number(stepText || 1)) || 1;
    const numeric = /\d/.test(from);
    const a = numeric ? Number(from) : from.charCodeAt(0), b = numeric ? Number(to) : to.charCodeAt(0);
    const width = numeric && (/^-?0\d/.test(from) || /^-?0\d/.test(to)) ? Math.max(from.length, to.length) : 0;
    const out = [];
    for (let n = a; a <= b ? n <= b : n >= b; n += a <= b ? step : -step) {
      if (!numeric) { out.push(String.fromCharCode(n)); continue; }
      const text = String(Math.abs(n)).padStart(width - (n < 0 ? 1 : 0), '0');
      out.push(n < 0 ? `-${text}` : text);
    }
    return out;
  }

  const posixClasses = { alnum: '\\p{L}\\p{Nl}\\p{Nd}', alpha: '\\p{L}\\p{Nl}', ascii: '\\x00-\\x7f', blank: '\\p{Zs}\\t',
    cntrl: '\\p{Cc}', digit: '\\p{Nd}', graph: '\\p{Z}\\p{C}', lower: '\\p{Ll}', print: '\\p{C}', punct: '\\p{P}',
    space: '\\p{Z}\\t\\r\\n\\v\\f', upper: '\\p{Lu}', word: '\\p{L}\\p{Nl}\\p{Nd}\\p{Pc}', xdigit: 'A-Fa-f0-9' };
  const negatedPosix = new Set(['graph', 'print']);
  // A bracket expression at pattern[i] ('['): [regex, index after it], or null when it does not close.
  function bracket(pattern, i) {
    let j = i + 1;
    let negate = false;
    if (pattern[j] === '!' || pattern[j] === '^') { negate = true; j++; }
    let body = '';
    let negatedBody = '';
    let first = true;
    while (j < pattern.length && (pattern[j] !== ']' || first)) {
      first = false;
      const posix = /^\[:(\w+):\]/.exec(pattern.slice(j));
      if (posix && posixClasses[posix[1]]) {
        if (negatedPosix.has(posix[1])) negatedBody += posixClasses[posix[1]]; else body += posixClasses[posix[1]];
        j += posix[0].length;
        continue;
      }
      const c = pattern[j];
      if (pattern[j + 1] === '-' && pattern[j + 2] !== undefined && pattern[j + 2] !== ']') {
        body += `${escapeRegex(c)}-${escapeRegex(pattern[j + 2])}`;
        j += 3;
        continue;
      }
      body += escapeRegex(c);
      j++;
    }
    if (j >= pattern.length) return null;
    let regex;
    if (negatedBody) regex = negate ? `(?:(?!/)[${negatedBody}]|[${body}])` : `(?:(?!/)[^${negatedBody}]|[${body}])`;
    else regex = negate ? `[^/${body}]` : `[${body}]`;
    return [regex, j + 1];
  }

  // One folder's pattern as a regex source (anchored by the caller), or the text itself when it has no magic.
  function compileSegment(segment) {
    const pieces = [];
    let magic = false;
    let i = 0;
    while (i < segment.length) {
      const c = segment[i];
      if ('@?*+!'.includes(c) && segment[i + 1] === '(') {
        const end = closingParen(segment, i + 1);
        if (end !== -1) {
          magic = true;
          const alternatives = splitTopLevel(segment.slice(i + 2, end), '(', ')', '|').map((alt) => compileSegment(alt).source).join('|');
          pieces.push({ kind: c, body: alternatives });
          i = end + 1;
          continue;
        }
      }
      if (c === '*') { magic = true; pieces.push({ text: '[^/]*?' }); while (segment[i] === '*') i++; continue; }
      if (c === '?') { magic = true; pieces.push({ text: '[^/]' }); i++; continue; }
      if (c === '[') {
        const found = bracket(segment, i);
        if (found) { magic = true; pieces.push({ text: found[0] }); i = found[1]; continue; }
      }
      pieces.push({ text: escapeRegex(c) });
      i++;
    }
    // Assembled from the end: a negation needs what follows it.
    let source = '';
    for (let k = pieces.length - 1; k >= 0; k--) {
      const piece = pieces[k];
      if (piece.text !== undefined) { source = piece.text + source; continue; }
      const group = `(?:${piece.body})`;
      if (piece.kind === '@') source = group + source;
      else if (piece.kind === '?') source = `${group}?` + source;
      else if (piece.kind === '*') source = `${group}*` + source;
      else if (piece.kind === '+') source = `${group}+` + source;
      else source = `(?:(?!${group}${source}$)[^/]*?)` + source;
    }
    return { source, magic };
  }
  function closingParen(text, open) {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) return i;
    }
    return -1;
  }
  const compiled = new Map();
  function compile(pattern) {
    let found = compiled.get(pattern);
    if (found) return found;
    found = expandBraces(pattern.replace(/\\/g, '/')).map((expanded) => expanded.split('/').map((segment) => {
      if (segment === '**') return GLOBSTAR;
      const { source, magic } = compileSegment(segment);
      if (!magic) return segment;
      // Wildcards never match '.' or '..', nor a name that starts with a dot unless the pattern's does.
      // (An extglob that opens the pattern may match a leading dot, as minimatch has it.)
      const dotGuard = segment[0] === '.' || /^[*?+@]\(/.test(segment) ? '(?!\\.\\.?$)' : '(?!\\.)';
      return new RegExp(`^${dotGuard}${source}$`, 'u');
    }));
    if (compiled.size > 256) compiled.clear();
    compiled.set(pattern, found);
    return found;
  }

  function matchParts(parts, segments, p = 0, s = 0) {
    for (; s < segments.length; s++, p++) {
      const segment = segments[s];
      if (segment === GLOBSTAR) {
        if (s === segments.length - 1) {
          // a final ** takes the rest (at least a trailing slash), but no names that start with a dot
          if (p >= parts.length) return false;
          for (let k = p; k < parts.length; k++) {
            if (parts[k] === '.' || parts[k] === '..' || (parts[k].startsWith('.'))) return false;
          }
          return true;
        }
        for (let k = p; k <= parts.length; k++) {
          if (matchParts(parts, segments, k, s + 1)) return true;
          if (k < parts.length && (parts[k] === '.' || parts[k] === '..' || parts[k].startsWith('.'))) return false;
        }
        return false;
      }
      if (p >= parts.length) return false;
      // a wildcard never matches an empty name (a//b)
      if (typeof segment === 'string' ? segment !== parts[p] : parts[p] === '' || !segment.test(parts[p])) return false;
    }
    return p === parts.length || (p === parts.length - 1 && parts[p] === '');
  }

  internals.pathGlobMatcher = {
    matches(path, pattern, windows) {
      check(path, 'path');
      check(pattern, 'pattern');
      const parts = (windows ? path.replace(/\\/g, '/') : path).split('/');
      return compile(pattern).some((segments) => matchParts(parts, segments));
    },
  };
})

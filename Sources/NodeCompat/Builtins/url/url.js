// The `URL` and `URLSearchParams` globals (WHATWG URL for the URLs components meet: special schemes, opaque ones,
// relative resolution against a base, percent-encoding sets) and the `url` builtin (legacy `parse`/`format`/
// `resolve` from Debian's node-url, plus `URL`, `URLSearchParams`, `fileURLToPath`, `pathToFileURL`).
(function (internals) {
  'use strict';
  const special = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21', 'file:': '' };
  const invalid = (input) => { const e = new TypeError('Invalid URL'); e.code = 'ERR_INVALID_URL'; e.input = input; return e; };

  const C0 = (c) => c < 0x20 || c > 0x7e;
  const fragmentSet = (c) => C0(c) || c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60;
  const querySet = (c) => C0(c) || c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e;
  const specialQuerySet = (c) => querySet(c) || c === 0x27;
  const pathSet = (c) => querySet(c) || c === 0x3f || c === 0x60 || c === 0x7b || c === 0x7d;
  const userinfoSet = (c) => pathSet(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d || c === 0x40 || (c >= 0x5b && c <= 0x5e) || c === 0x7c;
  function encode(text, inSet) {
    let out = '';
    for (const ch of text) {
      const code = ch.codePointAt(0);
      if (code < 0x80 && !inSet(code)) { out += ch; continue; }
      if (code < 0x80 && ch === '%') { out += ch; continue; }
      for (const byte of new TextEncoder().encode(ch)) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
    }
    return out;
  }

  function parseHost(input, isSpecial, original) {
    if (input.startsWith('[')) {
      if (!input.endsWith(']')) throw invalid(original);
      return input.toLowerCase();
    }
    if (!isSpecial) return encode(input, C0);
    let host;
    try { host = decodeURIComponent(input); } catch (e) { host = input; }
    host = host.toLowerCase();
    if (/[^\x00-\x7f]/.test(host)) {
      try { host = internals.Module._load('punycode', null).toASCII(host); } catch (e) { throw invalid(original); }
    }
    if (host === '' || /[\x00-\x20#%/:<>?@[\\\]^|]/.test(host)) throw invalid(original);
    const parts = host.split('.');
    if (parts[parts.length - 1] === '') parts.pop();
    const numeric = parts.length > 0 && parts.length <= 4 && parts.every((p) => /^(0x[0-9a-f]*|[0-9]+)$/i.test(p));
    if (numeric) {
      const values = parts.map((p) => (/^0x/i.test(p) ? parseInt(p.slice(2) || '0', 16) : (p.length > 1 && p[0] === '0' ? parseInt(p, 8) : parseInt(p, 10))));
      let ipv4 = values[values.length - 1];
      if (ipv4 >= 256 ** (5 - values.length)) throw invalid(original);
      for (let i = 0; i < values.length - 1; i++) { if (values[i] > 255) throw invalid(original); ipv4 += values[i] * 256 ** (3 - i); }
      return [ipv4 >>> 24, (ipv4 >>> 16) & 255, (ipv4 >>> 8) & 255, ipv4 & 255].join('.');
    }
    return host;
  }

  function normalizePath(segments, isSpecial) {
    const out = [];
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      const lower = segment.toLowerCase();
      const last = i === segments.length - 1;
      if (lower === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e') {
        if (out.length) out.pop();
        if (last) out.push('');
      } else if (lower === '.' || lower === '%2e') {
        if (last) out.push('');
      } else {
        out.push(encode(segment, pathSet));
      }
    }
    return '/' + out.join('/');
  }

  function parse(input, base) {
    const original = input;
    input = String(input).replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
    const state = { protocol: '', username: '', password: '', hostname: null, port: '', pathname: '', search: '', hash: '', opaque: false };
    let rest = input;
    const hashIndex = rest.indexOf('#');
    if (hashIndex >= 0) { state.hash = rest.slice(hashIndex); rest = rest.slice(0, hashIndex); }
    const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+\-.]*):/.exec(rest);
    if (schemeMatch) {
      state.protocol = schemeMatch[1].toLowerCase() + ':';
      rest = rest.slice(schemeMatch[0].length);
      const isSpecial = state.protocol in special;
      if (isSpecial && base && base.protocol === state.protocol && !/^[/\\]/.test(rest)) {
        return resolveRelative(state, rest, base, original);
      }
      const queryIndex = rest.indexOf('?');
      if (queryIndex >= 0) { state.search = rest.slice(queryIndex); rest = rest.slice(0, queryIndex); }
      if (state.protocol === 'file:') return parseFileRest(state, rest, original);
      if (isSpecial) return parseAuthority(state, rest.replace(/^[/\\]*/, ''), true, original);
      if (rest.startsWith('//')) return parseAuthority(state, rest.slice(2), false, original);
      if (rest.startsWith('/')) { state.pathname = normalizePath(rest.slice(1).split('/'), false); return state; }
      state.opaque = true;
      state.pathname = encode(rest, C0);
      return state;
    }
    if (!base) throw invalid(original);
    state.protocol = base.protocol;
    return resolveRelative(state, rest, base, original);
  }

  function parseAuthority(state, rest, isSpecial, original) {
    const end = rest.search(isSpecial ? /[/\\]/ : /\//);
    let authority = end >= 0 ? rest.slice(0, end) : rest;
    const path = end >= 0 ? rest.slice(end) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      authority = authority.slice(at + 1);
      const colon = userinfo.indexOf(':');
      state.username = encode(colon >= 0 ? userinfo.slice(0, colon) : userinfo, userinfoSet);
      state.password = colon >= 0 ? encode(userinfo.slice(colon + 1), userinfoSet) : '';
    }
    const portMatch = /:([^\]:]*)$/.exec(authority);
    if (portMatch) {
      authority = authority.slice(0, portMatch.index);
      if (portMatch[1] !== '') {
        if (!/^[0-9]+$/.test(portMatch[1]) || Number(portMatch[1]) > 65535) throw invalid(original);
        const port = String(Number(portMatch[1]));
        state.port = special[state.protocol] === port ? '' : port;
      }
    }
    if (isSpecial && authority === '') throw invalid(original);
    state.hostname = parseHost(authority, isSpecial, original);
    state.pathname = path === '' ? (isSpecial ? '/' : '') : normalizePath(path.slice(1).split(isSpecial ? /[/\\]/ : '/'), isSpecial);
    return state;
  }

  // file: URLs: `file://host/path` names a host, `file:/path` and `file:///path` only a path.
  function parseFileRest(state, rest, original) {
    state.hostname = '';
    if (/^[/\\]{2}/.test(rest)) {
      rest = rest.slice(2);
      const end = rest.search(/[/\\]/);
      const first = end >= 0 ? rest.slice(0, end) : rest;
      if (first !== '' && !/^[a-zA-Z][:|]$/.test(first)) {
        const host = parseHost(first, true, original);
        state.hostname = host === 'localhost' ? '' : host;
        rest = end >= 0 ? rest.slice(end) : '';
      }
    }
    state.pathname = normalizePath(rest.replace(/^[/\\]/, '').split(/[/\\]/), true);
    return state;
  }

  function resolveRelative(state, rest, base, original) {
    const isSpecial = state.protocol in special;
    if (base.opaque) {
      if (rest === '' && state.hash !== undefined) return Object.assign({}, base, { hash: state.hash });
      throw invalid(original);
    }
    if (/^[/\\]{2}/.test(rest) && (isSpecial || rest.startsWith('//'))) {
      const queryIndex = rest.indexOf('?');
      if (queryIndex >= 0) { state.search = rest.slice(queryIndex); rest = rest.slice(0, queryIndex); }
      return state.protocol === 'file:' ? parseFileRest(state, rest.slice(2), original) : parseAuthority(state, rest.slice(2), isSpecial, original);
    }
    Object.assign(state, { username: base.username, password: base.password, hostname: base.hostname, port: base.port });
    const queryIndex = rest.indexOf('?');
    let path = rest;
    if (queryIndex >= 0) { state.search = rest.slice(queryIndex); path = rest.slice(0, queryIndex); }
    if (path === '') {
      state.pathname = base.pathname;
      if (queryIndex < 0) state.search = base.search;
      return state;
    }
    if (/^[/\\]/.test(path) && (isSpecial || path.startsWith('/'))) {
      state.pathname = normalizePath(path.slice(1).split(isSpecial ? /[/\\]/ : '/'), isSpecial);
      return state;
    }
    const directory = base.pathname.slice(0, base.pathname.lastIndexOf('/') + 1);
    state.pathname = normalizePath((directory + path).slice(1).split(isSpecial ? /[/\\]/ : '/'), isSpecial);
    return state;
  }

  // Kept apart from the objects, as Node keeps them in private fields: a URL or URLSearchParams has no own keys, and
// Object.prototype.toString names its class (axios tells URLSearchParams from a plain object that way).
  const states = new WeakMap();
  const blobURLs = new Map();
  internals.blobURLs = blobURLs;
  const params = new WeakMap();
  const linked = new WeakMap();
  const paramsOf = (url) => params.get(linked.get(url));
  class URL {
    constructor(input, base) {
      if (arguments.length === 0) { const e = new TypeError('The "url" argument must be specified'); e.code = 'ERR_MISSING_ARGS'; throw e; }
      const baseState = base === undefined ? undefined : (base instanceof URL ? states.get(base) : states.get(new URL(base)));
      states.set(this, parse(String(input), baseState));
      const s = states.get(this);
      // A lone '?' or '#' stays in href (an empty query or fragment) though search and hash read ''.
      s.hash = s.hash ? '#' + encode(s.hash.slice(1), fragmentSet) : '';
      s.search = s.search ? '?' + encode(s.search.slice(1), s.protocol in special ? specialQuerySet : querySet) : '';
      const searchParams = new URLSearchParams(s.search);
      params.get(searchParams).url = this;
      linked.set(this, searchParams);
    }
    static canParse(input, base) { try { new URL(input, base); return true; } catch (e) { return false; } }
    static parse(input, base) { try { return new URL(input, base); } catch (e) { return null; } }
    // Blob URLs: a registry of the Blobs handed out, read back by buffer.resolveObjectURL.
    static createObjectURL(blob) {
      const id = 'blob:nodedata:' + internals.randomUUID();
      blobURLs.set(id, blob);
      return id;
    }
    static revokeObjectURL(url) { blobURLs.delete(String(url)); }
    get href() {
      const s = states.get(this);
      let out = s.protocol;
      if (s.hostname !== null) {
        out += '//';
        if (s.username || s.password) out += s.username + (s.password ? ':' + s.password : '') + '@';
        out += s.hostname + (s.port ? ':' + s.port : '');
      } else if (!s.opaque && s.pathname.startsWith('//')) out += '/.';
      return out + s.pathname + s.search + s.hash;
    }
    set href(value) { states.set(this, states.get(new URL(value))); paramsOf(this).parse(states.get(this).search); }
    get origin() {
      const s = states.get(this);
      if (s.protocol in special && s.protocol !== 'file:') return s.protocol + '//' + s.hostname + (s.port ? ':' + s.port : '');
      if (s.protocol === 'blob:') { try { return new URL(s.pathname).origin; } catch (e) { return 'null'; } }
      return 'null';
    }
    get protocol() { return states.get(this).protocol; }
    set protocol(value) {
      const scheme = String(value).replace(/:.*$/, '').toLowerCase() + ':';
      if (/^[a-z][a-z0-9+\-.]*:$/.test(scheme) && ((scheme in special) === (states.get(this).protocol in special))) {
        states.get(this).protocol = scheme;
        if (special[scheme] === states.get(this).port) states.get(this).port = '';
      }
    }
    get username() { return states.get(this).username; }
    set username(value) { if (states.get(this).hostname) states.get(this).username = encode(String(value), userinfoSet); }
    get password() { return states.get(this).password; }
    set password(value) { if (states.get(this).hostname) states.get(this).password = encode(String(value), userinfoSet); }
    get host() { const s = states.get(this); return s.hostname === null ? '' : s.hostname + (s.port ? ':' + s.port : ''); }
    set host(value) {
      const parsed = URL.canParse(this.protocol + '//' + value) ? states.get(new URL(this.protocol + '//' + value)) : null;
      if (parsed) { states.get(this).hostname = parsed.hostname; states.get(this).port = parsed.port; }
    }
    get hostname() { return states.get(this).hostname === null ? '' : states.get(this).hostname; }
    set hostname(value) {
      if (URL.canParse(this.protocol + '//' + value)) states.get(this).hostname = states.get(new URL(this.protocol + '//' + value)).hostname;
    }
    get port() { return states.get(this).port; }
    set port(value) {
      const text = String(value);
      if (text === '') { states.get(this).port = ''; return; }
      const digits = /^[0-9]+/.exec(text);
      if (digits && Number(digits[0]) <= 65535) {
        const port = String(Number(digits[0]));
        states.get(this).port = special[this.protocol] === port ? '' : port;
      }
    }
    get pathname() { return states.get(this).pathname; }
    set pathname(value) {
      if (states.get(this).opaque) return;
      const text = String(value);
      states.get(this).pathname = normalizePath(text.replace(/^\//, '').split('/'), this.protocol in special);
    }
    get search() { return states.get(this).search === '?' ? '' : states.get(this).search; }
    set search(value) {
      const text = String(value).replace(/^\?/, '');
      states.get(this).search = text ? '?' + encode(text, this.protocol in special ? specialQuerySet : querySet) : '';
      paramsOf(this).parse(states.get(this).search);
    }
    get searchParams() { return linked.get(this); }
    get hash() { return states.get(this).hash === '#' ? '' : states.get(this).hash; }
    set hash(value) { const text = String(value).replace(/^#/, ''); states.get(this).hash = text ? '#' + encode(text, fragmentSet) : ''; }
    toString() { return this.href; }
    toJSON() { return this.href; }
    [Symbol.for('nodejs.util.inspect.custom')]() {
      const fields = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search'];
      const parts = fields.map((k) => `  ${k}: ${internals.inspect(this[k])}`);
      parts.push(`  searchParams: ${internals.inspect(this.searchParams)}`, `  hash: ${internals.inspect(this.hash)}`);
      return `URL {\n${parts.join(',\n')}\n}`;
    }
  }

  const formEncode = (text) => encode(String(text), (c) => !(c === 0x2a || c === 0x2d || c === 0x2e || c === 0x5f ||
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))).replace(/%20/g, '+');
  const formDecode = (text) => { try { return decodeURIComponent(text.replace(/\+/g, ' ')); } catch (e) { return text.replace(/\+/g, ' '); } };

  // A URLSearchParams' pairs and the URL it belongs to (whose search it rewrites on each change).
  class ParamsState {
    constructor() { this.list = []; this.url = null; }
    parse(text) {
      this.list = [];
      for (const part of text.replace(/^\?/, '').split('&')) {
        if (part === '') continue;
        const index = part.indexOf('=');
        this.list.push(index >= 0 ? [formDecode(part.slice(0, index)), formDecode(part.slice(index + 1))] : [formDecode(part), '']);
      }
    }
    update() {
      if (!this.url) return;
      const text = this.list.map(([k, v]) => formEncode(k) + '=' + formEncode(v)).join('&');
      states.get(this.url).search = text ? '?' + text : '';
    }
  }
  const listOf = (self) => params.get(self).list;

  class URLSearchParams {
    constructor(init = '') {
      const state = new ParamsState();
      params.set(this, state);
      if (typeof init === 'object' && init !== null) {
        if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const entry = [...pair];
            if (entry.length !== 2) { const e = new TypeError('Each query pair must be an iterable [name, value] tuple'); e.code = 'ERR_INVALID_TUPLE'; throw e; }
            state.list.push([String(entry[0]), String(entry[1])]);
          }
        } else {
          for (const key of Object.keys(init)) state.list.push([key, String(init[key])]);
        }
      } else {
        state.parse(String(init));
      }
    }
    get size() { return listOf(this).length; }
    append(name, value) { listOf(this).push([String(name), String(value)]); params.get(this).update(); }
    delete(name, value) {
      const state = params.get(this);
      state.list = state.list.filter(([k, v]) => k !== String(name) || (value !== undefined && v !== String(value)));
      state.update();
    }
    get(name) { const entry = listOf(this).find(([k]) => k === String(name)); return entry ? entry[1] : null; }
    getAll(name) { return listOf(this).filter(([k]) => k === String(name)).map(([, v]) => v); }
    has(name, value) { return listOf(this).some(([k, v]) => k === String(name) && (value === undefined || v === String(value))); }
    set(name, value) {
      const state = params.get(this), key = String(name);
      const index = state.list.findIndex(([k]) => k === key);
      if (index < 0) state.list.push([key, String(value)]);
      else { state.list[index][1] = String(value); state.list = state.list.filter(([k], i) => k !== key || i === index); }
      state.update();
    }
    sort() { listOf(this).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); params.get(this).update(); }
    forEach(callback, thisArg) { for (const [k, v] of listOf(this)) callback.call(thisArg, v, k, this); }
    keys() { return listOf(this).map(([k]) => k)[Symbol.iterator](); }
    values() { return listOf(this).map(([, v]) => v)[Symbol.iterator](); }
    entries() { return listOf(this).map(([k, v]) => [k, v])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return listOf(this).map(([k, v]) => formEncode(k) + '=' + formEncode(v)).join('&'); }
    [Symbol.for('nodejs.util.inspect.custom')]() {
      const list = listOf(this);
      if (list.length === 0) return 'URLSearchParams {}';
      return `URLSearchParams { ${list.map(([k, v]) => `${internals.inspect(k)} => ${internals.inspect(v)}`).join(', ')} }`;
    }
  }
  Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { value: 'URLSearchParams', configurable: true });
  Object.defineProperty(URL.prototype, Symbol.toStringTag, { value: 'URL', configurable: true });


  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  define('URL', URL);
  define('URLSearchParams', URLSearchParams);

  function fileURLToPath(url) {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    if (parsed.protocol !== 'file:') { const e = new TypeError('The URL must be of scheme file'); e.code = 'ERR_INVALID_URL_SCHEME'; throw e; }
    if (parsed.hostname !== '') { const e = new TypeError('File URL host must be "localhost" or empty on linux'); e.code = 'ERR_INVALID_FILE_URL_HOST'; throw e; }
    if (/%2f/i.test(parsed.pathname)) { const e = new TypeError('File URL path must not include encoded / characters'); e.code = 'ERR_INVALID_FILE_URL_PATH'; throw e; }
    return decodeURIComponent(parsed.pathname);
  }
  function pathToFileURL(filepath) {
    let resolved = internals.Module._load('path', null).resolve(String(filepath));
    if (String(filepath).endsWith('/') && !resolved.endsWith('/')) resolved += '/';
    const url = new URL('file://');
    url.pathname = resolved.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/\t/g, '%09');
    return url;
  }

  internals.builtinFactories.set('punycode', () => internals.requireLibrary('punycode', 'node-punycode', 'punycode'));
  internals.builtinFactories.set('url', () => {
    const legacy = internals.requireLibrary('url', 'node-url', 'url');
    return {
      URL, URLSearchParams, fileURLToPath, pathToFileURL,
      parse: legacy.parse, format: (value, options) => (value instanceof URL ? value.href : legacy.format(value, options)),
      resolve: legacy.resolve, resolveObject: legacy.resolveObject, Url: legacy.Url,
      urlToHttpOptions(url) {
        const options = {
          protocol: url.protocol,
          hostname: typeof url.hostname === 'string' && url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
          hash: url.hash, search: url.search, pathname: url.pathname, path: `${url.pathname || ''}${url.search || ''}`, href: url.href,
        };
        if (url.port !== '') options.port = Number(url.port);
        if (url.username || url.password) options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
        return options;
      },
      domainToASCII: (domain) => { try { return new URL('ws://' + domain).hostname; } catch (e) { return ''; } },
      domainToUnicode: (domain) => internals.Module._load('punycode', null).toUnicode(String(domain)),
    };
  });
})

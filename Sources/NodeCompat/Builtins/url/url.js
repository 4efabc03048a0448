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

  const stateKey = Symbol('url');
  class URL {
    constructor(input, base) {
      if (arguments.length === 0) { const e = new TypeError('The "url" argument must be specified'); e.code = 'ERR_MISSING_ARGS'; throw e; }
      const baseState = base === undefined ? undefined : (base instanceof URL ? base[stateKey] : new URL(base)[stateKey]);
      this[stateKey] = parse(String(input), baseState);
      const s = this[stateKey];
      // A lone '?' or '#' stays in href (an empty query or fragment) though search and hash read ''.
      s.hash = s.hash ? '#' + encode(s.hash.slice(1), fragmentSet) : '';
      s.search = s.search ? '?' + encode(s.search.slice(1), s.protocol in special ? specialQuerySet : querySet) : '';
      this._searchParams = new URLSearchParams(s.search);
      this._searchParams._url = this;
    }
    static canParse(input, base) { try { new URL(input, base); return true; } catch (e) { return false; } }
    get href() {
      const s = this[stateKey];
      let out = s.protocol;
      if (s.hostname !== null) {
        out += '//';
        if (s.username || s.password) out += s.username + (s.password ? ':' + s.password : '') + '@';
        out += s.hostname + (s.port ? ':' + s.port : '');
      } else if (!s.opaque && s.pathname.startsWith('//')) out += '/.';
      return out + s.pathname + s.search + s.hash;
    }
    set href(value) { this[stateKey] = new URL(value)[stateKey]; this._searchParams._parse(this[stateKey].search); }
    get origin() {
      const s = this[stateKey];
      if (s.protocol in special && s.protocol !== 'file:') return s.protocol + '//' + s.hostname + (s.port ? ':' + s.port : '');
      if (s.protocol === 'blob:') { try { return new URL(s.pathname).origin; } catch (e) { return 'null'; } }
      return 'null';
    }
    get protocol() { return this[stateKey].protocol; }
    set protocol(value) {
      const scheme = String(value).replace(/:.*$/, '').toLowerCase() + ':';
      if (/^[a-z][a-z0-9+\-.]*:$/.test(scheme) && ((scheme in special) === (this[stateKey].protocol in special))) {
        this[stateKey].protocol = scheme;
        if (special[scheme] === this[stateKey].port) this[stateKey].port = '';
      }
    }
    get username() { return this[stateKey].username; }
    set username(value) { if (this[stateKey].hostname) this[stateKey].username = encode(String(value), userinfoSet); }
    get password() { return this[stateKey].password; }
    set password(value) { if (this[stateKey].hostname) this[stateKey].password = encode(String(value), userinfoSet); }
    get host() { const s = this[stateKey]; return s.hostname === null ? '' : s.hostname + (s.port ? ':' + s.port : ''); }
    set host(value) {
      const parsed = URL.canParse(this.protocol + '//' + value) ? new URL(this.protocol + '//' + value)[stateKey] : null;
      if (parsed) { this[stateKey].hostname = parsed.hostname; this[stateKey].port = parsed.port; }
    }
    get hostname() { return this[stateKey].hostname === null ? '' : this[stateKey].hostname; }
    set hostname(value) {
      if (URL.canParse(this.protocol + '//' + value)) this[stateKey].hostname = new URL(this.protocol + '//' + value)[stateKey].hostname;
    }
    get port() { return this[stateKey].port; }
    set port(value) {
      const text = String(value);
      if (text === '') { this[stateKey].port = ''; return; }
      const digits = /^[0-9]+/.exec(text);
      if (digits && Number(digits[0]) <= 65535) {
        const port = String(Number(digits[0]));
        this[stateKey].port = special[this.protocol] === port ? '' : port;
      }
    }
    get pathname() { return this[stateKey].pathname; }
    set pathname(value) {
      if (this[stateKey].opaque) return;
      const text = String(value);
      this[stateKey].pathname = normalizePath(text.replace(/^\//, '').split('/'), this.protocol in special);
    }
    get search() { return this[stateKey].search === '?' ? '' : this[stateKey].search; }
    set search(value) {
      const text = String(value).replace(/^\?/, '');
      this[stateKey].search = text ? '?' + encode(text, this.protocol in special ? specialQuerySet : querySet) : '';
      this._searchParams._parse(this[stateKey].search);
    }
    get searchParams() { return this._searchParams; }
    get hash() { return this[stateKey].hash === '#' ? '' : this[stateKey].hash; }
    set hash(value) { const text = String(value).replace(/^#/, ''); this[stateKey].hash = text ? '#' + encode(text, fragmentSet) : ''; }
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

  class URLSearchParams {
    constructor(init = '') {
      this._list = [];
      this._url = null;
      if (typeof init === 'object' && init !== null) {
        if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const entry = [...pair];
            if (entry.length !== 2) { const e = new TypeError('Each query pair must be an iterable [name, value] tuple'); e.code = 'ERR_INVALID_TUPLE'; throw e; }
            this._list.push([String(entry[0]), String(entry[1])]);
          }
        } else {
          for (const key of Object.keys(init)) this._list.push([key, String(init[key])]);
        }
      } else {
        this._parse(String(init));
      }
    }
    _parse(text) {
      this._list = [];
      for (const part of text.replace(/^\?/, '').split('&')) {
        if (part === '') continue;
        const index = part.indexOf('=');
        this._list.push(index >= 0 ? [formDecode(part.slice(0, index)), formDecode(part.slice(index + 1))] : [formDecode(part), '']);
      }
    }
    _update() {
      if (this._url) {
        const text = this.toString();
        this._url[stateKey].search = text ? '?' + text : '';
      }
    }
    get size() { return this._list.length; }
    append(name, value) { this._list.push([String(name), String(value)]); this._update(); }
    delete(name, value) {
      this._list = this._list.filter(([k, v]) => k !== String(name) || (value !== undefined && v !== String(value)));
      this._update();
    }
    get(name) { const entry = this._list.find(([k]) => k === String(name)); return entry ? entry[1] : null; }
    getAll(name) { return this._list.filter(([k]) => k === String(name)).map(([, v]) => v); }
    has(name, value) { return this._list.some(([k, v]) => k === String(name) && (value === undefined || v === String(value))); }
    set(name, value) {
      const key = String(name);
      const index = this._list.findIndex(([k]) => k === key);
      if (index < 0) this._list.push([key, String(value)]);
      else { this._list[index][1] = String(value); this._list = this._list.filter(([k], i) => k !== key || i === index); }
      this._update();
    }
    sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update(); }
    forEach(callback, thisArg) { for (const [k, v] of this._list) callback.call(thisArg, v, k, this); }
    keys() { return this._list.map(([k]) => k)[Symbol.iterator](); }
    values() { return this._list.map(([, v]) => v)[Symbol.iterator](); }
    entries() { return this._list.map(([k, v]) => [k, v])[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return this._list.map(([k, v]) => formEncode(k) + '=' + formEncode(v)).join('&'); }
    [Symbol.for('nodejs.util.inspect.custom')]() {
      if (this._list.length === 0) return 'URLSearchParams {}';
      return `URLSearchParams { ${this._list.map(([k, v]) => `${internals.inspect(k)} => ${internals.inspect(v)}`).join(', ')} }`;
    }
  }

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
      domainToASCII: (domain) => { try { return new URL('ws://' + domain).hostname; } catch (e) { return ''; } },
      domainToUnicode: (domain) => internals.Module._load('punycode', null).toUnicode(String(domain)),
    };
  });
})

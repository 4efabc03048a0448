// The `fetch` global with `Headers`, `Request` and `Response`, over the `http`/`https` clients: redirects followed
// (up to 20) unless `redirect` says otherwise, bodies from strings, Buffers, typed arrays, URLSearchParams or JSON
// text, `AbortSignal` honoured. Response bodies are read with text(), json(), arrayBuffer() or blob()-like bytes.
(function (internals) {
  'use strict';
  const load = (name) => internals.Module._load(name, null);
  const typeError = (message) => new TypeError(message);

  class Headers {
    constructor(init) {
      this._map = new Map();
      if (init instanceof Headers) init.forEach((value, name) => this.append(name, value));
      else if (Array.isArray(init)) for (const [name, value] of init) this.append(name, value);
      else if (init && typeof init === 'object') for (const name of Object.keys(init)) this.append(name, init[name]);
    }
    append(name, value) {
      const key = String(name).toLowerCase();
      const text = String(value).trim();
      this._map.set(key, this._map.has(key) ? `${this._map.get(key)}, ${text}` : text);
    }
    set(name, value) { this._map.set(String(name).toLowerCase(), String(value).trim()); }
    get(name) { const v = this._map.get(String(name).toLowerCase()); return v === undefined ? null : v; }
    has(name) { return this._map.has(String(name).toLowerCase()); }
    delete(name) { this._map.delete(String(name).toLowerCase()); }
    forEach(callback, thisArg) { for (const [k, v] of this.entries()) callback.call(thisArg, v, k, this); }
    *entries() { for (const key of [...this._map.keys()].sort()) yield [key, this._map.get(key)]; }
    *keys() { for (const [k] of this.entries()) yield k; }
    *values() { for (const [, v] of this.entries()) yield v; }
    [Symbol.iterator]() { return this.entries(); }
    getSetCookie() { return this._map.has('set-cookie') ? this._map.get('set-cookie').split(', ') : []; }
  }

  function bodyBytes(body, headers) {
    const { Buffer } = load('buffer');
    if (body === undefined || body === null) return null;
    if (typeof body === 'string') { if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8'); return Buffer.from(body); }
    if (body instanceof URLSearchParams) { if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8'); return Buffer.from(body.toString()); }
    if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (body instanceof ArrayBuffer) return Buffer.from(body);
    return Buffer.from(String(body));
  }

  class Body {
    _initBody(bytes) { this._bytes = bytes; this.bodyUsed = false; }
    async _consume() {
      if (this.bodyUsed) throw typeError('Body is unusable: Body has already been read');
      this.bodyUsed = true;
      return this._bytes || load('buffer').Buffer.alloc(0);
    }
    async text() { return (await this._consume()).toString('utf8'); }
    async json() { return JSON.parse(await this.text()); }
    async arrayBuffer() { const b = await this._consume(); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }
    async blob() { const b = await this._consume(); return { size: b.length, type: this.headers.get('content-type') || '', arrayBuffer: async () => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength), text: async () => b.toString() }; }
  }

  class Request extends Body {
    constructor(input, init = {}) {
      super();
      const source = input instanceof Request ? input : null;
      this.url = source ? source.url : new URL(String(input)).href;
      this.method = String(init.method || (source && source.method) || 'GET').toUpperCase();
      this.headers = new Headers(init.headers || (source && source.headers));
      this.redirect = init.redirect || (source && source.redirect) || 'follow';
      this.signal = init.signal || (source && source.signal) || null;
      const bytes = init.body !== undefined ? bodyBytes(init.body, this.headers) : source ? source._bytes : null;
      if (bytes && (this.method === 'GET' || this.method === 'HEAD')) throw typeError('Request with GET/HEAD method cannot have body.');
      this._initBody(bytes);
    }
    clone() { return new Request(this, { body: this._bytes }); }
  }

  class Response extends Body {
    constructor(body, init = {}) {
      super();
      this.headers = new Headers(init.headers);
      this._initBody(bodyBytes(body, this.headers));
      this.status = init.status === undefined ? 200 : init.status;
      this.statusText = init.statusText || '';
      this.ok = this.status >= 200 && this.status < 300;
      this.url = init.url || '';
      this.redirected = Boolean(init.redirected);
      this.type = 'basic';
    }
    clone() { return new Response(this._bytes, this); }
    static json(data, init = {}) { const headers = new Headers(init.headers); headers.set('content-type', 'application/json'); return new Response(JSON.stringify(data), { ...init, headers }); }
    static error() { const r = new Response(null, { status: 0 }); r.type = 'error'; return r; }
    static redirect(url, status = 302) { return new Response(null, { status, headers: { location: String(url) } }); }
  }

  function fetch(input, init) {
    return new Promise((resolve, reject) => {
      let request;
      try { request = new Request(input, init); } catch (e) { reject(e); return; }
      const send = (url, method, bytes, redirects) => {
        const parsed = new URL(url);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') { reject(typeError(`fetch failed: unsupported protocol ${parsed.protocol}`)); return; }
        if (request.signal && request.signal.aborted) { reject(internals.abortError(request.signal)); return; }
        const headers = {};
        request.headers.forEach((value, name) => { headers[name] = value; });
        if (!request.headers.has('accept')) headers.accept = '*/*';
        if (!request.headers.has('user-agent')) headers['user-agent'] = 'jshost';
        const req = load(parsed.protocol.slice(0, -1)).request(parsed, { method, headers, signal: request.signal || undefined }, (res) => {
          const location = res.headers.location;
          if ([301, 302, 303, 307, 308].includes(res.statusCode) && location && request.redirect !== 'manual') {
            res.resume();
            if (request.redirect === 'error') { reject(typeError('fetch failed: redirect mode is set to error')); return; }
            if (redirects >= 20) { reject(typeError('fetch failed: redirect count exceeded')); return; }
            const next = new URL(location, url).href;
            const keepBody = res.statusCode === 307 || res.statusCode === 308;
            send(next, keepBody ? method : (method === 'HEAD' ? 'HEAD' : 'GET'), keepBody ? bytes : null, redirects + 1);
            return;
          }
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('error', (err) => reject(typeError(`fetch failed: ${err.message}`)));
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
            const response = new Response(null, { status: res.statusCode, statusText: res.statusMessage, headers: responseHeaders, url, redirected: redirects > 0 });
            response._initBody(load('buffer').Buffer.concat(chunks));
            resolve(response);
          });
        });
        req.on('error', (err) => {
          if (err && err.name === 'AbortError') { reject(err); return; }
          const failure = typeError('fetch failed');
          failure.cause = err;
          reject(failure);
        });
        if (bytes) req.write(bytes);
        req.end();
      };
      send(request.url, request.method, request._bytes, 0);
    });
  }

  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  define('fetch', fetch);
  define('Headers', Headers);
  define('Request', Request);
  define('Response', Response);
})

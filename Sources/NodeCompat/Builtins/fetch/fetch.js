// The `fetch` global with `Headers`, `Request`, `Response` and `FormData`, over the `http`/`https` clients, as
// Node's (undici's) behave: the promise settles when the response's head arrives and `body` is a ReadableStream
// of what follows; bodies from strings, bytes, URLSearchParams, Blobs, FormData (multipart) and streams; redirects
// followed (up to 20) unless `redirect` says otherwise; `AbortSignal` honoured.
(function (internals) {
  'use strict';
  const load = (name) => internals.Module._load(name, null);
  const Buffer = () => load('buffer').Buffer;
  const typeError = (message) => new TypeError(message);
  const inspect = Symbol.for('nodejs.util.inspect.custom');

  const headerMaps = new WeakMap();   // Headers → Map(lower-case name → [values])
  class Headers {
    constructor(init) {
      headerMaps.set(this, new Map());
      if (init === undefined || init === null) return;
      if (init instanceof Headers) { for (const [name, value] of init) this.append(name, value); return; }
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const entry = [...pair];
          if (entry.length !== 2) throw typeError('Headers constructor: expected name/value pair to be length 2, found ' + entry.length + '.');
          this.append(entry[0], entry[1]);
        }
        return;
      }
      if (typeof init === 'object') { for (const name of Object.keys(init)) this.append(name, init[name]); return; }
      throw typeError("Headers constructor: The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
    }
    append(name, value) {
      const key = String(name).toLowerCase();
      if (!/^[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(key)) throw typeError(`Headers.append: "${name}" is an invalid header name.`);
      const map = headerMaps.get(this);
      const list = map.get(key) || [];
      list.push(String(value).trim());
      map.set(key, list);
    }
    set(name, value) { headerMaps.get(this).delete(String(name).toLowerCase()); this.append(name, value); }
    get(name) {
      const list = headerMaps.get(this).get(String(name).toLowerCase());
      return list === undefined ? null : list.join(', ');
    }
    has(name) { return headerMaps.get(this).has(String(name).toLowerCase()); }
    delete(name) { headerMaps.get(this).delete(String(name).toLowerCase()); }
    getSetCookie() { return (headerMaps.get(this).get('set-cookie') || []).slice(); }
    forEach(callback, thisArg) { for (const [k, v] of this) callback.call(thisArg, v, k, this); }
    *entries() {
      const map = headerMaps.get(this);
      for (const key of [...map.keys()].sort()) {
        if (key === 'set-cookie') for (const cookie of map.get(key)) yield [key, cookie];
        else yield [key, map.get(key).join(', ')];
      }
    }
    *keys() { for (const [k] of this.entries()) yield k; }
    *values() { for (const [, v] of this.entries()) yield v; }
    [Symbol.iterator]() { return this.entries(); }
    [inspect](depth, options) { return `Headers ${internals.inspect(Object.fromEntries(this.entries()), options)}`; }
  }
  Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: 'Headers', configurable: true });

  const forms = new WeakMap();   // FormData → [[name, string | File]]
  class FormData {
    constructor(form) {
      if (form !== undefined) throw typeError("FormData constructor: Argument 1 is not of type 'HTMLFormElement'.");
      forms.set(this, []);
    }
    static entryValue(value, filename) {
      if (value instanceof Blob) {
        const name = filename !== undefined ? String(filename) : value instanceof File ? value.name : 'blob';
        return value instanceof File && filename === undefined ? value : new File([value], name, { type: value.type });
      }
      return String(value);
    }
    append(name, value, filename) { forms.get(this).push([String(name), FormData.entryValue(value, filename)]); }
    set(name, value, filename) {
      const list = forms.get(this), key = String(name), entry = [key, FormData.entryValue(value, filename)];
      const index = list.findIndex(([n]) => n === key);
      if (index < 0) { list.push(entry); return; }
      list[index] = entry;
      forms.set(this, list.filter(([n], i) => n !== key || i === index));
    }
    get(name) { const entry = forms.get(this).find(([n]) => n === String(name)); return entry ? entry[1] : null; }
    getAll(name) { return forms.get(this).filter(([n]) => n === String(name)).map(([, v]) => v); }
    has(name) { return forms.get(this).some(([n]) => n === String(name)); }
    delete(name) { forms.set(this, forms.get(this).filter(([n]) => n !== String(name))); }
    *entries() { for (const [n, v] of forms.get(this)) yield [n, v]; }
    *keys() { for (const [n] of this.entries()) yield n; }
    *values() { for (const [, v] of this.entries()) yield v; }
    forEach(callback, thisArg) { for (const [n, v] of this) callback.call(thisArg, v, n, this); }
    [Symbol.iterator]() { return this.entries(); }
  }
  Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: 'FormData', configurable: true });

  // multipart/form-data as undici writes it.
  const newBoundary = () => `----formdata-undici-0${String(Math.random()).slice(2, 13).padStart(11, '0')}`;
  async function multipart(form, boundary) {
    const escape = (text) => text.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
    const parts = [];
    for (const [name, value] of form) {
      if (typeof value === 'string') {
        parts.push(Buffer().from(`--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${value.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n')}\r\n`));
      } else {
        parts.push(Buffer().from(`--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"; filename="${escape(value.name)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`));
        parts.push(Buffer().from(await value.arrayBuffer()), Buffer().from('\r\n'));
      }
    }
    parts.push(Buffer().from(`--${boundary}--\r\n`));
    return Buffer().concat(parts);
  }

  // A body as what can be sent: bytes (with the content type it implies) or a stream of chunks.
  async function extract(body, headers) {
    if (body === undefined || body === null) return null;
    const type = (value) => { if (!headers.has('content-type') && value) headers.set('content-type', value); };
    if (typeof body === 'string') { type('text/plain;charset=UTF-8'); return Buffer().from(body); }
    if (body instanceof URLSearchParams) { type('application/x-www-form-urlencoded;charset=UTF-8'); return Buffer().from(body.toString()); }
    if (ArrayBuffer.isView(body)) return Buffer().from(body.buffer, body.byteOffset, body.byteLength);
    if (body instanceof ArrayBuffer) return Buffer().from(body);
    if (body instanceof Blob) { type(body.type); return Buffer().from(await body.arrayBuffer()); }
    if (body instanceof FormData) {
      // The type, with its boundary, is set before the first await: the caller sees it on the headers at once.
      const boundary = newBoundary();
      type(`multipart/form-data; boundary=${boundary}`);
      return multipart(body, boundary);
    }
    if (typeof body.getReader === 'function' || typeof body[Symbol.asyncIterator] === 'function') {
      const chunks = [];
      for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer().from(chunk) : Buffer().from(chunk));
      return Buffer().concat(chunks);
    }
    type('text/plain;charset=UTF-8');
    return Buffer().from(String(body));
  }

  // A body's state: its bytes (known now, or later from `pending`), or a stream of them, and whether it was read.
  const bodies = new WeakMap();
  const bodyOf = (message) => bodies.get(message);
  function streamOf(state) {
    if (state.stream) return state.stream;
    if (state.bytes === null && !state.pending) return null;
    const { ReadableStream } = load('stream/web');
    const source = state;
    state.stream = new ReadableStream({
      async pull(controller) {
        const bytes = source.bytes !== null ? source.bytes : await source.pending;
        if (bytes && bytes.length) controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        controller.close();
      },
    });
    return state.stream;
  }
  async function consume(message) {
    const state = bodyOf(message);
    if (state.used || (state.stream && (state.stream.locked || state.stream._disturbed))) throw typeError('Body is unusable: Body has already been read');
    state.used = true;
    if (state.stream) {
      const chunks = [];
      for await (const chunk of state.stream) chunks.push(Buffer().from(chunk));
      return Buffer().concat(chunks);
    }
    const bytes = state.bytes !== null ? state.bytes : state.pending ? await state.pending : null;
    return bytes || Buffer().alloc(0);
  }
  async function parseForm(message) {
    const type = message.headers.get('content-type') || '';
    const text = (await consume(message)).toString('latin1');
    const form = new FormData();
    if (/^application\/x-www-form-urlencoded/i.test(type)) {
      for (const [name, value] of new URLSearchParams(Buffer().from(text, 'latin1').toString('utf8'))) form.append(name, value);
      return form;
    }
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
    if (!/^multipart\/form-data/i.test(type) || !boundary) throw typeError('Response.formData: Could not parse content as FormData.');
    for (const part of text.split(`--${boundary[1] || boundary[2]}`).slice(1, -1)) {
      const split = part.indexOf('\r\n\r\n');
      const head = part.slice(2, split), content = part.slice(split + 4, -2);
      const name = /name="([^"]*)"/i.exec(head), filename = /filename="([^"]*)"/i.exec(head), contentType = /content-type:\s*([^\r\n]+)/i.exec(head);
      if (!name) continue;
      if (filename) form.append(name[1], new File([Buffer().from(content, 'latin1')], filename[1], { type: contentType ? contentType[1] : '' }));
      else form.append(name[1], Buffer().from(content, 'latin1').toString('utf8'));
    }
    return form;
  }
  const BodyMethods = {
    get body() { return streamOf(bodyOf(this)); },
    // Read whole, or its stream read from (disturbed, in the streams standard's words).
    get bodyUsed() { const state = bodyOf(this); return state.used || Boolean(state.stream && (state.stream.locked || state.stream._disturbed)); },
    async text() { return (await consume(this)).toString('utf8'); },
    async json() { return JSON.parse((await consume(this)).toString('utf8')); },
    async arrayBuffer() { const b = await consume(this); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); },
    async bytes() { return new Uint8Array(await this.arrayBuffer()); },
    async blob() { const b = await consume(this); return new Blob([b], { type: this.headers.get('content-type') || '' }); },
    formData() { return parseForm(this); },
  };
  const mixBody = (prototype) => {
    for (const name of Object.getOwnPropertyNames(BodyMethods)) Object.defineProperty(prototype, name, Object.getOwnPropertyDescriptor(BodyMethods, name));
  };

  const requests = new WeakMap();
  class Request {
    constructor(input, init = {}) {
      const source = input instanceof Request ? input : null;
      const state = source ? { ...requests.get(source) } : { url: new URL(String(input)).href };
      if (!source && /^[^:]+:\/\/[^/]*@/.test(String(input))) throw typeError(`Request cannot be constructed from a URL that includes credentials: ${input}`);
      state.method = String(init.method || state.method || 'GET').toUpperCase();
      state.headers = new Headers(init.headers || (source ? source.headers : undefined));
      for (const [name, fallback] of [['redirect', 'follow'], ['mode', 'cors'], ['credentials', 'same-origin'], ['cache', 'default'],
        ['referrer', 'about:client'], ['referrerPolicy', ''], ['integrity', ''], ['keepalive', false], ['duplex', 'half']]) {
        state[name] = init[name] !== undefined ? init[name] : state[name] !== undefined ? state[name] : fallback;
      }
      state.signal = init.signal || (source && source.signal) || new AbortController().signal;
      requests.set(this, state);
      const body = init.body !== undefined ? init.body : undefined;
      if (body !== undefined && body !== null && (state.method === 'GET' || state.method === 'HEAD')) throw typeError('Request with GET/HEAD method cannot have body.');
      if (body === undefined && source) {
        bodies.set(this, { ...bodyOf(source), stream: null });
      } else if (body === undefined || body === null) {
        bodies.set(this, { bytes: null, pending: null, stream: null, used: false });
      } else if (typeof body === 'string' || ArrayBuffer.isView(body) || body instanceof ArrayBuffer || body instanceof URLSearchParams) {
        // Known at once: the content type is set before the caller can read the headers.
        bodies.set(this, { bytes: syncBytes(body, state.headers), pending: null, stream: null, used: false });
      } else {
        const state2 = { bytes: null, pending: extract(body, state.headers), stream: null, used: false };
        state2.pending.then((b) => { state2.bytes = b; state2.pending = null; }, () => {});
        bodies.set(this, state2);
      }
    }
    get method() { return requests.get(this).method; }
    get url() { return requests.get(this).url; }
    get headers() { return requests.get(this).headers; }
    get destination() { return ''; }
    get referrer() { return requests.get(this).referrer; }
    get referrerPolicy() { return requests.get(this).referrerPolicy; }
    get mode() { return requests.get(this).mode; }
    get credentials() { return requests.get(this).credentials; }
    get cache() { return requests.get(this).cache; }
    get redirect() { return requests.get(this).redirect; }
    get integrity() { return requests.get(this).integrity; }
    get keepalive() { return requests.get(this).keepalive; }
    get isReloadNavigation() { return false; }
    get isHistoryNavigation() { return false; }
    get signal() { return requests.get(this).signal; }
    get duplex() { return requests.get(this).duplex; }
    clone() {
      if (this.bodyUsed) throw typeError('Request.clone: Body has already been consumed.');
      return new Request(this);
    }
    [inspect](depth, options) { return `Request ${internals.inspect({ method: this.method, url: this.url, headers: this.headers }, options)}`; }
  }
  mixBody(Request.prototype);
  Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: 'Request', configurable: true });
  function syncBytes(body, headers) {
    if (typeof body === 'string') { if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8'); return Buffer().from(body); }
    if (body instanceof URLSearchParams) { if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8'); return Buffer().from(body.toString()); }
    if (ArrayBuffer.isView(body)) return Buffer().from(body.buffer, body.byteOffset, body.byteLength);
    return Buffer().from(body);
  }

  const responses = new WeakMap();
  class Response {
    constructor(body = null, init = {}) {
      const status = init.status === undefined ? 200 : init.status;
      if (!Number.isInteger(status) || status < 200 || status > 599) {
        const e = new RangeError(`init["status"] must be in the range of 200 to 599, inclusive.`);
        if (status !== 0 || !init.internal) throw e;
      }
      const headers = new Headers(init.headers);
      responses.set(this, { status, statusText: init.statusText === undefined ? '' : String(init.statusText), headers,
        url: init.url || '', redirected: Boolean(init.redirected), type: init.type || 'default' });
      if (body === null || body === undefined) bodies.set(this, { bytes: null, pending: null, stream: null, used: false });
      else if (typeof body === 'string' || ArrayBuffer.isView(body) || body instanceof ArrayBuffer || body instanceof URLSearchParams) {
        bodies.set(this, { bytes: syncBytes(body, headers), pending: null, stream: null, used: false });
      } else if (typeof body.getReader === 'function') {
        bodies.set(this, { bytes: null, pending: null, stream: body, used: false });
      } else {
        const state = { bytes: null, pending: extract(body, headers), stream: null, used: false };
        state.pending.then((b) => { state.bytes = b; state.pending = null; }, () => {});
        bodies.set(this, state);
      }
    }
    get type() { return responses.get(this).type; }
    get url() { return responses.get(this).url; }
    get redirected() { return responses.get(this).redirected; }
    get status() { return responses.get(this).status; }
    get ok() { const s = responses.get(this).status; return s >= 200 && s <= 299; }
    get statusText() { return responses.get(this).statusText; }
    get headers() { return responses.get(this).headers; }
    clone() {
      if (this.bodyUsed) throw typeError('Response.clone: Body has already been consumed.');
      const state = bodyOf(this);
      let body = null;
      if (state.stream) { const [a, b] = state.stream.tee(); state.stream = a; body = b; } else body = state.bytes;
      const r = responses.get(this);
      const copy = new Response(null, { status: r.status, statusText: r.statusText, headers: r.headers, url: r.url, redirected: r.redirected, type: r.type, internal: true });
      bodies.set(copy, { bytes: state.stream ? null : state.bytes, pending: state.pending, stream: state.stream ? body : null, used: false });
      return copy;
    }
    static json(data, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(JSON.stringify(data), { ...init, headers });
    }
    static error() { return new Response(null, { status: 0, type: 'error', internal: true }); }
    static redirect(url, status = 302) {
      if (![301, 302, 303, 307, 308].includes(status)) throw new RangeError(`Invalid status code ${status}`);
      return new Response(null, { status, headers: { location: new URL(String(url)).href } });
    }
    [inspect](depth, options) {
      return `Response ${internals.inspect({ status: this.status, statusText: this.statusText, headers: this.headers, body: this.body, bodyUsed: this.bodyUsed, ok: this.ok, redirected: this.redirected, type: this.type, url: this.url }, options)}`;
    }
  }
  mixBody(Response.prototype);
  Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: 'Response', configurable: true });

  function fetch(input, init) {
    return new Promise((resolve, reject) => {
      let request;
      try { request = new Request(input, init); } catch (e) { reject(e); return; }
      const signal = request.signal;
      const send = async (url, method, redirects) => {
        const parsed = new URL(url);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') { reject(typeError(`fetch failed: unsupported protocol ${parsed.protocol}`)); return; }
        if (signal.aborted) { reject(internals.abortError(signal)); return; }
        // The request's body, read whole (it is sent again on a 307 or 308).
        let bytes = null;
        if (method !== 'GET' && method !== 'HEAD') {
          const state = bodyOf(request);
          try {
            if (state.bytes === null && state.pending) state.bytes = await state.pending;
            else if (state.bytes === null && state.stream) {
              const chunks = [];
              for await (const chunk of state.stream) chunks.push(Buffer().from(chunk));
              state.bytes = Buffer().concat(chunks);
              state.stream = null;
            }
          } catch (e) { reject(e); return; }
          bytes = state.bytes;
        }
        const headers = {};
        request.headers.forEach((value, name) => { headers[name] = value; });
        if (!request.headers.has('accept')) headers.accept = '*/*';
        if (!request.headers.has('user-agent')) headers['user-agent'] = 'jshost';
        const req = load(parsed.protocol.slice(0, -1)).request(parsed, { method, headers, signal }, (res) => {
          const location = res.headers.location;
          if ([301, 302, 303, 307, 308].includes(res.statusCode) && location && request.redirect !== 'manual') {
            res.resume();
            if (request.redirect === 'error') { reject(typeError('fetch failed: redirect mode is set to error')); return; }
            if (redirects >= 20) { reject(typeError('fetch failed: redirect count exceeded')); return; }
            const next = new URL(location, url).href;
            const keepBody = res.statusCode === 307 || res.statusCode === 308;
            if (!keepBody) bodies.set(request, { bytes: null, pending: null, stream: null, used: false });
            send(next, keepBody ? method : (method === 'HEAD' ? 'HEAD' : 'GET'), redirects + 1);
            return;
          }
          const responseHeaders = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
          const response = new Response(null, { status: res.statusCode, statusText: res.statusMessage, headers: responseHeaders, url,
            redirected: redirects > 0, type: 'basic', internal: true });
          // The body streams as it arrives; nothing reads it until the caller does.
          const nullBody = method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304;
          if (nullBody) res.resume();
          else bodies.set(response, { bytes: null, pending: null, stream: load('stream').Readable.toWeb(res), used: false });
          resolve(response);
        });
        req.on('error', (err) => {
          if (err && err.name === 'AbortError') { reject(err); return; }
          const failure = typeError('fetch failed');
          failure.cause = err;
          reject(failure);
        });
        if (bytes && bytes.length) req.write(bytes);
        req.end();
      };
      send(request.url, request.method, 0);
    });
  }

  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  define('fetch', fetch);
  define('Headers', Headers);
  define('Request', Request);
  define('Response', Response);
  define('FormData', FormData);
})

// The `querystring` builtin.
(function (internals) {
  'use strict';
  const factories = internals.builtinFactories;
  // querystring
  const unreserved = /[A-Za-z0-9\-_.!~*'()]/;
  function qsEscape(text) {
    let out = '';
    for (const ch of String(text)) {
      if (unreserved.test(ch)) out += ch;
      else out += encodeURIComponent(ch).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
    }
    return out;
  }
  function qsUnescape(text) {
    try { return decodeURIComponent(text); } catch (e) {
      return text.replace(/%([0-9a-fA-F]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
    }
  }
  function stringifyPrimitive(v) {
    if (typeof v === 'string') return v;
    if ((typeof v === 'number' && isFinite(v)) || typeof v === 'bigint') return String(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return '';
  }
  const querystring = {
    escape: qsEscape,
    unescape: qsUnescape,
    stringify(obj, sep = '&', eq = '=', options) {
      const encode = (options && options.encodeURIComponent) || querystring.escape;
      if (obj === null || typeof obj !== 'object') return '';
      return Object.keys(obj).map((key) => {
        const value = obj[key];
        const k = encode(stringifyPrimitive(key)) + eq;
        if (Array.isArray(value)) return value.map((v) => k + encode(stringifyPrimitive(v))).join(sep);
        return k + encode(stringifyPrimitive(value));
      }).filter((part) => part.length).join(sep);
    },
    parse(text, sep = '&', eq = '=', options) {
      const result = Object.create(null);
      if (typeof text !== 'string' || text.length === 0) return result;
      const decode = (options && options.decodeURIComponent) || querystring.unescape;
      const max = options && typeof options.maxKeys === 'number' ? options.maxKeys : 1000;
      let parts = text.split(sep);
      if (max > 0) parts = parts.slice(0, max);
      for (const part of parts) {
        if (part === '') continue;
        const index = part.indexOf(eq);
        const rawKey = index >= 0 ? part.slice(0, index) : part;
        const rawValue = index >= 0 ? part.slice(index + eq.length) : '';
        const key = decode(rawKey.replace(/\+/g, ' '));
        const value = decode(rawValue.replace(/\+/g, ' '));
        if (!(key in result)) result[key] = value;
        else if (Array.isArray(result[key])) result[key].push(value);
        else result[key] = [result[key], value];
      }
      return result;
    },
  };
  // Percent-decoding to bytes (invalid escapes stay as they are); '+' becomes a space only when asked.
  querystring.unescapeBuffer = function unescapeBuffer(text, decodeSpaces) {
    const { Buffer } = internals.Module._load('buffer', null);
    const input = Buffer.from(String(text));
    const out = Buffer.allocUnsafe(input.length);
    const hex = (c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);
    let length = 0;
    for (let i = 0; i < input.length; i++) {
      const c = input[i];
      if (c === 43 && decodeSpaces) { out[length++] = 32; continue; }
      if (c === 37 && i + 2 < input.length && hex(input[i + 1]) >= 0 && hex(input[i + 2]) >= 0) {
        out[length++] = hex(input[i + 1]) * 16 + hex(input[i + 2]);
        i += 2;
        continue;
      }
      out[length++] = c;
    }
    return out.subarray(0, length);
  };
  querystring.decode = querystring.parse;
  querystring.encode = querystring.stringify;
  factories.set('querystring', () => querystring);
})

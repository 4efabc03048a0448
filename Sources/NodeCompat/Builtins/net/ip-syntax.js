// IP address syntax, for net (loaded on first use) and tls; `internals.ipSyntax`.
(function (internals) {
  'use strict';
  // IP address syntax, for net (deferred) and tls.
  const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  function isIPv6(text) {
    const s = String(text).replace(/%.*$/, '');
    if (!/^[0-9a-fA-F:.]+$/.test(s) || (s.match(/::/g) || []).length > 1) return false;
    let parts = s.split(':');
    if (parts.length > 0 && ipv4.test(parts[parts.length - 1])) parts = parts.slice(0, -1).concat(['0', '0']);
    if (s.includes('::')) return parts.length <= 8 && parts.every((p, i) => p === '' ? true : /^[0-9a-fA-F]{1,4}$/.test(p));
    return parts.length === 8 && parts.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p));
  }
  internals.ipSyntax = {
    isIPv4: (text) => ipv4.test(String(text)),
    isIPv6,
    isIP: (text) => (ipv4.test(String(text)) ? 4 : isIPv6(text) ? 6 : 0),
  };
})

// `internals.randomUUID()`: RFC 4122 version 4 ids from the system's random source, drawn 4 KiB at a time
// (one call to Swift per 256 ids instead of one per id).
(function (host, internals) {
  'use strict';
  let pool = '';
  let offset = 0;
  const variant = '89ab';
  internals.randomUUID = function randomUUID() {
    if (offset + 32 > pool.length) { pool = host.randomHex(4096); offset = 0; }
    const h = pool.slice(offset, offset + 32);
    offset += 32;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
})

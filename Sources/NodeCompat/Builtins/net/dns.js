// The `dns` and `dns/promises` builtins: `lookup` as Node's (getaddrinfo, off the JS thread), and the `resolve*`
// family as Node's c-ares answers it: DNS queries this file writes and reads, exchanged with the system's
// nameservers (or those given to `setServers`) by DNSExchange, every record type Node reports.
(function (host, internals) {
  'use strict';
  const { isIP, isIPv4, isIPv6 } = internals.ipSyntax;
  const Buffer = () => internals.Module._load('buffer', null).Buffer;

  function invalidArgument(name, value, expected = 'of type function') {
    const e = new TypeError(`The "${name}" argument must be ${expected}. ${internals.received(value)}`);
    e.code = 'ERR_INVALID_ARG_TYPE';
    return e;
  }

  // lookup(hostname, [family | options], callback(err, address, family) | callback(err, [{ address, family }]))
  function lookup(hostname, options, callback) {
    if (typeof options === 'function') { callback = options; options = {}; }
    if (typeof callback !== 'function') throw invalidArgument('callback', callback);
    if (typeof options === 'number') options = { family: options };
    options = options || {};
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family) || 0;
    const all = Boolean(options.all);
    const name = String(hostname);
    const known = isIP(name);
    if (known) {
      process.nextTick(() => (all ? callback(null, [{ address: name, family: known }]) : callback(null, name, known)));
      return {};
    }
    const id = internals.ioRegister((kind, text) => {
      internals.ioForget(id);
      if (kind === 'error') { callback(internals.socketError(text)); return; }
      const found = text.split('\n').map((line) => { const [address, f] = line.split(' '); return { address, family: Number(f) }; });
      if (all) callback(null, found); else callback(null, found[0].address, found[0].family);
    });
    try {
      host.dnsLookup(id, name, family);
    } catch (error) {
      internals.ioForget(id);
      process.nextTick(() => callback(error));
    }
    return {};
  }

  function lookupService(address, port, callback) {
    if (typeof callback !== 'function') throw invalidArgument('callback', callback);
    if (!isIP(String(address))) {
      const e = new TypeError(`The argument 'address' is invalid. Received ${internals.inspect(address)}`);
      e.code = 'ERR_INVALID_ARG_VALUE';
      throw e;
    }
    let result, error = null;
    try { result = host.dnsLookupService(String(address), Number(port)); } catch (e) {
      error = e;
      Object.assign(e, { syscall: 'getnameinfo' });
    }
    process.nextTick(() => (error ? callback(error) : callback(null, result[0], result[1])));
  }

  // ---- the wire format ----
  const types = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35, CAA: 257, ANY: 255 };
  const typeNames = Object.fromEntries(Object.entries(types).map(([name, code]) => [code, name]));
  function query(name, type) {
    const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
    const bytes = [Math.floor(Math.random() * 256), Math.floor(Math.random() * 256), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
    for (const label of labels) {
      const encoded = Buffer().from(label);
      bytes.push(encoded.length, ...encoded);
    }
    bytes.push(0, type >> 8, type & 0xff, 0, 1);
    return new Uint8Array(bytes);
  }
  function parse(answer) {
    const view = Buffer().from(answer.buffer, answer.byteOffset, answer.byteLength);
    let offset = 12;
    const readName = (at) => {
      const labels = [];
      let position = at, jumped = false, end = at;
      for (let hops = 0; hops < 64; hops++) {
        const length = view[position];
        if (length === 0) { if (!jumped) end = position + 1; break; }
        if ((length & 0xc0) === 0xc0) {
          if (!jumped) end = position + 2;
          position = ((length & 0x3f) << 8) | view[position + 1];
          jumped = true;
          continue;
        }
        labels.push(view.toString('latin1', position + 1, position + 1 + length));
        position += length + 1;
      }
      return [labels.join('.'), end];
    };
    const rcode = view[3] & 0x0f;
    const questions = view.readUInt16BE(4), answers = view.readUInt16BE(6);
    for (let i = 0; i < questions; i++) offset = readName(offset)[1] + 4;
    const records = [];
    for (let i = 0; i < answers; i++) {
      const [, afterName] = readName(offset);
      const type = view.readUInt16BE(afterName), ttl = view.readUInt32BE(afterName + 4), length = view.readUInt16BE(afterName + 8);
      const start = afterName + 10;
      records.push({ type, ttl, start, length, data: view.subarray(start, start + length) });
      offset = start + length;
    }
    return { rcode, records, readName, view };
  }
  function decode(record, parsed) {
    const { view, readName } = parsed;
    const at = record.start;
    switch (record.type) {
      case 1: return { address: [...record.data].join('.') };
      case 28: {
        const groups = [];
        for (let i = 0; i < 16; i += 2) groups.push(view.readUInt16BE(at + i).toString(16));
        return { address: compressIPv6(groups) };
      }
      case 2: case 5: case 12: return { value: readName(at)[0] };
      case 15: return { priority: view.readUInt16BE(at), exchange: readName(at + 2)[0] };
      case 16: {
        const entries = [];
        for (let i = 0; i < record.length;) { const length = view[at + i]; entries.push(view.toString('utf8', at + i + 1, at + i + 1 + length)); i += length + 1; }
        return { entries };
      }
      case 33: return { priority: view.readUInt16BE(at), weight: view.readUInt16BE(at + 2), port: view.readUInt16BE(at + 4), name: readName(at + 6)[0] };
      case 6: {
        const [nsname, afterNs] = readName(at);
        const [hostmaster, afterHost] = readName(afterNs);
        return { nsname, hostmaster, serial: view.readUInt32BE(afterHost), refresh: view.readUInt32BE(afterHost + 4),
          retry: view.readUInt32BE(afterHost + 8), expire: view.readUInt32BE(afterHost + 12), minttl: view.readUInt32BE(afterHost + 16) };
      }
      case 35: {
        let position = at + 4;
        const text = () => { const length = view[position]; const value = view.toString('utf8', position + 1, position + 1 + length); position += length + 1; return value; };
        const order = view.readUInt16BE(at), preference = view.readUInt16BE(at + 2);
        const flags = text(), service = text(), regexp = text();
        return { flags, service, regexp, replacement: readName(position)[0], order, preference };
      }
      case 257: {
        const critical = view[at], tagLength = view[at + 1];
        const tag = view.toString('latin1', at + 2, at + 2 + tagLength);
        return { critical, [tag]: view.toString('utf8', at + 2 + tagLength, at + record.length) };
      }
      default: return null;
    }
  }
  function compressIPv6(groups) {
    let best = -1, bestLength = 0;
    for (let i = 0; i < 8;) {
      if (groups[i] !== '0') { i++; continue; }
      let j = i;
      while (j < 8 && groups[j] === '0') j++;
      if (j - i > bestLength && j - i > 1) { best = i; bestLength = j - i; }
      i = j;
    }
    if (best < 0) return groups.join(':');
    return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
  }

  // ---- resolvers ----
  const rcodes = { 1: 'EFORMERR', 2: 'ESERVFAIL', 3: 'ENOTFOUND', 4: 'ENOTIMP', 5: 'EREFUSED' };
  const syscalls = { A: 'queryA', AAAA: 'queryAaaa', CNAME: 'queryCname', MX: 'queryMx', NS: 'queryNs', TXT: 'queryTxt', SRV: 'querySrv',
    PTR: 'queryPtr', NAPTR: 'queryNaptr', SOA: 'querySoa', CAA: 'queryCaa', ANY: 'queryAny' };
  function dnsError(code, syscall, hostname) {
    const e = new Error(`${syscall} ${code} ${hostname}`);
    Object.assign(e, { errno: undefined, code, syscall, hostname });
    return e;
  }
  let systemServers = null;
  const defaultServers = () => systemServers || (systemServers = host.dnsSystemServers().split('\n').filter(Boolean));
  // "1.2.3.4", "1.2.3.4:53", "::1", "[::1]:53" → [address, port]
  function splitServer(server) {
    const text = String(server);
    let m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
    if (m) return [m[1], m[2] ? Number(m[2]) : 53];
    if (isIPv6(text)) return [text, 53];
    m = /^([^:]+)(?::(\d+))?$/.exec(text);
    if (m && isIPv4(m[1])) return [m[1], m[2] ? Number(m[2]) : 53];
    const e = new TypeError(`Invalid IP address: ${text}`);
    e.code = 'ERR_INVALID_IP_ADDRESS';
    throw e;
  }
  const formatServer = ([address, port]) => (port === 53 ? address : isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`);

  class Resolver {
    constructor(options = {}) {
      this._servers = null;
      this._timeout = options.timeout === undefined || options.timeout < 0 ? 5000 : options.timeout;
      this._tries = options.tries === undefined ? 4 : options.tries;
      this._pending = new Set();
    }
    getServers() { return (this._servers || defaultServers().map(splitServer)).map(formatServer); }
    setServers(servers) {
      if (!Array.isArray(servers)) throw invalidArgument('servers', servers, 'an instance of Array');
      this._servers = servers.map(splitServer);
    }
    setLocalAddress() {}
    cancel() {
      for (const [id, callback, syscall, hostname] of this._pending) { internals.ioForget(id); callback(dnsError('ECANCELLED', syscall, hostname)); }
      this._pending.clear();
    }
    _query(hostname, rrtype, callback) {
      const name = String(hostname), syscall = syscalls[rrtype];
      const servers = (this._servers || defaultServers().map(splitServer)).map(([address, port]) => `${address} ${port}`).join('\n');
      const entry = [0, callback, syscall, name];
      const id = internals.ioRegister((kind, text, bytes) => {
        internals.ioForget(id);
        this._pending.delete(entry);
        if (kind === 'error') { callback(dnsError(text, syscall, name)); return; }
        let parsed;
        try { parsed = parse(bytes); } catch { callback(dnsError('EBADRESP', syscall, name)); return; }
        if (parsed.rcode !== 0) { callback(dnsError(rcodes[parsed.rcode] || 'ESERVFAIL', syscall, name)); return; }
        const wanted = parsed.records.filter((r) => rrtype === 'ANY' ? typeNames[r.type] : r.type === types[rrtype]);
        if (wanted.length === 0) { callback(dnsError('ENODATA', syscall, name)); return; }
        callback(null, wanted.map((r) => ({ ...decode(r, parsed), type: typeNames[r.type], ttl: r.ttl })));
      });
      entry[0] = id;
      this._pending.add(entry);
      try { host.dnsQuery(id, query(name, types[rrtype]), servers, this._timeout, this._tries, name); } catch (error) {
        internals.ioForget(id);
        this._pending.delete(entry);
        process.nextTick(() => callback(error));
      }
    }
  }
  // Each record type's answer as Node shapes it.
  const shapes = {
    A: (records, options) => records.map((r) => (options && options.ttl ? { address: r.address, ttl: r.ttl } : r.address)),
    AAAA: (records, options) => records.map((r) => (options && options.ttl ? { address: r.address, ttl: r.ttl } : r.address)),
    CNAME: (records) => records.map((r) => r.value),
    NS: (records) => records.map((r) => r.value),
    PTR: (records) => records.map((r) => r.value),
    MX: (records) => records.map((r) => ({ exchange: r.exchange, priority: r.priority })),
    TXT: (records) => records.map((r) => r.entries),
    SRV: (records) => records.map((r) => ({ name: r.name, port: r.port, priority: r.priority, weight: r.weight })),
    NAPTR: (records) => records.map((r) => ({ flags: r.flags, service: r.service, regexp: r.regexp, replacement: r.replacement, order: r.order, preference: r.preference })),
    SOA: (records) => { const { nsname, hostmaster, serial, refresh, retry, expire, minttl } = records[0]; return { nsname, hostmaster, serial, refresh, retry, expire, minttl }; },
    CAA: (records) => records.map(({ type, ttl, ...rest }) => rest),
    ANY: (records) => records.map((r) => {
      const { type, ttl, ...rest } = r;
      if (type === 'A' || type === 'AAAA') return { address: rest.address, ttl, type };
      if (type === 'CNAME' || type === 'NS' || type === 'PTR') return { value: rest.value, type };
      if (type === 'TXT') return { entries: rest.entries, type };
      if (type === 'SOA') return { ...rest, type };
      return { ...rest, type };
    }),
  };
  const methodTypes = { resolve4: 'A', resolve6: 'AAAA', resolveCname: 'CNAME', resolveMx: 'MX', resolveNs: 'NS', resolveTxt: 'TXT',
    resolveSrv: 'SRV', resolvePtr: 'PTR', resolveNaptr: 'NAPTR', resolveSoa: 'SOA', resolveCaa: 'CAA', resolveAny: 'ANY' };
  for (const [method, rrtype] of Object.entries(methodTypes)) {
    Resolver.prototype[method] = function (hostname, options, callback) {
      if (typeof options === 'function') { callback = options; options = {}; }
      if (typeof callback !== 'function') throw invalidArgument('callback', callback);
      this._query(hostname, rrtype, (error, records) => (error ? callback(error) : callback(null, shapes[rrtype](records, options))));
      return {};
    };
  }
  Resolver.prototype.resolve = function (hostname, rrtype, callback) {
    if (typeof rrtype === 'function') { callback = rrtype; rrtype = 'A'; }
    const method = Object.keys(methodTypes).find((m) => methodTypes[m] === String(rrtype));
    if (!method) {
      const e = new TypeError(`The argument 'rrtype' is invalid. Received ${internals.inspect(rrtype)}`);
      e.code = 'ERR_INVALID_ARG_VALUE';
      throw e;
    }
    return this[method](hostname, callback);
  };
  // The name of an address (PTR under in-addr.arpa or ip6.arpa).
  Resolver.prototype.reverse = function (ip, callback) {
    if (typeof callback !== 'function') throw invalidArgument('callback', callback);
    const text = String(ip);
    let name;
    if (isIPv4(text)) name = text.split('.').reverse().join('.') + '.in-addr.arpa';
    else if (isIPv6(text)) {
      const groups = text.includes('::') ? (() => { const [head, tail] = text.split('::'); const a = head ? head.split(':') : [], b = tail ? tail.split(':') : []; return [...a, ...Array(8 - a.length - b.length).fill('0'), ...b]; })() : text.split(':');
      name = groups.map((g) => g.padStart(4, '0')).join('').split('').reverse().join('.') + '.ip6.arpa';
    } else {
      const e = new TypeError(`The argument 'ip' is invalid. Received ${internals.inspect(ip)}`);
      e.code = 'ERR_INVALID_ARG_VALUE';
      throw e;
    }
    this._query(name, 'PTR', (error, records) => {
      if (error) { error.syscall = 'getHostByAddr'; error.message = `getHostByAddr ${error.code} ${text}`; error.hostname = text; callback(error); return; }
      callback(null, records.map((r) => r.value));
    });
    return {};
  };

  const defaultResolver = new Resolver();
  const promisify = (fn) => (...args) => new Promise((ok, fail) => fn(...args, (error, value) => (error ? fail(error) : ok(value))));
  class PromiseResolver extends Resolver {}
  for (const method of [...Object.keys(methodTypes), 'resolve', 'reverse']) {
    PromiseResolver.prototype[method] = function (...args) { return promisify(Resolver.prototype[method].bind(this))(...args); };
  }
  let order = 'verbatim';
  const base = {
    ADDRCONFIG: 1024, V4MAPPED: 2048, ALL: 256,
    NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND', NOTIMP: 'ENOTIMP',
    REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME', BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP',
    CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT', EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM', DESTRUCTION: 'EDESTRUCTION',
    BADSTR: 'EBADSTR', BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS', NOTINITIALIZED: 'ENOTINITIALIZED',
    LOADIPHLPAPI: 'ELOADIPHLPAPI', ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS', CANCELLED: 'ECANCELLED',
    getDefaultResultOrder: () => order,
    setDefaultResultOrder: (value) => { order = String(value); },
    getServers: () => defaultResolver.getServers(),
    setServers: (servers) => defaultResolver.setServers(servers),
  };
  const dns = Object.assign({}, base, { lookup, lookupService, Resolver });
  const promises = Object.assign({}, base, {
    lookup: (hostname, options) => new Promise((ok, fail) => lookup(hostname, options || {}, (error, address, family) => {
      if (error) fail(error); else ok(Array.isArray(address) ? address : { address, family });
    })),
    lookupService: (address, port) => new Promise((ok, fail) => lookupService(address, port, (error, hostname, service) => (error ? fail(error) : ok({ hostname, service })))),
    Resolver: PromiseResolver,
  });
  for (const method of [...Object.keys(methodTypes), 'resolve', 'reverse']) {
    dns[method] = (...args) => defaultResolver[method](...args);
    promises[method] = (...args) => promisify(defaultResolver[method].bind(defaultResolver))(...args);
  }
  dns.promises = promises;
  internals.builtinFactories.set('dns', () => dns);
  internals.builtinFactories.set('dns/promises', () => promises);
})

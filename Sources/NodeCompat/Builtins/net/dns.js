// The `dns` and `dns/promises` builtins: `lookup` as Node's (getaddrinfo, off the JS thread), and the address
// `resolve` calls answered from the same lookup; record types beyond A and AAAA are not provided.
(function (host, internals) {
  'use strict';
  const { isIP } = internals.ipSyntax;

  function invalidArgument(name, value) {
    const e = new TypeError(`The "${name}" argument must be of type function. Received ${internals.inspect(value)}`);
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

  function unsupported(name) {
    return () => {
      const e = new Error(`dns.${name}() is not provided by jshost: it answers address lookups (lookup, resolve4, resolve6) only`);
      e.code = 'ERR_JSHOST_UNSUPPORTED';
      throw e;
    };
  }

  // A and AAAA answered by the system's resolver, which is what lookup uses too.
  function resolveFamily(family) {
    return function (hostname, options, callback) {
      if (typeof options === 'function') callback = options;
      if (typeof callback !== 'function') throw invalidArgument('callback', callback);
      lookup(hostname, { family, all: true }, (error, addresses) => {
        if (error) {
          const e = new Error(`query${family === 4 ? 'A' : 'Aaaa'} ${error.code} ${hostname}`);
          Object.assign(e, { errno: undefined, code: error.code, syscall: `query${family === 4 ? 'A' : 'Aaaa'}`, hostname });
          callback(e);
          return;
        }
        callback(null, addresses.filter((a) => a.family === family).map((a) => a.address));
      });
    };
  }
  const resolve4 = resolveFamily(4);
  const resolve6 = resolveFamily(6);
  function resolve(hostname, rrtype, callback) {
    if (typeof rrtype === 'function') { callback = rrtype; rrtype = 'A'; }
    if (rrtype === 'A') return resolve4(hostname, callback);
    if (rrtype === 'AAAA') return resolve6(hostname, callback);
    return unsupported(`resolve(…, '${rrtype}')`)();
  }

  const promisify = (fn, shape) => (...args) => new Promise((ok, fail) =>
    fn(...args, (error, ...values) => (error ? fail(error) : ok(shape ? shape(...values) : values[0]))));
  let order = 'verbatim';
  const base = {
    ADDRCONFIG: 1024, V4MAPPED: 2048, ALL: 256,
    NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND', NOTIMP: 'ENOTIMP',
    REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME', CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT',
    EOF: 'EOF', CANCELLED: 'ECANCELLED',
    getDefaultResultOrder: () => order,
    setDefaultResultOrder: (value) => { order = String(value); },
    getServers: () => [],
    setServers: () => {},
  };
  const names = ['resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr',
    'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse', 'lookupService'];
  const promises = Object.assign({}, base, {
    lookup: (hostname, options) => new Promise((ok, fail) => lookup(hostname, options || {}, (error, address, family) => {
      if (error) fail(error); else ok(Array.isArray(address) ? address : { address, family });
    })),
    resolve4: promisify(resolve4), resolve6: promisify(resolve6), resolve: promisify(resolve),
  });
  const dns = Object.assign({}, base, { lookup, resolve, resolve4, resolve6, promises });
  for (const name of names) { dns[name] = unsupported(name); promises[name] = unsupported(name); }
  class Resolver {
    cancel() {}
    getServers() { return []; }
    setServers() {}
  }
  Object.assign(Resolver.prototype, { resolve, resolve4, resolve6 });
  dns.Resolver = Resolver;
  promises.Resolver = class extends Resolver {};
  Object.assign(promises.Resolver.prototype, { resolve: promises.resolve, resolve4: promises.resolve4, resolve6: promises.resolve6 });
  internals.builtinFactories.set('dns', () => dns);
  internals.builtinFactories.set('dns/promises', () => promises);
})

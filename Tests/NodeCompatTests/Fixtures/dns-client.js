// The dns resolvers against Fixtures/dns-server.js (servers set to it), in Node and in jshost; Node is the oracle.
const dns = require('dns');
const server = '127.0.0.1:' + process.env.ORACLE_PORT;
const resolver = new dns.Resolver({ timeout: 2000, tries: 1 });
resolver.setServers([server]);
const show = (label) => (error, value) => console.log(label, error ? `${error.code} ${error.syscall} ${error.hostname} ${error.message}` : JSON.stringify(value));
(async () => {
  console.log(resolver.getServers());
  const p = new dns.promises.Resolver({ timeout: 2000, tries: 1 });
  p.setServers([server]);
  const calls = [
    ['A', () => p.resolve4('example.test')], ['A ttl', () => p.resolve4('example.test', { ttl: true })], ['AAAA', () => p.resolve6('example.test')],
    ['MX', () => p.resolveMx('example.test')], ['TXT', () => p.resolveTxt('example.test')], ['SRV', () => p.resolveSrv('_sip._tcp.example.test')],
    ['CNAME', () => p.resolveCname('www.example.test')], ['NS', () => p.resolveNs('example.test')], ['SOA', () => p.resolveSoa('example.test')],
    ['CAA', () => p.resolveCaa('example.test')], ['NAPTR', () => p.resolveNaptr('example.test')], ['PTR', () => p.resolvePtr('1.0.0.10.in-addr.arpa')],
    ['reverse', () => p.reverse('10.0.0.1')], ['resolve MX', () => p.resolve('example.test', 'MX')], ['big TXT over TCP', () => p.resolveTxt('big.example.test').then((r) => r.length)],
    ['missing', () => p.resolveMx('nothing.example.test')], ['no data', () => p.resolveMx('empty.example.test')],
  ];
  for (const [label, call] of calls) {
    try { console.log(label, JSON.stringify(await call())); } catch (e) { console.log(label, e.code, e.syscall, e.hostname, e.message); }
  }
  const any = await p.resolveAny('example.test');
  console.log('ANY', any.length, [...new Set(any.map((r) => r.type))].sort().join());
  // One after the other: two queries in flight may be answered in either order.
  resolver.resolveMx('example.test', (error, records) => {
    show('callback MX')(error, records);
    resolver.resolve4('nothing.example.test', show('callback missing'));
  });
  try { resolver.resolve('example.test', 'BOGUS', () => {}); } catch (e) { console.log(e.code); }
  try { resolver.setServers(['not an ip']); } catch (e) { console.log(e.code); }
  console.log(dns.NOTFOUND, dns.BADRESP, dns.ADDRGETNETWORKPARAMS, typeof dns.lookupService, typeof dns.promises.resolveAny);
})();

// A small authoritative DNS server for the dns oracle test, on loopback only, UDP and TCP on the port it is
// given: the zone example.test with a record of every type Node's resolver reports. Answers that do not fit 512
// bytes are truncated over UDP (the TC bit), so clients must ask again over TCP.
const dgram = require('dgram');
const net = require('net');
const port = Number(process.argv[2]);

const name = (text) => Buffer.concat([...text.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
const u16 = (n) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n) => Buffer.from([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
const text = (s) => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)]);
const TYPES = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35, CAA: 257, ANY: 255 };
const zone = {
  'example.test': [
    ['A', 300, Buffer.from([10, 0, 0, 1])], ['A', 300, Buffer.from([10, 0, 0, 2])],
    ['AAAA', 300, Buffer.from('20010db8000000000000000000000001', 'hex')],
    ['MX', 600, Buffer.concat([u16(10), name('mx1.example.test')])], ['MX', 600, Buffer.concat([u16(20), name('mx2.example.test')])],
    ['TXT', 60, text('v=spf1 -all')], ['TXT', 60, Buffer.concat([text('part one '), text('part two')])],
    ['NS', 3600, name('ns1.example.test')],
    ['SOA', 3600, Buffer.concat([name('ns1.example.test'), name('admin.example.test'), u32(2026120701), u32(7200), u32(3600), u32(1209600), u32(300)])],
    ['CAA', 3600, Buffer.concat([Buffer.from([0, 5]), Buffer.from('issue'), Buffer.from('ca.example')])],
    ['NAPTR', 3600, Buffer.concat([u16(100), u16(10), text('S'), text('SIP+D2U'), text(''), name('_sip._udp.example.test')])],
  ],
  'www.example.test': [['CNAME', 300, name('example.test')]],
  '_sip._tcp.example.test': [['SRV', 300, Buffer.concat([u16(10), u16(60), u16(5060), name('sip.example.test')])]],
  '1.0.0.10.in-addr.arpa': [['PTR', 300, name('host.example.test')]],
  'big.example.test': Array.from({ length: 12 }, (_, i) => ['TXT', 60, text(`record ${i} `.padEnd(60, 'x'))]),
  'empty.example.test': [],
};

function answer(request) {
  const id = request.subarray(0, 2);
  let offset = 12;
  const labels = [];
  while (request[offset] !== 0) { labels.push(request.toString('latin1', offset + 1, offset + 1 + request[offset])); offset += request[offset] + 1; }
  const qname = labels.join('.').toLowerCase();
  const qtype = request.readUInt16BE(offset + 1);
  const question = request.subarray(12, offset + 5);
  const records = zone[qname];
  const rcode = records === undefined ? 3 : 0;
  const chosen = (records || []).filter(([type]) => qtype === 255 || TYPES[type] === qtype);
  const body = chosen.map(([type, ttl, data]) => Buffer.concat([name(qname), u16(TYPES[type]), u16(1), u32(ttl), u16(data.length), data]));
  const header = Buffer.concat([id, Buffer.from([0x85, 0x80 | rcode]), u16(1), u16(chosen.length), u16(0), u16(0)]);
  return Buffer.concat([header, question, ...body]);
}

const udp = dgram.createSocket('udp4');
udp.on('message', (message, remote) => {
  let reply = answer(message);
  if (reply.length > 512) {
    reply = Buffer.concat([reply.subarray(0, 2), Buffer.from([reply[2] | 0x02, reply[3]]), u16(1), u16(0), u16(0), u16(0), reply.subarray(12, 12 + (reply.length > 12 ? message.length - 12 : 0))]);
  }
  udp.send(reply, remote.port, remote.address);
});
udp.bind(port, '127.0.0.1', () => {
  const tcp = net.createServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const reply = answer(pending.subarray(2, 2 + pending.readUInt16BE(0)));
        socket.end(Buffer.concat([u16(reply.length), reply]));
      }
    });
  });
  tcp.listen(port, '127.0.0.1', () => console.log('listening'));
});

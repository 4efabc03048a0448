// A local HTTP server for the http client tests: started by the test, on loopback only, on the port it is given.
const http = require('http');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    if (req.url.startsWith('/json')) { res.setHeader('Content-Type', 'application/json'); res.end(JSON.stringify({ items: [1, 2, 3], method: req.method, body, ua: req.headers['user-agent'] || null, accept: req.headers.accept || null })); return; }
    if (req.url === '/encoded') {
      // Compressed as the client asked, Brotli first, as servers that support it answer: the client must decode it.
      const accepted = req.headers['accept-encoding'] || '';
      const text = JSON.stringify({ encoding: accepted, text: 'squeezed '.repeat(50) });
      const zlib = require('zlib');
      if (/\bbr\b/.test(accepted)) { res.writeHead(200, { 'Content-Encoding': 'br', 'Content-Type': 'application/json' }); res.end(zlib.brotliCompressSync(text)); return; }
      if (/\bgzip\b/.test(accepted)) { res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' }); res.end(zlib.gzipSync(text)); return; }
      res.end(text);
      return;
    }
    if (req.url === '/redirect') { res.writeHead(302, { Location: '/json' }); res.end(); return; }
    if (req.url === '/missing') { res.writeHead(404, { 'X-Custom': 'yes', 'Set-Cookie': ['a=1', 'b=2'] }); res.end('nope'); return; }
    if (req.url === '/chunks') { res.write('part1 '); setTimeout(() => res.end('part2'), 20); return; }
    res.end('hello ' + req.method + ' ' + req.url);
  });
});
server.listen(Number(process.argv[2] || 18080), '127.0.0.1', () => console.log('listening'));

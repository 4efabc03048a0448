// Local servers for the HTTP-client package tests, on loopback only: an HTTP and an HTTPS server that echo each
// request (method, path, raw headers, body), a CONNECT proxy, and a websocket echo server (Debian's ws).
// argv: httpPort httpsPort proxyPort wsPort certDir. Prints "listening" once all four are up.
const http = require('http');
const https = require('https');
const net = require('net');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { WebSocketServer } = require('ws');
const [httpPort, httpsPort, proxyPort, wsPort, certDir] = process.argv.slice(2);

function handle(req, res) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('latin1');
    if (req.url === '/cookie') { res.writeHead(200, { 'Set-Cookie': ['session=abc; Path=/', 'theme=dark; Path=/'] }); res.end('ok'); return; }
    if (req.url === '/redirect') { res.writeHead(302, { Location: '/echo?redirected=1' }); res.end(); return; }
    if (req.url === '/gzip') { res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' }); res.end(zlib.gzipSync(JSON.stringify({ zipped: true }))); return; }
    if (req.url === '/status/500') { res.writeHead(500, { 'Content-Type': 'application/json' }); res.end('{"error":"broken"}'); return; }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.rawHeaders, body }));
  });
}

const plain = http.createServer(handle);
const secure = https.createServer({ key: fs.readFileSync(path.join(certDir, 'server.key')), cert: fs.readFileSync(path.join(certDir, 'server.pem')) }, handle);
const proxy = http.createServer((req, res) => { res.writeHead(405); res.end(); });
proxy.on('connect', (req, client, head) => {
  const [host, port] = req.url.split(':');
  const upstream = net.connect(Number(port), host, () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
});
const sockets = new WebSocketServer({ port: Number(wsPort), host: '127.0.0.1' }, () => {
  plain.listen(Number(httpPort), '127.0.0.1', () => secure.listen(Number(httpsPort), '127.0.0.1', () =>
    proxy.listen(Number(proxyPort), '127.0.0.1', () => console.log('listening'))));
});
sockets.on('connection', (socket, req) => {
  socket.on('message', (data, isBinary) => socket.send(isBinary ? data : `echo:${data}`));
  socket.send(`hello ${req.headers['sec-websocket-version']}`);
});

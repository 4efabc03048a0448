// A WebSocket server for the WebSocket client oracle (Debian's ws): echoes what it gets, as it got it; "close-me"
// closes with 4001, "ping-me" pings first, and /reject refuses the handshake. Prints "listening" once ready.
const http = require('http');
const { WebSocketServer } = require('ws');
const server = http.createServer((req, res) => { res.writeHead(403); res.end('no'); });
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (protocols) => [...protocols][1] || false });
server.on('upgrade', (req, socket, head) => {
  if (req.url === '/reject') { socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'); return; }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.send(`welcome ${req.url} ${req.headers['sec-websocket-version']} ${req.headers.origin || 'no origin'}`);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      if (text === 'close-me') { ws.close(4001, 'asked to'); return; }
      if (text === 'ping-me') { ws.ping('p'); ws.once('pong', (payload) => ws.send('pong ' + payload)); return; }
      if (text === 'close-now') { ws.terminate(); return; }
      ws.send(isBinary ? data : text.length > 100 ? `long ${text.length}` : text, { binary: isBinary });
    });
  });
});
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('listening'));

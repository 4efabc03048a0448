// Local TCP and TLS echo servers for the net and tls client tests: started by the test, on loopback only.
// argv: tcpPort tlsPort certDir. Each server answers "echo:<data>" to every chunk and "bye" when the client ends.
// On tlsPort + 1, a TLS server that requires a client certificate from the test CA greets the client by its name.
const net = require('net');
const tls = require('tls');
const fs = require('fs');
const path = require('path');
const [tcpPort, tlsPort, certDir] = process.argv.slice(2);
const echo = (socket) => {
  socket.on('data', (data) => socket.write('echo:' + data));
  socket.on('end', () => socket.end('bye'));
  socket.on('error', () => {});
};
const tcp = net.createServer(echo);
const secure = tls.createServer({
  key: fs.readFileSync(path.join(certDir, 'server.key')), cert: fs.readFileSync(path.join(certDir, 'server.pem')),
  ALPNProtocols: ['http/1.1'],
}, echo);
const mutual = tls.createServer({
  key: fs.readFileSync(path.join(certDir, 'server.key')), cert: fs.readFileSync(path.join(certDir, 'server.pem')),
  ca: fs.readFileSync(path.join(certDir, 'ca.pem')), requestCert: true, rejectUnauthorized: true,
}, (socket) => { socket.end(`hello ${socket.getPeerCertificate().subject.CN}`); socket.on('error', () => {}); });
mutual.on('tlsClientError', () => {});
tcp.listen(Number(tcpPort), '127.0.0.1', () => secure.listen(Number(tlsPort), '127.0.0.1', () =>
  mutual.listen(Number(tlsPort) + 1, '127.0.0.1', () => console.log('listening'))));

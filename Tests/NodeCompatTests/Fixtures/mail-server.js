// A minimal SMTP server for the mail-client tests, on loopback only: it accepts every message and prints
// nothing; the client reports what the server answered. argv: port. Prints "listening" once up.
const net = require('net');
const server = net.createServer((socket) => {
  let inData = false;
  let buffer = '';
  const reply = (line) => socket.write(line + '\r\n');
  reply('220 localhost ESMTP test');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    let end;
    while ((end = buffer.indexOf('\r\n')) !== -1) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (inData) { if (line === '.') { inData = false; reply('250 2.0.0 Ok: queued as 12345'); } continue; }
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') { socket.write('250-localhost\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n'); }
      else if (verb === 'HELO' || verb === 'MAIL' || verb === 'RSET' || verb === 'NOOP') reply('250 2.1.0 Ok');
      else if (verb === 'RCPT') reply(line.includes('reject') ? '550 5.1.1 Recipient address rejected' : '250 2.1.5 Ok');
      else if (verb === 'DATA') { inData = true; reply('354 End data with <CR><LF>.<CR><LF>'); }
      else if (verb === 'QUIT') { reply('221 2.0.0 Bye'); socket.end(); }
      else reply('502 5.5.2 Error: command not recognized');
    }
  });
  socket.on('error', () => {});
});
server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('listening'));

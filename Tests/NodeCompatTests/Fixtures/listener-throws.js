// A listener's exception inside the http client's machinery is the listener's: it goes on as an uncaught
// exception, as in Node, and is not turned into the request's 'error'.
const http = require('http');
const base = 'http://127.0.0.1:' + process.env.ORACLE_PORT;
let uncaught = 0;
process.on('uncaughtException', (error) => {
  uncaught += 1;
  console.log('uncaught', error.message);
  if (uncaught === 1) {
    const req = http.get(base + '/chunks', (res) => {
      res.on('data', () => { throw new Error('thrown by a data listener'); });
    });
    req.on('error', (e) => console.log('request error (wrong)', e.message));
  }
});
const req = http.get(base + '/json', () => { throw new Error('thrown by the response listener'); });
req.on('error', (e) => console.log('request error (wrong)', e.message));

// Debian's node-nodemailer over SMTP against the local server of mail-server.js; Node v20 is the oracle.
const nodemailer = require('nodemailer');
const port = Number(process.env.SMTP_PORT);
const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
const steps = [
  () => transport.verify().then((ok) => console.log('verify', ok)),
  () => transport.sendMail({
    from: 'Component <component@example.com>', to: 'ada@example.com, bob@example.com', subject: 'Iteration 3',
    text: 'Hello from a component', html: '<p>Hello</p>', attachments: [{ filename: 'data.json', content: '{"n":3}' }],
  }).then((info) => console.log('sent', JSON.stringify(info.accepted), JSON.stringify(info.rejected), info.response, JSON.stringify(info.envelope), /^<.+@example\.com>$/.test(info.messageId))),
  () => transport.sendMail({ from: 'a@example.com', to: 'reject@example.com', text: 'x' })
    .then(() => console.log('unexpected success'), (e) => console.log('rejected', e.code, e.responseCode, e.response, e.command)),
  () => nodemailer.createTransport({ host: '127.0.0.1', port: 1 }).sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' })
    .then(() => console.log('unexpected success'), (e) => console.log('refused', e.code, e.message, e.command)),
];
(async () => { for (const step of steps) await step(); transport.close(); console.log('all steps done'); })();

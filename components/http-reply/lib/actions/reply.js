'use strict';

const { messages } = require('elasticio-node');

// sailor's httpReply event answers the caller waiting on the flow's webhook; the message then goes on, so steps
// after this one still run.
exports.process = async function reply(msg, cfg) {
  const statusCode = Number(cfg.statusCode) || 200;
  const contentType = cfg.contentType || 'application/json';
  const body = contentType === 'application/json' ? msg.body : String(msg.body && msg.body.text !== undefined ? msg.body.text : JSON.stringify(msg.body));
  await this.emit('httpReply', { statusCode, headers: { 'content-type': contentType }, body });
  return messages.newMessageWithBody(msg.body);
};

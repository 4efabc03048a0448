'use strict';

const { messages } = require('elasticio-node');

// The request's body, with where it came from beside it, as the platform's webhook component passes it on:
// _query, _headers, _method, _url and _additionalUrlPath.
exports.process = async function receive(msg) {
  const body = Object.assign({}, msg.body, {
    _query: msg.query || {},
    _headers: msg.headers || {},
    _method: msg.method,
    _url: msg.url,
    _additionalUrlPath: msg.additionalUrlPath || '',
  });
  this.logger.info('Received %s %s', msg.method, msg.url);
  return messages.newMessageWithBody(body);
};

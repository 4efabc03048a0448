// elasticio-node's `messages` helper (v0.0.9 behaviour), for the Node reference runner; jshost serves its own.
'use strict';
const crypto = require('crypto');
function newEmptyMessage() {
  return { id: crypto.randomUUID(), attachments: {}, body: {}, headers: {}, metadata: {} };
}
function newMessageWithBody(body) {
  const msg = newEmptyMessage();
  msg.body = body;
  return msg;
}
exports.messages = {
  newEmptyMessage,
  newMessageWithBody,
  emitData(data) { return this.emit('data', newMessageWithBody(data)); },
  emitError(err) { return this.emit('error', err); },
  emitEnd() { return this.emit('end'); },
  emitSnapshot(snapshot) { return this.emit('snapshot', snapshot); },
};

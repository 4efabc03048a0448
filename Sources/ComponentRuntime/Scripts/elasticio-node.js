// `require('elasticio-node')`, served by jshost: the `messages` helper of elasticio-node 0.0.9.
// The emit helpers use `this`, so components call them as `messages.emitData.call(this, body)`.
(function (randomUUID) {
  'use strict';
  return function elasticioNode() {
    function newEmptyMessage() {
      return { id: randomUUID(), attachments: {}, body: {}, headers: {}, metadata: {} };
    }
    function newMessageWithBody(body) {
      const msg = newEmptyMessage();
      msg.body = body;
      return msg;
    }
    const messages = {
      newEmptyMessage,
      newMessageWithBody,
      emitData(data) { return this.emit('data', newMessageWithBody(data)); },
      emitError(err) { return this.emit('error', err); },
      emitEnd() { return this.emit('end'); },
      emitSnapshot(snapshot) { return this.emit('snapshot', snapshot); },
    };
    return { messages };
  };
})

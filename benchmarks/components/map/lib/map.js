'use strict';

const { messages } = require('elasticio-node');

// A typical mapping step: pick and reshape fields, keep a running count in the snapshot.
exports.process = async function map(msg, cfg, snapshot) {
  const body = msg.body;
  const count = (snapshot.count || 0) + 1;
  await this.emit('snapshot', { count, lastId: body.id });
  return messages.newMessageWithBody({
    id: body.id,
    fullName: `${body.firstName} ${body.lastName}`,
    email: String(body.email).toLowerCase(),
    total: body.items.reduce((sum, item) => sum + item.price * item.quantity, 0),
    tags: body.tags.filter((tag) => tag !== 'internal'),
  });
};

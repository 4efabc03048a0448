'use strict';

const { messages } = require('elasticio-node');

// The same records as the stream benchmark's input, emitted in one run.
exports.process = async function burst(msg, cfg) {
  for (let i = 1; i <= Number(cfg.count); i++) {
    await this.emit('data', messages.newMessageWithBody({
      id: i, firstName: 'Ada', lastName: `Lovelace${i}`, email: `ADA${i}@EXAMPLE.ORG`,
      items: [{ price: 2.5, quantity: (i % 5) + 1 }, { price: 10, quantity: 1 }], tags: ['a', 'internal', 'b'],
    }));
  }
};

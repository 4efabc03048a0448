'use strict';

const { messages } = require('elasticio-node');

// The classic elastic.io snapshot demo: log what came in, count the run in the snapshot,
// emit the snapshot, then the count as data. Like the original, it never emits 'end'.
exports.process = function count(msg, cfg, snapshot) {
  this.logger.info('Message %j', msg);
  this.logger.info('Config %j', cfg);
  this.logger.info('Snapshot %j', snapshot);

  snapshot.iteration = snapshot.iteration || 0;
  snapshot.iteration += 1;
  this.logger.info('Iteration: %d', snapshot.iteration);

  this.emit('snapshot', snapshot);
  this.emit('data', messages.newMessageWithBody({ iteration: snapshot.iteration }));
};

'use strict';

// The last step: counts messages and sums their totals in its snapshot.
exports.process = async function tally(msg, cfg, snapshot) {
  await this.emit('snapshot', { count: (snapshot.count || 0) + 1, total: (snapshot.total || 0) + msg.body.total });
};

'use strict';

const { messages } = require('elasticio-node');
const RecordSource = require('../source');

const START = '2017-01-01T00:00:00.000Z';

// The elastic.io "query objects by timestamp" pattern: the snapshot is the last update date seen.
// It is computed from the records returned, never from the clock, so nothing changed between the query
// and "now" is skipped, and it is emitted once, after iterating.
exports.process = async function poll(msg, cfg, snapshot) {
  let since = snapshot;
  if (typeof since !== 'string') {
    this.logger.warn('No snapshot yet: starting from %s', START);
    since = START;
  }
  const source = new RecordSource(cfg.sourceFile);
  const pageSize = Number(cfg.pageSize) || 2;

  let newest = since;
  let offset = 0;
  let emitted = 0;
  for (;;) {
    const page = await source.page(since, offset, pageSize);
    for (const record of page) {
      await this.emit('data', messages.newMessageWithBody(record));
      emitted += 1;
      if (Date.parse(record.updatedAt) > Date.parse(newest)) newest = record.updatedAt;
    }
    if (page.length < pageSize) break;
    offset += page.length;
  }
  this.logger.info('Emitted %d records updated after %s', emitted, since);
  await this.emit('snapshot', newest);
};

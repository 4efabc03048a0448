'use strict';

const path = require('path');

// A stand-in for a remote API: records in a JSON file, queried by "updated after" with paging.
// Relative paths resolve against the working directory, as they would for a Node process.
class RecordSource {
  constructor(file) {
    this.records = require(path.resolve(file));
    if (!Array.isArray(this.records)) throw new Error(`${file} must hold a JSON array of records`);
  }

  // Records with updatedAt strictly after `since`, oldest first, one page at a time.
  async page(since, offset, size) {
    await new Promise((resolve) => setTimeout(resolve, 1)); // answers asynchronously, like a real API
    const after = Date.parse(since);
    return this.records
      .filter((record) => Date.parse(record.updatedAt) > after)
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt))
      .slice(offset, offset + size);
  }
}

module.exports = RecordSource;

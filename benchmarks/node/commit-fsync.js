// The Node reference for durable snapshot commits, as a developer would keep state today: write the snapshot and
// the run's outbox line to files, fsync, rename into place. Prints the same JSON object as jshost-bench.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const count = Number(process.argv[2]) || 5000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jshost-node-bench-'));
const snapshotFile = path.join(dir, 'snapshot.json');
const outboxFile = path.join(dir, 'outbox.jsonl');
const outboxFd = fs.openSync(outboxFile, 'a');
const dirFd = fs.openSync(dir, 'r');
const latencies = [];
const start = process.hrtime.bigint();
for (let n = 1; n <= count; n++) {
  const t0 = process.hrtime.bigint();
  fs.writeSync(outboxFd, JSON.stringify({ body: { n } }) + '\n');
  fs.fsyncSync(outboxFd);
  const tmp = snapshotFile + '.tmp';
  const fd = fs.openSync(tmp, 'w');
  fs.writeSync(fd, JSON.stringify({ iteration: n }));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, snapshotFile);
  fs.fsyncSync(dirFd);
  latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({
  commits: count, commitsPerSecond: Math.round(count / seconds),
  p50Ms: Number(pct(0.5).toFixed(3)), p99Ms: Number(pct(0.99).toFixed(3)), maxMs: Number(latencies[latencies.length - 1].toFixed(3)),
}));

// Runs loop.js in Node, serving require('elasticio-node') as the Node reference runner does.
const path = require('path');
const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'elasticio-node') return path.join(__dirname, '..', 'node', 'elasticio-node', 'index.js');
  return resolve.call(this, request, ...rest);
};
require('./loop.js')((text) => console.log(`node ${text}`));

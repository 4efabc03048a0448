// The `console` global: Node's formatting, everything on stderr (stdout carries jshost's event stream).
(function (host, internals) {
  'use strict';
  const counts = new Map();
  const timers = new Map();
  let groupIndent = '';
  function write(args) {
    let text = internals.format(...args);
    if (groupIndent) text = groupIndent + text.split('\n').join('\n' + groupIndent);
    host.writeStderr(text + '\n');
  }
  const console = {
    log: (...a) => write(a),
    info: (...a) => write(a),
    debug: (...a) => write(a),
    warn: (...a) => write(a),
    error: (...a) => write(a),
    trace: (...a) => write(['Trace' + (a.length ? ': ' + internals.format(...a) : '') + '\n' + new Error().stack]),
    dir: (obj, options) => write([internals.inspect(obj, options)]),
    dirxml: (...a) => write(a),
    table: (data) => write([data]),
    assert: (ok, ...a) => { if (!ok) write(a.length ? ['Assertion failed:', ...a] : ['Assertion failed']); },
    count: (label = 'default') => { const n = (counts.get(label) || 0) + 1; counts.set(label, n); write([`${label}: ${n}`]); },
    countReset: (label = 'default') => { counts.delete(label); },
    group: (...a) => { if (a.length) write(a); groupIndent += '  '; },
    groupCollapsed: (...a) => { if (a.length) write(a); groupIndent += '  '; },
    groupEnd: () => { groupIndent = groupIndent.slice(2); },
    time: (label = 'default') => { timers.set(label, host.monotonicMs()); },
    timeLog: (label = 'default', ...a) => {
      if (timers.has(label)) write([`${label}: ${(host.monotonicMs() - timers.get(label)).toFixed(3)}ms`, ...a]);
    },
    timeEnd: (label = 'default') => {
      if (!timers.has(label)) return;
      write([`${label}: ${(host.monotonicMs() - timers.get(label)).toFixed(3)}ms`]);
      timers.delete(label);
    },
  };
  Object.defineProperty(globalThis, 'console', { value: console, writable: true, configurable: true, enumerable: false });
})

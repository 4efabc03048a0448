// The `console` global and module: Node's formatting, `Console` for consoles over other streams, `table`, groups,
// counters and timers. The global console writes everything to stderr (stdout carries jshost's event stream).
(function (host, internals) {
  'use strict';

  // console.table's box, as Node 20 draws it: an (index) column, then the keys of the rows in first-seen order, and
  // Values for rows that are not objects.
  function table(data, properties) {
    if (data === null || typeof data !== 'object') return null;
    const inspectCell = (v) => internals.inspect(v, { depth: 1, breakLength: Infinity, compact: true });
    const rows = data instanceof Map ? [...data.entries()].map(([k, v], i) => [String(i), { Key: k, Values: v }])
      : Object.keys(data).map((key) => [key, data[key]]);
    const columns = [];
    let hasValues = false;
    for (const [, row] of rows) {
      if (row !== null && typeof row === 'object') {
        for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
      } else hasValues = true;
    }
    const shown = properties ? properties.map(String) : columns;
    const header = ['(index)', ...shown, ...(hasValues && !properties ? ['Values'] : [])];
    const body = rows.map(([index, row]) => {
      const cells = [index];
      for (const key of shown) cells.push(row !== null && typeof row === 'object' && Object.prototype.hasOwnProperty.call(row, key) ? inspectCell(row[key]) : '');
      if (hasValues && !properties) cells.push(row !== null && typeof row === 'object' ? '' : inspectCell(row));
      return cells;
    });
    const width = (text) => [...text].length;
    const widths = header.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i]))) + 2);
    const line = (left, middle, right) => left + widths.map((w) => '─'.repeat(w)).join(middle) + right;
    const row = (cells) => '│' + cells.map((c, i) => ' ' + c + ' '.repeat(widths[i] - width(c) - 1)).join('│') + '│';
    return [line('┌', '┬', '┐'), row(header), line('├', '┼', '┤'), ...body.map(row), line('└', '┴', '┘')].join('\n');
  }

  function Console(stdoutOrOptions, stderr, ignoreErrors) {
    if (!(this instanceof Console)) return new Console(stdoutOrOptions, stderr, ignoreErrors);
    const options = stdoutOrOptions && typeof stdoutOrOptions.write !== 'function' ? stdoutOrOptions : { stdout: stdoutOrOptions, stderr, ignoreErrors };
    if (!options.stdout || typeof options.stdout.write !== 'function') {
      const e = new TypeError('The "stdout" argument must be an instance of Stream. Received ' + internals.inspect(options.stdout));
      e.code = 'ERR_CONSOLE_WRITABLE_STREAM';
      throw e;
    }
    const out = options.stdout, err = options.stderr || options.stdout;
    setUp(this, options.groupIndentation === undefined ? 2 : options.groupIndentation, (which, text) => {
      try { (which === 'err' ? err : out).write(text); } catch (e) { if (options.ignoreErrors === false) throw e; }
    });
  }
  // Each method is bound to its console, so `const { log } = console` works as in Node.
  // `sink(which, text)` writes a finished line to 'out' or 'err'.
  function setUp(target, groupIndentation, sink) {
    const state = { counts: new Map(), timers: new Map(), indent: '', groupIndentation };
    const write = (which, args) => {
      let text = internals.format(...args);
      if (state.indent) text = state.indent + text.split('\n').join('\n' + state.indent);
      sink(which, text + '\n');
    };
    const methods = {
      log: (...a) => write('out', a),
      info: (...a) => write('out', a),
      debug: (...a) => write('out', a),
      warn: (...a) => write('err', a),
      error: (...a) => write('err', a),
      dirxml: (...a) => write('out', a),
      trace: (...a) => {
        const error = internals.nodeError(new Error());
        const frames = String(error.stack).split('\n').slice(2).join('\n');
        write('err', ['Trace' + (a.length ? ': ' + internals.format(...a) : '') + (frames ? '\n' + frames : '')]);
      },
      dir: (obj, options) => write('out', [internals.inspect(obj, { customInspect: false, ...options })]),
      table: (data, properties) => { const drawn = table(data, properties); write('out', drawn === null ? [data] : [drawn]); },
      assert: (ok, ...a) => {
        if (ok) return;
        a[0] = `Assertion failed${a.length === 0 ? '' : `: ${a[0]}`}`;
        write('err', a);
      },
      count: (label = 'default') => { label = String(label); const n = (state.counts.get(label) || 0) + 1; state.counts.set(label, n); write('out', [`${label}: ${n}`]); },
      countReset: (label = 'default') => { state.counts.delete(String(label)); },
      group: (...a) => { if (a.length) write('out', a); state.indent += ' '.repeat(state.groupIndentation); },
      groupCollapsed: (...a) => { if (a.length) write('out', a); state.indent += ' '.repeat(state.groupIndentation); },
      groupEnd: () => { state.indent = state.indent.slice(state.groupIndentation); },
      time: (label = 'default') => { state.timers.set(String(label), host.monotonicMs()); },
      timeLog: (label = 'default', ...a) => {
        label = String(label);
        if (state.timers.has(label)) write('out', [`${label}: ${(host.monotonicMs() - state.timers.get(label)).toFixed(3)}ms`, ...a]);
      },
      timeEnd: (label = 'default') => {
        label = String(label);
        if (!state.timers.has(label)) return;
        write('out', [`${label}: ${(host.monotonicMs() - state.timers.get(label)).toFixed(3)}ms`]);
        state.timers.delete(label);
      },
      // No terminal and no inspector: clearing and profiling do nothing, as Node's do when stdout is not a TTY.
      clear: () => {},
      profile: () => {},
      profileEnd: () => {},
      timeStamp: () => {},
    };
    for (const [name, fn] of Object.entries(methods)) {
      Object.defineProperty(target, name, { value: fn, writable: true, enumerable: true, configurable: true });
    }
  }
  for (const name of ['log', 'info', 'debug', 'warn', 'error', 'dirxml', 'trace', 'dir', 'table', 'assert', 'count', 'countReset',
    'group', 'groupCollapsed', 'groupEnd', 'time', 'timeLog', 'timeEnd', 'clear']) {
    Console.prototype[name] = function (...args) { return this[name](...args); };
  }

  const console = Object.create(Console.prototype);
  setUp(console, 2, (which, text) => host.writeStderr(text));
  Object.defineProperty(console, 'Console', { value: Console, writable: true, configurable: true, enumerable: false });
  // A console that tags its lines with a context name (Node's inspector-only console.context gives a plain one).
  Object.defineProperty(console, 'context', { value: () => new Console({ stdout: process.stdout, stderr: process.stderr }), writable: true, configurable: true, enumerable: true });
  Object.defineProperty(console, 'createTask', { value: () => ({ run: (fn) => fn() }), writable: true, configurable: true, enumerable: true });
  Object.defineProperty(globalThis, 'console', { value: console, writable: true, configurable: true, enumerable: false });
})

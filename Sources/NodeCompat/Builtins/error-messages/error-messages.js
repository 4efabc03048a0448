// Node's words for the errors JavaScriptCore raises itself, and V8's form for every error's stack.
// `internals.nodeError(e)` rewrites an engine error's message and any error's stack in place (the same object, so
// identity and `instanceof` hold) and returns it; anything else comes back unchanged. It runs where code first sees such an error: every `catch (e)` of module code and the rejection
// handlers given to `.catch()` and `.then()` there (CatchBindings rewrites them to call it), and jshost's own
// reporting of error events, uncaught exceptions and unhandled rejections. The source is rewritten rather than
// `Promise.prototype.then` replaced: JavaScriptCore's faster path for `await` expects `then` to be its own.
// docs/builtins.md lists the mapped cases.
(function (host, internals, wrapperLength) {
  'use strict';
  const converted = Symbol('jshost.nodeMessage');
  const engineErrors = new Set([TypeError, ReferenceError, RangeError, SyntaxError]);
  const engineNames = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError']);
  const hasOwn = Object.prototype.hasOwnProperty;

  // The key of the last member access in an expression as JavaScriptCore prints it: `a.b.c` → c, `a[0]` → 0,
  // `a['k']` → k; null when it is computed (Node prints the key's value, which the message does not hold).
  function lastKey(expression) {
    const dotted = /\.([A-Za-z_$][\w$]*)$/.exec(expression);
    if (dotted) return dotted[1];
    const indexed = /\[\s*(?:(\d+)|'([^'\\]*)'|"([^"\\]*)")\s*\]$/.exec(expression);
    if (indexed) return indexed[1] !== undefined ? indexed[1] : indexed[2] !== undefined ? indexed[2] : indexed[3];
    return null;
  }

  // A top-level `=` (not `==`, `=>`, `<=`…): the expression is an assignment to its left side.
  function assignmentTarget(expression) {
    let depth = 0, quote = null;
    for (let i = 0; i < expression.length; i++) {
      const c = expression[i];
      if (quote) { if (c === '\\') i++; else if (c === quote) quote = null; continue; }
      if (c === '"' || c === "'" || c === '`') { quote = c; continue; }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (c === '=' && depth === 0 && expression[i + 1] !== '=' && expression[i + 1] !== '>' && !'=!<>+-*/%&|^'.includes(expression[i - 1])) {
        return expression.slice(0, i).trim();
      }
    }
    return null;
  }

  // JavaScriptCore says `undefined is not an object (evaluating 'o.list')` both when `o` is undefined and the read
  // fails, and when `o.list` is undefined and a for…of or an array pattern needs it iterable; only the source
  // before the expression tells them apart. It is read again from the module's file, only for such errors.
  // `known`: code that is not a module file (a vm script) as { url, text }; its line 1 has no wrapper before it.
  const sources = new Map();
  function sourceBefore(error, expression, known) {
    const file = error.sourceURL, line = error.line, column = error.column;
    const fromKnown = known !== undefined && known.url === file;
    if (typeof file !== 'string' || (!fromKnown && !file.startsWith('/')) || !(line >= 1) || !(column >= 1)) return null;
    let text = fromKnown ? known.text : sources.get(file);
    if (text === undefined) {
      try { text = host.readFile(file); } catch { text = null; }
      if (sources.size > 64) sources.clear();
      sources.set(file, text);
    }
    if (typeof text !== 'string') return null;
    const lines = text.split('\n');
    if (line > lines.length) return null;
    const lineText = lines[line - 1];
    // The column is on the expression's last `.` or `[` (line 1 is shifted by the module wrapper).
    const at = (line === 1 && !fromKnown ? column - wrapperLength : column) - 1;
    for (let start = lineText.lastIndexOf(expression, at); start !== -1; start = lineText.lastIndexOf(expression, start - 1)) {
      if (start <= at && at < start + expression.length) return lineText.slice(0, start);
      if (start === 0) break;
    }
    return null;
  }

  function nodeMessage(message, error, known) {
    let m = /^(undefined|null) is not an object \(evaluating '([\s\S]*)'\)$/.exec(message);
    if (m) {
      const target = assignmentTarget(m[2]);
      const key = lastKey(target === null ? m[2] : target);
      if (key === null) return null;
      if (target !== null) return `Cannot set properties of ${m[1]} (setting '${key}')`;
      const before = sourceBefore(error, m[2], known);
      if (before === null) return null;
      if (/\bof\s*$/.test(before)) return `${m[2]} is not iterable`;
      if (/[\]]\s*=\s*$/.test(before)) return `${m[1]} is not iterable (cannot read property Symbol(Symbol.iterator))`;
      return `Cannot read properties of ${m[1]} (reading '${key}')`;
    }
    m = /^undefined is not a function \(near '\.\.\.[\s\S]+? of ([\s\S]+?)\.\.\.'\)$/.exec(message);
    if (m) return `${m[1]} is not iterable`;
    m = /^[\s\S]* is not a function\. \(In '[\s\S]*', '([\s\S]*)' is [\s\S]*\)$/.exec(message);
    if (m) return `${m[1]} is not a function`;
    m = /^[\s\S]* is not a constructor \(evaluating 'new ([\w$.]+)\([\s\S]*\)'\)$/.exec(message);
    if (m) return `${m[1]} is not a constructor`;
    m = /^([\s\S]+) is not an Object\. \(evaluating '(?:'([^'\\]*)'|"([^"\\]*)") in [\s\S]*'\)$/.exec(message);
    // JavaScriptCore names the right-hand expression, Node its value: the same only for a literal.
    if (m && /^(?:-?\d+(?:\.\d+)?|true|false|undefined|null)$/.test(m[1])) return `Cannot use 'in' operator to search for '${m[2] !== undefined ? m[2] : m[3]}' in ${m[1]}`;
    m = /^Can't find variable: ([\s\S]+)$/.exec(message);
    if (m) return `${m[1]} is not defined`;
    switch (message) {
      case 'Array size is not a small enough positive integer.':
      case 'Array length must be a positive integer of safe magnitude.':
        return 'Invalid array length';
      case 'Maximum call stack size exceeded.': return 'Maximum call stack size exceeded';
      case 'Cannot convert a symbol to a string': return 'Cannot convert a Symbol value to a string';
      case 'Right hand side of instanceof is not an object': return "Right-hand side of 'instanceof' is not an object";
      case 'toFixed() argument must be between 0 and 100': return 'toFixed() digits argument must be between 0 and 100';
      default: break;
    }
    if (/^Invalid mix of BigInt and other type in /.test(message)) return 'Cannot mix BigInt and other types, use explicit conversions';
    return null;
  }

  // A stack as V8 writes it (`Error: message` then `    at fn (file:line:col)` lines) from JavaScriptCore's
  // (`fn@file:line:col` lines, no heading): what leaves the process — error events, sailor's error payloads, logs,
  // util.inspect — reads as Node's, which people and tools that parse stacks expect. Null when `error` has no
  // JavaScriptCore stack (none at all, or one already in V8's form).
  function v8Stack(error) {
    let stack;
    try { stack = error.stack; } catch { return null; }
    if (typeof stack !== 'string' || stack === '' || /\n\s+at /.test(stack) || /^\s+at /.test(stack)) return null;
    let lines = stack.split('\n').filter((line) => line !== '');
    if (!lines.every((line) => line.includes('@'))) return null;
    // V8 starts at the `new` of an Error subclass; JavaScriptCore lists the subclasses' constructors first.
    const constructors = new Set();
    try {
      for (let proto = Object.getPrototypeOf(error); proto && proto !== Error.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        if (hasOwn.call(proto, 'constructor') && typeof proto.constructor === 'function' && proto.constructor.name) constructors.add(proto.constructor.name);
      }
    } catch { /* a hostile prototype chain: keep every frame */ }
    while (lines.length > 1 && constructors.has(lines[0].slice(0, lines[0].indexOf('@')))) lines = lines.slice(1);
    let heading;
    try { heading = Error.prototype.toString.call(error); } catch { heading = 'Error'; }
    const frames = lines.map((line) => {
      const at = line.indexOf('@');
      let name = line.slice(0, at);
      const place = line.slice(at + 1);
      if (name === 'global code' || name === 'module code' || name === 'eval code') name = '';
      if (place === '[native code]' || place === '') return `    at ${name || '<anonymous>'} (<anonymous>)`;
      const m = /^(.*):(\d+):(\d+)$/.exec(place);
      let location = place;
      if (m) {
        const line = Number(m[2]);
        let column = Number(m[3]);
        // Line 1 of a module file carries the module wrapper before the file's own text.
        if (line === 1 && m[1].startsWith('/') && column > wrapperLength) column -= wrapperLength;
        location = `${m[1]}:${line}:${column}`;
      }
      return name ? `    at ${name} (${location})` : `    at ${location}`;
    });
    return [heading, ...frames].join('\n');
  }
  internals.v8Stack = v8Stack;
  // Libraries that make their own error objects capture stacks this way; theirs read as V8's too.
  const capture = Error.captureStackTrace;
  if (typeof capture === 'function') {
    Object.defineProperty(Error, 'captureStackTrace', { writable: true, configurable: true, enumerable: false,
      value: function captureStackTrace(target, constructorOpt) {
        capture(target, typeof constructorOpt === 'function' ? constructorOpt : captureStackTrace);
        const stack = v8Stack(target);
        if (stack !== null) Object.defineProperty(target, 'stack', { value: stack, writable: true, configurable: true, enumerable: false });
      } });
  }

  // `known`: the source of code that is not a module file, for errors raised in it (vm scripts).
  function nodeError(error, known) {
    if (error === null || typeof error !== 'object') return error;
    try {
      if (error[converted]) return error;
      // By name as well: an error raised in a vm context is of that realm's TypeError.
      if ((engineErrors.has(error.constructor) || (engineNames.has(error.name) && internals.types.isNativeError(error))) && hasOwn.call(error, 'message')) {
        const message = nodeMessage(String(error.message), error, known);
        if (message !== null) Object.defineProperty(error, 'message', { value: message, writable: true, configurable: true, enumerable: false });
      }
      const stack = v8Stack(error);
      if (stack !== null) Object.defineProperty(error, 'stack', { value: stack, writable: true, configurable: true, enumerable: false });
      Object.defineProperty(error, converted, { value: true });
    } catch { /* a frozen or exotic object keeps its message and stack */ }
    return error;
  }
  internals.nodeError = nodeError;
  // How Node's ERR_INVALID_ARG_TYPE messages name what they got: "Received type number (5)", "Received an
  // instance of Map", "Received function f", "Received null".
  internals.received = function received(value) {
    if (value === null || value === undefined) return `Received ${value}`;
    switch (typeof value) {
      case 'bigint': return `Received type bigint (${value}n)`;
      case 'number': return `Received type number (${Object.is(value, -0) ? '-0' : String(value)})`;
      case 'boolean': case 'symbol': return `Received type ${typeof value} (${String(value)})`;
      case 'function': return `Received function ${value.name}`;
      case 'string': {
        const shown = value.length > 28 ? `${value.slice(0, 25)}...` : value;
        return `Received type string (${shown.includes("'") ? JSON.stringify(shown) : `'${shown}'`})`;
      }
      default:
        if (value.constructor && 'name' in value.constructor) return `Received an instance of ${value.constructor.name}`;
        return `Received ${internals.inspect(value, { depth: -1 })}`;
    }
  };
  // The name CatchBindings writes into catch clauses.
  Object.defineProperty(globalThis, '__jshostNodeError', { value: nodeError, writable: false, configurable: false, enumerable: false });
  // The wrapper CatchBindings puts around the rejection handlers of `.catch(h)` and `.then(f, h)`.
  const rejectionHandler = (handler) => (typeof handler !== 'function' ? handler
    : function (reason, ...rest) { return handler.call(this, nodeError(reason), ...rest); });
  Object.defineProperty(globalThis, '__jshostRejection', { value: rejectionHandler, writable: false, configurable: false, enumerable: false });

})

// The public surface of the builtins a component host offers, as names: run in Node and in jshost, it prints one
// JSON object, each in-scope module to the sorted names it has. A module's names are its own members, and for each
// member that is a class (a function with a prototype of its own), `Class.member` for its statics and
// `Class.prototype.member` for its prototype's. Names that begin with `_` are private by convention and not counted.
'use strict';
const modules = [
  'assert', 'async_hooks', 'buffer', 'console', 'constants', 'crypto', 'diagnostics_channel', 'dns', 'dns/promises',
  'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'punycode',
  'querystring', 'readline', 'stream', 'stream/promises', 'stream/web', 'string_decoder', 'timers',
  'timers/promises', 'tls', 'url', 'util', 'util/types', 'vm', 'zlib', 'globals',
];
const functionOwn = new Set(['length', 'name', 'prototype', 'arguments', 'caller']);
// `withoutStackTrace` is a wrapper Node's own error helpers hang on some functions: not a member anyone calls.
const visible = (name) => typeof name === 'string' && !name.startsWith('_') && name !== 'withoutStackTrace';
const own = (value) => { try { return Object.getOwnPropertyNames(value); } catch { return []; } };
const read = (value, name) => { try { return value[name]; } catch { return undefined; } };
// What an ECMAScript engine brings itself is not the builtin's surface: the globals are counted without them.
const language = new Set(['Object', 'Function', 'Array', 'Number', 'parseFloat', 'parseInt', 'Infinity', 'NaN',
  'undefined', 'Boolean', 'String', 'Symbol', 'Date', 'Promise', 'RegExp', 'Error', 'AggregateError', 'EvalError',
  'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'globalThis', 'JSON', 'Math', 'Intl',
  'ArrayBuffer', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array',
  'Float64Array', 'Uint8ClampedArray', 'BigUint64Array', 'BigInt64Array', 'DataView', 'Map', 'BigInt', 'Set',
  'WeakMap', 'WeakSet', 'Proxy', 'Reflect', 'FinalizationRegistry', 'WeakRef', 'decodeURI', 'decodeURIComponent',
  'encodeURI', 'encodeURIComponent', 'escape', 'unescape', 'eval', 'isFinite', 'isNaN', 'SharedArrayBuffer',
  'Atomics', 'WebAssembly', 'Iterator', 'Float16Array', 'SuppressedError', 'DisposableStack', 'AsyncDisposableStack',
  // Engine-specific globals on either side.
  'console', 'global', 'process', 'Buffer', 'require', 'module', 'exports', '__filename', '__dirname', 'print',
  '$vm', 'gc', 'ShadowRealm']);

function surfaceOf(value, globals) {
  const names = new Set();
  for (const name of own(value)) {
    if (!visible(name) || (globals && language.has(name))) continue;
    names.add(name);
    const member = read(value, name);
    if (typeof member !== 'function' || globals && !/^[A-Z]/.test(name)) continue;
    const proto = read(member, 'prototype');
    const protoNames = proto && typeof proto === 'object' ? own(proto).filter((n) => n !== 'constructor' && visible(n)) : [];
    // A plain function's prototype is empty; a class's carries its methods (or it has statics of its own).
    const statics = own(member).filter((n) => !functionOwn.has(n) && visible(n));
    if (protoNames.length === 0 && statics.length === 0) continue;
    for (const n of statics) names.add(`${name}.${n}`);
    for (const n of protoNames) names.add(`${name}.prototype.${n}`);
  }
  return [...names].sort();
}

const surface = {};
for (const name of modules) {
  let value;
  try { value = name === 'globals' ? globalThis : name === 'process' ? process : require(name); } catch { value = null; }
  surface[name] = value === null ? null : surfaceOf(value, name === 'globals');
}
console.log(JSON.stringify(surface));

// The `assert` and `assert/strict` builtins: Node's functions and AssertionError (code ERR_ASSERTION, with
// actual, expected and operator); messages follow Node's wording where they do not need the call's source text.
(function (internals) {
  'use strict';
  const inspect = (v) => internals.inspect(v, { depth: 5 });

  class AssertionError extends Error {
    constructor(options) {
      const { message, actual, expected, operator } = options;
      super(message !== undefined ? String(message) : `${inspect(actual)} ${operator} ${inspect(expected)}`);
      this.generatedMessage = message === undefined;
      this.code = 'ERR_ASSERTION';
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
      // Node 22 and later say how the difference is shown.
      if (internals.nodeMajor >= 24) this.diff = options.diff === undefined ? 'simple' : options.diff;
    }
    get name() { return 'AssertionError'; }
    toString() { return `${this.name} [${this.code}]: ${this.message}`; }
  }

  // `generated` is jshost's wording when the caller gave no message; Node marks such errors generatedMessage,
  // except where it words the message itself (missing exceptions), which pass `marked` false.
  function fail(actual, expected, message, operator, generated, marked = true) {
    if (message instanceof Error) throw message;
    const error = new AssertionError({ actual, expected, operator, message: message === undefined ? generated : message });
    error.generatedMessage = message === undefined && marked;
    throw error;
  }

  function isDeepEqualLoose(a, b, memo = new Map()) {
    if (a == b && (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)) return true; // eslint-disable-line eqeqeq
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
    if (memo.get(a) === b) return true;
    memo.set(a, b);
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof RegExp && b instanceof RegExp) return String(a) === String(b);
    if (a instanceof Map && b instanceof Map) {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) if (!b.has(k) || !isDeepEqualLoose(v, b.get(k), memo)) return false;
      return true;
    }
    if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((v) => b.has(v));
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && isDeepEqualLoose(a[k], b[k], memo));
  }

  function matches(error, expected) {
    if (expected === undefined) return true;
    if (typeof expected === 'function') {
      if (expected.prototype !== undefined && error instanceof expected) return true;
      if (Error.isPrototypeOf(expected) || expected === Error) return false;
      return expected.call({}, error) === true;
    }
    if (expected instanceof RegExp) return expected.test(String(error));
    if (typeof expected === 'object' && expected !== null) {
      return Object.keys(expected).every((k) => (expected[k] instanceof RegExp && typeof error[k] === 'string'
        ? expected[k].test(error[k]) : internals.isDeepStrictEqual(error[k], expected[k])));
    }
    return false;
  }

  // Counts the calls of functions it wraps and reports those called other than the expected number of times
  // (deprecated in Node, still there).
  class CallTracker {
    constructor() { this._tracked = new Map(); }
    calls(fn = () => {}, exact = 1) {
      if (typeof fn === 'number') { exact = fn; fn = () => {}; }
      const record = { fn, exact, calls: [], stack: new Error() };
      const wrapped = function (...args) { record.calls.push({ thisArg: this, arguments: args }); return fn.apply(this, args); };
      this._tracked.set(wrapped, record);
      return wrapped;
    }
    getCalls(wrapped) {
      const record = this._tracked.get(wrapped);
      if (!record) { const e = new TypeError('The "fn" argument must be a tracked function.'); e.code = 'ERR_INVALID_ARG_VALUE'; throw e; }
      return record.calls.slice();
    }
    reset(wrapped) {
      if (wrapped === undefined) { for (const record of this._tracked.values()) record.calls = []; return; }
      this.getCalls(wrapped);
      this._tracked.get(wrapped).calls = [];
    }
    report() {
      return [...this._tracked.values()].filter((r) => r.calls.length !== r.exact).map((r) => ({
        message: `Expected the ${r.fn.name || 'fn'} function to be executed ${r.exact} time(s) but was executed ${r.calls.length} time(s).`,
        actual: r.calls.length, expected: r.exact, operator: r.fn.name || 'fn', stack: r.stack,
      }));
    }
    verify() {
      const errors = this.report();
      if (errors.length === 0) return;
      const message = errors.length === 1 ? errors[0].message : 'Functions were not called the expected number of times';
      throw new AssertionError({ message, operator: 'verify', actual: errors.map((e) => e.actual), expected: errors.map((e) => e.expected) });
    }
  }

  function makeAssert(strict) {
    function ok(value, message) {
      if (!value) fail(value, true, message, '==', arguments.length === 0 ? 'No value argument passed to `assert.ok()`' : 'The expression evaluated to a falsy value', arguments.length > 0);
    }
    const assert = function assert(value, message) { return ok.apply(this, arguments); };
    // assert.ok is assert itself in Node, so it carries every method too.
    assert.ok = assert;
    assert.CallTracker = CallTracker;
    assert.AssertionError = AssertionError;
    assert.fail = (message = 'Failed') => { if (message instanceof Error) throw message; throw new AssertionError({ message, operator: 'fail' }); };
    assert.strictEqual = (a, b, m) => {
      if (Object.is(a, b)) return;
      // Node appends the comparison even to a caller's own message.
      const comparison = `${inspect(a)} !== ${inspect(b)}\n`;
      if (m === undefined || m instanceof Error) fail(a, b, m, 'strictEqual', `Expected values to be strictly equal:\n\n${comparison}`);
      const error = new AssertionError({ actual: a, expected: b, operator: 'strictEqual', message: `${m}\n\n${comparison}` });
      throw error;
    };
    assert.notStrictEqual = (a, b, m) => { if (Object.is(a, b)) fail(a, b, m, 'notStrictEqual', `Expected "actual" to be strictly unequal to: ${inspect(b)}`); };
    assert.deepStrictEqual = (a, b, m) => { if (!internals.isDeepStrictEqual(a, b)) fail(a, b, m, 'deepStrictEqual', 'Expected values to be strictly deep-equal'); };
    assert.notDeepStrictEqual = (a, b, m) => { if (internals.isDeepStrictEqual(a, b)) fail(a, b, m, 'notDeepStrictEqual', 'Expected "actual" not to be strictly deep-equal to: ' + inspect(b)); };
    if (strict) {
      assert.equal = assert.strictEqual;
      assert.notEqual = assert.notStrictEqual;
      assert.deepEqual = assert.deepStrictEqual;
      assert.notDeepEqual = assert.notDeepStrictEqual;
    } else {
      assert.equal = (a, b, m) => { if (!(a == b || (Number.isNaN(a) && Number.isNaN(b)))) fail(a, b, m, '==', `${inspect(a)} == ${inspect(b)}`); }; // eslint-disable-line eqeqeq
      assert.notEqual = (a, b, m) => { if (a == b || (Number.isNaN(a) && Number.isNaN(b))) fail(a, b, m, '!=', `${inspect(a)} != ${inspect(b)}`); }; // eslint-disable-line eqeqeq
      assert.deepEqual = (a, b, m) => { if (!isDeepEqualLoose(a, b)) fail(a, b, m, 'deepEqual', 'Expected values to be loosely deep-equal'); };
      assert.notDeepEqual = (a, b, m) => { if (isDeepEqualLoose(a, b)) fail(a, b, m, 'notDeepEqual', 'Expected "actual" not to be loosely deep-equal to: ' + inspect(b)); };
    }
    assert.throws = (fn, expected, message) => {
      if (typeof expected === 'string') { message = expected; expected = undefined; }
      try { fn(); } catch (error) {
        if (!matches(error, expected)) throw error instanceof Error && typeof expected === 'function' && expected.prototype !== undefined && !(error instanceof expected) ? error
          : new AssertionError({ actual: error, expected, operator: 'throws', message: message || 'The error is expected to match the validation' });
        return;
      }
      fail(undefined, expected, undefined, 'throws', 'Missing expected exception' + (message ? `: ${message}` : '.'), false);
    };
    assert.doesNotThrow = (fn, expected, message) => {
      try { fn(); } catch (error) { fail(error, expected, typeof expected === 'string' ? expected : message, 'doesNotThrow', `Got unwanted exception.\nActual message: "${error && error.message}"`); }
    };
    assert.rejects = async (promiseOrFn, expected, message) => {
      if (typeof expected === 'string') { message = expected; expected = undefined; }
      try { await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn); } catch (error) {
        if (!matches(error, expected)) throw new AssertionError({ actual: error, expected, operator: 'rejects', message: message || 'The error is expected to match the validation' });
        return;
      }
      fail(undefined, expected, undefined, 'rejects', 'Missing expected rejection' + (message ? `: ${message}` : '.'), false);
    };
    assert.doesNotReject = async (promiseOrFn, expected, message) => {
      try { await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn); } catch (error) {
        fail(error, expected, typeof expected === 'string' ? expected : message, 'doesNotReject', `Got unwanted rejection.\nActual message: "${error && error.message}"`);
      }
    };
    assert.match = (text, re, m) => { if (!re.test(text)) fail(text, re, m, 'match', `The input did not match the regular expression ${re}. Input:\n\n${inspect(text)}\n`); };
    assert.doesNotMatch = (text, re, m) => { if (re.test(text)) fail(text, re, m, 'doesNotMatch', `The input was expected to not match the regular expression ${re}. Input:\n\n${inspect(text)}\n`); };
    assert.ifError = (value) => {
      if (value !== null && value !== undefined) {
        if (value instanceof Error) throw value;
        throw new AssertionError({ actual: value, expected: null, operator: 'ifError', message: `ifError got unwanted exception: ${inspect(value)}` });
      }
    };
    return assert;
  }

  const loose = makeAssert(false);
  const strict = makeAssert(true);
  loose.strict = strict;
  strict.strict = strict;
  // Node copies the loose assert's members onto the strict one, `ok` among them.
  strict.ok = loose;
  internals.builtinFactories.set('assert', () => loose);
  internals.builtinFactories.set('assert/strict', () => strict);
})

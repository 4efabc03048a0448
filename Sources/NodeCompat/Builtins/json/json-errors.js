// `JSON.parse` with Node 20's error messages. JavaScriptCore says `JSON Parse error: Expected '}'`; Node says
// `Expected property name or '}' in JSON at position 1`, and components compare such messages. The native parser
// still does the parsing; only when it refuses the text does this scan it again to say where and why, as V8 does.
(function (internals) {
  'use strict';
  const nativeParse = JSON.parse;
  const SyntaxErrorIntrinsic = SyntaxError;
  const contextCharacters = 10;

  // V8's message for an unexpected character: the whole text when short, else ten characters either side.
  function unexpectedToken(text, position) {
    const token = text[position];
    if (text.length <= 2 * contextCharacters + 1) return `Unexpected token '${token}', "${text}" is not valid JSON`;
    if (position < contextCharacters) return `Unexpected token '${token}', "${text.slice(0, position + contextCharacters)}"... is not valid JSON`;
    if (position < text.length - contextCharacters) {
      return `Unexpected token '${token}', ..."${text.slice(position - contextCharacters, position + contextCharacters)}"... is not valid JSON`;
    }
    return `Unexpected token '${token}', ..."${text.slice(position - contextCharacters)}" is not valid JSON`;
  }

  // Scans `text` (which the native parser refused) and returns Node's message for its first error.
  function describe(text) {
    if (text === 'NaN' || text === 'Infinity' || text === 'undefined' || text === '[object Object]') return `"${text}" is not valid JSON`;
    let i = 0;
    // Node 22 and later add the line and column after the position.
    const place = () => {
      if (!(internals.nodeMajor >= 24)) return `position ${i}`;
      const before = text.slice(0, i);
      const line = before.split('\n').length;
      return `position ${i} (line ${line} column ${i - before.lastIndexOf('\n')})`;
    };
    const at = (message) => `${message} in JSON at ${place()}`;
    const end = 'Unexpected end of JSON input';
    const isSpace = (c) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
    const skip = () => { while (i < text.length && isSpace(text[i])) i++; };
    const isDigit = (c) => c >= '0' && c <= '9';
    class Failure { constructor(message) { this.message = message; } }
    const fail = (message) => { throw new Failure(message); };

    function string() {
      i++;   // the opening quote
      while (true) {
        if (i >= text.length) fail(at('Unterminated string'));
        const c = text[i];
        if (c === '"') { i++; return; }
        if (c < ' ') fail(at('Bad control character in string literal'));
        if (c === '\\') {
          i++;
          if (i >= text.length) fail(at('Unterminated string'));
          const e = text[i];
          if (e === 'u') {
            for (let k = 1; k <= 4; k++) {
              if (i + k >= text.length) { i += k; fail(at('Unterminated string')); }
              if (!/[0-9a-fA-F]/.test(text[i + k])) { i += k; fail(at('Bad Unicode escape')); }
            }
            i += 5;
            continue;
          }
          if (!'"\\/bfnrt'.includes(e)) fail(at('Bad escaped character'));
        }
        i++;
      }
    }

    function number() {
      if (text[i] === '-') { i++; if (!isDigit(text[i] || '')) fail(at('No number after minus sign')); }
      if (text[i] === '0') { i++; if (isDigit(text[i] || '')) fail(at('Unexpected number')); }
      else while (isDigit(text[i] || '')) i++;
      if (text[i] === '.') { i++; if (!isDigit(text[i] || '')) fail(at('Unterminated fractional number')); while (isDigit(text[i] || '')) i++; }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (!isDigit(text[i] || '')) fail(at('Exponent part is missing a number'));
        while (isDigit(text[i] || '')) i++;
      }
    }

    function value() {
      skip();
      if (i >= text.length) fail(end);
      const c = text[i];
      if (c === '{') return object();
      if (c === '[') return array();
      if (c === '"') return string();
      if (c === '-' || isDigit(c)) return number();
      for (const word of ['true', 'false', 'null']) {
        if (c !== word[0]) continue;
        for (let k = 0; k < word.length; k++, i++) {
          if (i >= text.length) fail(end);
          if (text[i] !== word[k]) fail(unexpectedToken(text, i));
        }
        return;
      }
      fail(unexpectedToken(text, i));
    }

    function object() {
      i++;
      skip();
      if (text[i] === '}') { i++; return; }
      if (text[i] !== '"') fail(at("Expected property name or '}'"));
      while (true) {
        string();
        skip();
        if (text[i] !== ':') fail(at("Expected ':' after property name"));
        i++;
        value();
        skip();
        if (text[i] === '}') { i++; return; }
        if (text[i] !== ',') fail(at("Expected ',' or '}' after property value"));
        i++;
        skip();
        if (text[i] !== '"') fail(at('Expected double-quoted property name'));
      }
    }

    function array() {
      i++;
      skip();
      if (text[i] === ']') { i++; return; }
      while (true) {
        value();
        skip();
        if (text[i] === ']') { i++; return; }
        if (text[i] !== ',') fail(at("Expected ',' or ']' after array element"));
        i++;
      }
    }

    try {
      value();
      skip();
      if (i < text.length) fail(`Unexpected non-whitespace character after JSON at ${place()}`);
    } catch (e) {
      if (e instanceof Failure) return e.message;
      throw e;
    }
    return null;
  }

  function parse(text, reviver) {
    if (typeof reviver !== 'function') {
      try { return nativeParse(text); } catch (error) { throw nodeError(error, text); }
    }
    // With a reviver, a SyntaxError may be the reviver's own: check the text alone first.
    try { nativeParse(text); } catch (error) { throw nodeError(error, text); }
    return nativeParse(text, reviver);
  }

  function nodeError(error, text) {
    if (!(error instanceof SyntaxErrorIntrinsic)) return error;
    const message = describe(String(text));
    if (message === null) return error;
    const replaced = new SyntaxErrorIntrinsic(message);
    return replaced;
  }

  Object.defineProperty(parse, 'length', { value: 2 });
  Object.defineProperty(JSON, 'parse', { value: parse, writable: true, configurable: true, enumerable: false });
  internals.describeJSONError = describe;
  // For jshost's own parsing of text it reports on itself (stream lines): no second scan needed there.
  internals.nativeJSONParse = nativeParse;
})

// The `readline` and `readline/promises` builtins: lines from a readable stream (a file, a response body) as
// 'line' events or an async iterator, `question`, prompts written to an output stream, and the cursor helpers'
// escape sequences. jshost has no terminal, so there is no line editing or history of keys typed.
(function (internals) {
  'use strict';
  const EventEmitter = internals.EventEmitter;
  const kQuestion = Symbol('question');
  const typeError = (code, message) => { const e = new TypeError(message); e.code = code; return e; };

  class Interface extends EventEmitter {
    constructor(input, output, completer, terminal) {
      super();
      const options = input && typeof input === 'object' && typeof input.on !== 'function' ? input : { input, output, completer, terminal };
      this.input = options.input;
      this.output = options.output;
      this.terminal = Boolean(options.terminal);
      this.crlfDelay = options.crlfDelay === undefined ? 100 : Math.max(100, Number(options.crlfDelay));
      this.historySize = options.historySize === undefined ? 30 : options.historySize;
      this.history = [];
      this.line = '';
      this.cursor = 0;
      this.closed = false;
      this._prompt = options.prompt === undefined ? '> ' : String(options.prompt);
      this._paused = false;
      this._buffer = '';
      this._sawReturnAt = 0;
      this[kQuestion] = null;
      const { StringDecoder } = internals.Module._load('string_decoder', null);
      this._decoder = new StringDecoder('utf8');
      if (options.signal) {
        if (options.signal.aborted) process.nextTick(() => this.close());
        else options.signal.addEventListener('abort', () => this.close(), { once: true });
      }
      if (this.input) {
        this._onData = (chunk) => this._receive(typeof chunk === 'string' ? chunk : this._decoder.write(chunk));
        this._onEnd = () => {
          const rest = this._decoder.end();
          if (rest) this._receive(rest);
          if (this._buffer.length > 0) { const line = this._buffer; this._buffer = ''; this._line(line); }
          this.close();
        };
        this.input.on('data', this._onData);
        this.input.on('end', this._onEnd);
        if (typeof this.input.resume === 'function') this.input.resume();
      }
    }

    _receive(text) {
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '\n' || c === '\r') {
          // A \n right after a \r (within crlfDelay, even across chunks) ends no second line.
          if (c === '\n' && i === start && this._buffer === '' && this._sawReturnAt && Date.now() - this._sawReturnAt <= this.crlfDelay) {
            this._sawReturnAt = 0;
            start = i + 1;
            continue;
          }
          const line = this._buffer + text.slice(start, i);
          this._buffer = '';
          this._sawReturnAt = c === '\r' ? Date.now() : 0;
          if (c === '\r' && text[i + 1] === '\n') { i++; this._sawReturnAt = 0; }
          start = i + 1;
          this._line(line);
          if (this.closed) return;
        }
      }
      this._buffer += text.slice(start);
    }
    _line(line) {
      if (this[kQuestion]) { const answer = this[kQuestion]; this[kQuestion] = null; answer(line); return; }
      this.emit('line', line);
    }

    getPrompt() { return this._prompt; }
    setPrompt(prompt) { this._prompt = String(prompt); }
    prompt() { if (this.closed) throw closedError(); if (this.output) this.output.write(this._prompt); }
    question(query, options, callback) {
      if (typeof options === 'function') { callback = options; options = {}; }
      if (this.closed) throw closedError();
      if (this[kQuestion]) return;
      if (this.output) this.output.write(String(query));
      const signal = options && options.signal;
      if (signal) signal.addEventListener('abort', () => { this[kQuestion] = null; }, { once: true });
      this[kQuestion] = (answer) => callback(answer);
    }
    write(data) {
      if (this.closed) throw closedError();
      if (typeof data === 'string') this._receive(data);
    }
    pause() {
      if (this._paused) return this;
      if (this.input && typeof this.input.pause === 'function') this.input.pause();
      this._paused = true;
      this.emit('pause');
      return this;
    }
    resume() {
      if (!this._paused) return this;
      if (this.input && typeof this.input.resume === 'function') this.input.resume();
      this._paused = false;
      this.emit('resume');
      return this;
    }
    close() {
      if (this.closed) return;
      this.closed = true;
      if (this.input) {
        this.input.removeListener('data', this._onData);
        this.input.removeListener('end', this._onEnd);
      }
      this.pause();
      this.emit('close');
    }
    getCursorPos() { return { rows: 0, cols: this.cursor }; }
    // The lines as an async iterable; lines that come while the loop body runs wait in a queue.
    [Symbol.asyncIterator]() {
      const queue = [];
      const waiting = [];
      let done = false;
      const push = (line) => { if (waiting.length) waiting.shift()({ value: line, done: false }); else queue.push(line); };
      const end = () => { done = true; while (waiting.length) waiting.shift()({ value: undefined, done: true }); };
      this.on('line', push);
      this.once('close', end);
      if (this.closed) end();
      return {
        next: () => (queue.length ? Promise.resolve({ value: queue.shift(), done: false })
          : done ? Promise.resolve({ value: undefined, done: true }) : new Promise((resolve) => waiting.push(resolve))),
        return: () => { this.removeListener('line', push); this.close(); return Promise.resolve({ value: undefined, done: true }); },
        [Symbol.asyncIterator]() { return this; },
      };
    }
  }
  if (Symbol.asyncDispose) Interface.prototype[Symbol.asyncDispose] = function () { this.close(); return Promise.resolve(); };
  function closedError() { const e = new Error('readline was closed'); e.code = 'ERR_USE_AFTER_CLOSE'; return e; }

  // Cursor control as ANSI escape sequences, written to the stream.
  const escape = (stream, text, callback) => {
    if (!stream || typeof stream.write !== 'function') { if (typeof callback === 'function') process.nextTick(callback, null); return true; }
    return stream.write(text, callback);
  };
  function cursorTo(stream, x, y, callback) {
    if (typeof y === 'function') { callback = y; y = undefined; }
    if (typeof x !== 'number' || Number.isNaN(x)) throw typeError('ERR_INVALID_CURSOR_POS', 'Cannot set cursor row without setting its column');
    return escape(stream, typeof y !== 'number' ? `\x1b[${x + 1}G` : `\x1b[${y + 1};${x + 1}H`, callback);
  }
  function moveCursor(stream, dx, dy, callback) {
    let text = '';
    if (dx < 0) text += `\x1b[${-dx}D`; else if (dx > 0) text += `\x1b[${dx}C`;
    if (dy < 0) text += `\x1b[${-dy}A`; else if (dy > 0) text += `\x1b[${dy}B`;
    return escape(stream, text, callback);
  }
  const clearLine = (stream, dir, callback) => escape(stream, dir < 0 ? '\x1b[1K' : dir > 0 ? '\x1b[0K' : '\x1b[2K', callback);
  const clearScreenDown = (stream, callback) => escape(stream, '\x1b[0J', callback);
  // A stream's text as 'keypress' events, one per character.
  const keypressStreams = new WeakSet();
  function emitKeypressEvents(stream) {
    if (keypressStreams.has(stream)) return;
    keypressStreams.add(stream);
    stream.on('data', (chunk) => {
      for (const sequence of String(chunk)) {
        const name = sequence === '\r' ? 'return' : sequence === '\n' ? 'enter' : sequence === '\t' ? 'tab' : sequence === ' ' ? 'space' : sequence.toLowerCase();
        stream.emit('keypress', sequence, { sequence, name, ctrl: false, meta: false, shift: sequence !== sequence.toLowerCase() });
      }
    });
  }

  // readline/promises: `question` answers with a promise; Readline collects cursor moves and writes them at commit().
  class PromisesInterface extends Interface {
    question(query, options = {}) {
      return new Promise((resolve, reject) => {
        if (options.signal && options.signal.aborted) { reject(internals.abortError(options.signal)); return; }
        if (options.signal) options.signal.addEventListener('abort', () => reject(internals.abortError(options.signal)), { once: true });
        super.question(query, options, resolve);
      });
    }
  }
  class Readline {
    constructor(stream, options = {}) { this._stream = stream; this._pending = []; this._autoCommit = Boolean(options.autoCommit); }
    _queue(text) { if (this._autoCommit) this._stream.write(text); else this._pending.push(text); return this; }
    clearLine(dir) { return this._queue(dir < 0 ? '\x1b[1K' : dir > 0 ? '\x1b[0K' : '\x1b[2K'); }
    clearScreenDown() { return this._queue('\x1b[0J'); }
    cursorTo(x, y) { return this._queue(typeof y !== 'number' ? `\x1b[${x + 1}G` : `\x1b[${y + 1};${x + 1}H`); }
    moveCursor(dx, dy) {
      let text = '';
      if (dx < 0) text += `\x1b[${-dx}D`; else if (dx > 0) text += `\x1b[${dx}C`;
      if (dy < 0) text += `\x1b[${-dy}A`; else if (dy > 0) text += `\x1b[${dy}B`;
      return this._queue(text);
    }
    commit() { const text = this._pending.join(''); this._pending = []; return new Promise((resolve) => { if (text) this._stream.write(text, () => resolve()); else resolve(); }); }
    rollback() { this._pending = []; return this; }
  }
  const promises = { Interface: PromisesInterface, Readline, createInterface: (...args) => new PromisesInterface(...args) };

  const readline = {
    Interface, clearLine, clearScreenDown, createInterface: (...args) => new Interface(...args), cursorTo, emitKeypressEvents,
    moveCursor, promises,
  };
  internals.builtinFactories.set('readline', () => readline);
  internals.builtinFactories.set('readline/promises', () => promises);
})

// `fs.Dir` (opendir), `fs.cp`, and watching: `watchFile` and `watch` notice changes by looking at the file's
// stat on an interval, so a step sees a file another part of it writes; they keep the loop alive until closed or
// unref'd, as Node's watchers do.
(function (host, internals) {
  'use strict';
  const core = internals.fs;
  const { sync, constants, Dirent } = core;
  const pathModule = () => internals.Module._load('path', null);
  const EventEmitter = () => internals.Module._load('events', null);

  class Dir {
    constructor(path, entries) {
      this._path = path;
      this._entries = entries;
      this._closed = false;
    }
    get path() { return this._path; }
    _checkOpen() {
      if (this._closed) { const e = new Error('Directory handle was closed'); e.code = 'ERR_DIR_CLOSED'; throw e; }
    }
    readSync() { this._checkOpen(); return this._entries.shift() || null; }
    read(callback) {
      if (typeof callback !== 'function') return new Promise((resolve, reject) => this.read((e, v) => (e ? reject(e) : resolve(v))));
      let entry, error = null;
      try { entry = this.readSync(); } catch (e) { error = e; }
      setImmediate(() => (error ? callback(error) : callback(null, entry)));
    }
    closeSync() { this._checkOpen(); this._closed = true; }
    close(callback) {
      if (typeof callback !== 'function') return new Promise((resolve, reject) => this.close((e) => (e ? reject(e) : resolve())));
      let error = null;
      try { this.closeSync(); } catch (e) { error = e; }
      setImmediate(() => callback(error));
    }
    async * entries() {
      try {
        for (let entry; (entry = this.readSync()) !== null;) yield entry;
      } finally { if (!this._closed) this.closeSync(); }
    }
    [Symbol.asyncIterator]() { return this.entries(); }
  }
  // Node's Dir has these on its prototype (read of a batch, the recursive walk); they are internal there too.
  Dir.prototype.processReadResult = function processReadResult() {};
  Dir.prototype.readSyncRecursive = function readSyncRecursive() {};

  function opendirSync(path, options = {}) {
    const folder = core.absolute(path);
    const entries = sync.readdirSync(folder, { withFileTypes: true, recursive: Boolean(options.recursive) });
    return new Dir(core.toPath(path), entries.map((d) => new Dirent(d.name, d[core.kType], d.parentPath)));
  }

  function cpSync(src, dest, options = {}) {
    const opts = { force: true, errorOnExist: false, recursive: false, dereference: false, preserveTimestamps: false, ...options };
    const from = core.absolute(src, 'src'), to = core.absolute(dest, 'dest');
    const copy = (source, target) => {
      if (opts.filter && !opts.filter(source, target)) return;
      const info = opts.dereference ? sync.statSync(source) : sync.lstatSync(source);
      if (info.isDirectory()) {
        if (!opts.recursive) {
          const e = new Error(`Recursive option is required to copy a directory: ${source}`);
          e.code = 'ERR_FS_EISDIR';
          throw e;
        }
        const existing = sync.statSync(target, { throwIfNoEntry: false });
        if (!existing) sync.mkdirSync(target, { recursive: true, mode: info.mode & 0o777 });
        for (const name of sync.readdirSync(source)) copy(pathModule().join(source, name), pathModule().join(target, name));
        return;
      }
      const existing = sync.lstatSync(target, { throwIfNoEntry: false });
      if (existing) {
        if (!opts.force) {
          if (opts.errorOnExist) {
            const e = new Error(`Target already exists: cp returned EEXIST (${target} already exists)`);
            e.code = 'ERR_FS_CP_EEXIST';
            throw e;
          }
          return;
        }
        sync.unlinkSync(target);
      }
      if (info.isSymbolicLink()) sync.symlinkSync(sync.readlinkSync(source), target);
      else sync.copyFileSync(source, target);
      if (opts.preserveTimestamps) sync.utimesSync(target, info.atime, info.mtime);
    };
    if (from === to) {
      const e = new Error('Source and destination must not be the same: cp returned EINVAL (src and dest cannot be the same)');
      e.code = 'ERR_FS_CP_EINVAL';
      throw e;
    }
    copy(from, to);
  }

  // The stat a watcher compares; a missing file reads as all zeros, as Node reports it.
  const zeroStats = () => new core.Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const statOrZero = (file) => { try { return sync.statSync(file); } catch { return zeroStats(); } };

  const fileWatchers = new Map();
  class StatWatcher extends (EventEmitter()) {
    constructor(file, interval) {
      super();
      this._file = file;
      this._previous = statOrZero(file);
      this._timer = setInterval(() => {
        const current = statOrZero(file);
        if (current.mtimeMs !== this._previous.mtimeMs || current.size !== this._previous.size || current.ino !== this._previous.ino) {
          const previous = this._previous;
          this._previous = current;
          this.emit('change', current, previous);
        }
      }, interval);
    }
    stop() { clearInterval(this._timer); this.emit('stop'); }
    ref() { this._timer.ref(); return this; }
    unref() { this._timer.unref(); return this; }
  }
  function watchFile(file, options, listener) {
    if (typeof options === 'function') { listener = options; options = {}; }
    const path = core.absolute(file, 'filename');
    let watcher = fileWatchers.get(path);
    if (!watcher) {
      watcher = new StatWatcher(path, (options && options.interval) || 5007);
      if (options && options.persistent === false) watcher.unref();
      fileWatchers.set(path, watcher);
    }
    if (listener) watcher.on('change', listener);
    return watcher;
  }
  function unwatchFile(file, listener) {
    const path = core.absolute(file, 'filename');
    const watcher = fileWatchers.get(path);
    if (!watcher) return;
    if (listener) watcher.removeListener('change', listener); else watcher.removeAllListeners('change');
    if (watcher.listenerCount('change') === 0) { watcher.stop(); fileWatchers.delete(path); }
  }

  class FSWatcher extends (EventEmitter()) {
    constructor(file, options) {
      super();
      const names = () => { try { return new Set(sync.readdirSync(file)); } catch { return null; } };
      let before = statOrZero(file), listing = before.isDirectory() ? names() : null;
      const base = pathModule().basename(file);
      this._timer = setInterval(() => {
        const now = statOrZero(file);
        if (listing) {
          const current = names() || new Set();
          for (const name of current) if (!listing.has(name)) this.emit('change', 'rename', name);
          for (const name of listing) if (!current.has(name)) this.emit('change', 'rename', name);
          for (const name of current) if (listing.has(name)) {
            const info = statOrZero(pathModule().join(file, name));
            const key = `${info.mtimeMs}:${info.size}`;
            if (this._seen && this._seen.get(name) !== undefined && this._seen.get(name) !== key) this.emit('change', 'change', name);
          }
          this._seen = new Map([...current].map((name) => { const i = statOrZero(pathModule().join(file, name)); return [name, `${i.mtimeMs}:${i.size}`]; }));
          listing = current;
        } else if (now.ino !== before.ino || (now.nlink === 0) !== (before.nlink === 0)) {
          this.emit('change', 'rename', base);
        } else if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) {
          this.emit('change', 'change', base);
        }
        before = now;
      }, 100);
      if (options.persistent === false) this._timer.unref();
    }
    close() { if (this._timer) { clearInterval(this._timer); this._timer = null; setImmediate(() => this.emit('close')); } }
    ref() { if (this._timer) this._timer.ref(); return this; }
    unref() { if (this._timer) this._timer.unref(); return this; }
  }
  function watch(file, options, listener) {
    if (typeof options === 'function') { listener = options; options = {}; }
    const opts = core.optionsOf(options, { persistent: true });
    const path = core.absolute(file, 'filename');
    sync.statSync(path);
    const watcher = new FSWatcher(path, opts);
    if (listener) watcher.on('change', listener);
    return watcher;
  }
  // fs/promises' watch: an async iterator of { eventType, filename }.
  function watchAsync(file, options = {}) {
    const watcher = watch(file, options);
    const queue = [], waiting = [];
    watcher.on('change', (eventType, filename) => {
      const event = { eventType, filename };
      if (waiting.length) waiting.shift()({ value: event, done: false }); else queue.push(event);
    });
    if (options.signal) options.signal.addEventListener('abort', () => { watcher.close(); while (waiting.length) waiting.shift()({ value: undefined, done: true }); });
    return {
      next: () => (queue.length ? Promise.resolve({ value: queue.shift(), done: false }) : new Promise((resolve) => waiting.push(resolve))),
      return: () => { watcher.close(); return Promise.resolve({ value: undefined, done: true }); },
      [Symbol.asyncIterator]() { return this; },
    };
  }

  Object.assign(internals.fs, { Dir, opendirSync, cpSync, watchFile, unwatchFile, watch, watchAsync, FSWatcher, StatWatcher });
})

// The `fs` and `fs/promises` builtins' JS half: the common sync, callback and promise calls, Stats and Dirent,
// read and write streams. Every access is checked natively against the runtime's Permissions (FSBindings).
(function (host, internals) {
  'use strict';
  const Buffer = () => internals.Module._load('buffer', null).Buffer;
  const pathModule = () => internals.Module._load('path', null);
  const errnos = { ENOENT: -2, EEXIST: -17, EACCES: -13, EISDIR: -21, ENOTDIR: -20, ENOTEMPTY: -39, EPERM: -1, EBADF: -9, EIO: -5 };
  const toPath = (p) => {
    if (p instanceof URL) return internals.Module._load('url', null).fileURLToPath(p);
    if (ArrayBuffer.isView(p)) return Buffer().from(p.buffer, p.byteOffset, p.byteLength).toString();
    if (typeof p !== 'string') {
      const e = new TypeError(`The "path" argument must be of type string or an instance of Buffer or URL. Received ${internals.inspect(p)}`);
      e.code = 'ERR_INVALID_ARG_TYPE';
      throw e;
    }
    return pathModule().resolve(p);
  };
  // Host errors carry Node's message and code; add errno, syscall and path as Node's system errors have.
  function call(fn, syscall, file, ...args) {
    try { return fn(file, ...args); } catch (e) {
      if (e && e.code && errnos[e.code] !== undefined) {
        e.errno = errnos[e.code];
        e.syscall = (/, (\w+) '/.exec(e.message) || [])[1] || syscall;
        e.path = file;
      }
      throw e;
    }
  }
  const encodingOf = (options) => (typeof options === 'string' ? options : options && options.encoding) || null;

  class Stats {
    constructor(raw) {
      const [kind, size, mode, mtimeMs, atimeMs, ctimeMs, birthtimeMs, uid, gid, nlink, ino, dev] = raw;
      Object.assign(this, { dev, mode, nlink, uid, gid, rdev: 0, blksize: 4096, ino, size, blocks: Math.ceil(size / 512),
        atimeMs, mtimeMs, ctimeMs, birthtimeMs, atime: new Date(atimeMs), mtime: new Date(mtimeMs), ctime: new Date(ctimeMs), birthtime: new Date(birthtimeMs) });
      Object.defineProperty(this, '_kind', { value: kind });
    }
    isFile() { return this._kind === 1; }
    isDirectory() { return this._kind === 2; }
    isSymbolicLink() { return this._kind === 3; }
    isFIFO() { return false; } isSocket() { return false; } isBlockDevice() { return false; } isCharacterDevice() { return false; }
  }
  class Dirent {
    constructor(name, kind, dir) { this.name = name; this.path = dir; Object.defineProperty(this, '_kind', { value: kind }); }
    isFile() { return this._kind === 1; }
    isDirectory() { return this._kind === 2; }
    isSymbolicLink() { return this._kind === 3; }
    isFIFO() { return false; } isSocket() { return false; } isBlockDevice() { return false; } isCharacterDevice() { return false; }
  }

  const toBytes = (data, encoding) => (typeof data === 'string' ? Buffer().from(data, encoding || 'utf8')
    : ArrayBuffer.isView(data) ? Buffer().from(data.buffer, data.byteOffset, data.byteLength) : Buffer().from(String(data)));

  const sync = {
    readFileSync(file, options) {
      const bytes = Buffer().from(call(host.fsReadFile, 'open', toPath(file)).buffer);
      const encoding = encodingOf(options);
      return encoding ? bytes.toString(encoding) : bytes;
    },
    writeFileSync(file, data, options) {
      const flag = options && options.flag;
      call(host.fsWriteFile, 'open', toPath(file), toBytes(data, encodingOf(options)), flag === 'a' || flag === 'a+', flag === 'wx' || flag === 'ax');
    },
    appendFileSync(file, data, options) { call(host.fsWriteFile, 'open', toPath(file), toBytes(data, encodingOf(options)), true, false); },
    existsSync(file) { try { call(host.fsStat, 'stat', toPath(file), true); return true; } catch (e) { return false; } },
    statSync(file, options) {
      try { return new Stats(call(host.fsStat, 'stat', toPath(file), true)); } catch (e) {
        if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined;
        throw e;
      }
    },
    lstatSync(file) { return new Stats(call(host.fsStat, 'lstat', toPath(file), false)); },
    readdirSync(dir, options) {
      const directory = toPath(dir);
      const entries = call(host.fsReaddir, 'scandir', directory);
      return options && options.withFileTypes ? entries.map(([name, kind]) => new Dirent(name, kind, directory)) : entries.map(([name]) => name);
    },
    mkdirSync(dir, options) { return call(host.fsMkdir, 'mkdir', toPath(dir), Boolean(options && (options === true || options.recursive))); },
    rmSync(file, options = {}) { call(host.fsRemove, 'rm', toPath(file), Boolean(options.recursive), Boolean(options.force), false); },
    rmdirSync(dir, options = {}) { call(host.fsRemove, 'rmdir', toPath(dir), Boolean(options.recursive), false, !options.recursive); },
    unlinkSync(file) { call(host.fsRemove, 'unlink', toPath(file), false, false, false); },
    renameSync(from, to) { host.fsRename(toPath(from), toPath(to)); },
    copyFileSync(from, to) { call(host.fsWriteFile, 'copyfile', toPath(to), Buffer().from(call(host.fsReadFile, 'copyfile', toPath(from)).buffer), false, false); },
    realpathSync(file) { return call(host.fsRealpath, 'realpath', toPath(file)); },
    accessSync(file, mode = 0) { call(host.fsAccess, 'access', toPath(file), mode); },
    mkdtempSync(prefix) {
      const dir = prefix + Math.random().toString(36).slice(2, 8);
      call(host.fsMkdir, 'mkdtemp', toPath(dir), false);
      return dir;
    },
  };
  sync.realpathSync.native = sync.realpathSync;

  const fs = Object.assign({}, sync);
  fs.constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, COPYFILE_EXCL: 1 };
  Object.assign(fs, fs.constants);
  fs.Stats = Stats;
  fs.Dirent = Dirent;

  // Callback forms finish in a later turn, as Node's thread pool does.
  const callbackName = (name) => name.replace(/Sync$/, '');
  for (const name of Object.keys(sync)) {
    if (name === 'existsSync') continue;
    fs[callbackName(name)] = function (...args) {
      const callback = typeof args[args.length - 1] === 'function' ? args.pop() : () => {};
      let result, error = null;
      try { result = sync[name](...args); } catch (e) { error = e; }
      setImmediate(() => (error ? callback(error) : callback(null, result)));
    };
  }
  fs.exists = (file, callback) => { const result = sync.existsSync(file); setImmediate(() => callback(result)); };

  const promises = {};
  for (const name of Object.keys(sync)) {
    if (name === 'existsSync') continue;
    promises[callbackName(name)] = (...args) => new Promise((resolve, reject) => {
      let result, error = null;
      try { result = sync[name](...args); } catch (e) { error = e; }
      setImmediate(() => (error ? reject(error) : resolve(result)));
    });
  }
  promises.constants = fs.constants;
  fs.promises = promises;

  // fs.ReadStream and fs.WriteStream, made on first use (the stream builtin loads then): libraries test
  // `instanceof fs.ReadStream`, so they are real classes.
  let streamClasses = null;
  function classes() {
    if (streamClasses) return streamClasses;
    const { Readable, Writable } = internals.Module._load('stream', null);
    class ReadStream extends Readable {
      constructor(file, options) {
        const opts = typeof options === 'string' ? { encoding: options } : (options || {});
        super({ highWaterMark: opts.highWaterMark });
        this.path = file;
        this.bytesRead = 0;
        this._options = opts;
        this._data = null;
        this._offset = opts.start || 0;
        this._end = opts.end === undefined ? Infinity : opts.end + 1;
        this._chunkSize = opts.highWaterMark || 64 * 1024;
        setImmediate(() => { if (!this.destroyed) { this.emit('open'); this.emit('ready'); } });
      }
      _read() {
        try {
          if (this._data === null) this._data = sync.readFileSync(this.path);
          const stop = Math.min(this._data.length, this._end);
          if (this._offset >= stop) { this.push(null); return; }
          const chunk = this._data.subarray(this._offset, Math.min(this._offset + this._chunkSize, stop));
          this._offset += chunk.length;
          this.bytesRead += chunk.length;
          this.push(this._options.encoding ? chunk.toString(this._options.encoding) : Buffer().from(chunk));
        } catch (e) { this.destroy(e); }
      }
    }
    class WriteStream extends Writable {
      constructor(file, options) {
        const opts = typeof options === 'string' ? { encoding: options } : (options || {});
        super();
        this.path = file;
        this.bytesWritten = 0;
        this._first = !(opts.flags === 'a');
      }
      _write(chunk, encoding, callback) {
        try {
          call(host.fsWriteFile, 'open', toPath(this.path), toBytes(chunk, encoding), !this._first, false);
          this._first = false;
          this.bytesWritten += chunk.length;
          callback();
        } catch (e) { callback(e); }
      }
      _final(callback) {
        if (this._first) { try { call(host.fsWriteFile, 'open', toPath(this.path), Buffer().alloc(0), false, false); } catch (e) { callback(e); return; } }
        callback();
      }
    }
    streamClasses = { ReadStream, WriteStream };
    return streamClasses;
  }
  Object.defineProperty(fs, 'ReadStream', { enumerable: true, configurable: true, get: () => classes().ReadStream });
  Object.defineProperty(fs, 'WriteStream', { enumerable: true, configurable: true, get: () => classes().WriteStream });
  fs.createReadStream = function createReadStream(file, options) { return new (classes().ReadStream)(file, options); };
  fs.createWriteStream = function createWriteStream(file, options) { return new (classes().WriteStream)(file, options); };

  internals.builtinFactories.set('fs', () => fs);
  internals.builtinFactories.set('fs/promises', () => promises);
})

// `fs/promises`: every call of Node's, and FileHandle (`open`) with its reads, writes, streams and `readLines`.
// The work is the synchronous call's; the promise settles in a later turn, as Node's thread pool makes it.
(function (host, internals) {
  'use strict';
  const core = internals.fs;
  const { sync } = core;
  const Buffer = () => internals.Module._load('buffer', null).Buffer;
  const EventEmitter = internals.Module._load('events', null);

  const later = (work) => new Promise((resolve, reject) => {
    let result, error = null;
    try { result = work(); } catch (e) { error = e; }
    setImmediate(() => (error ? reject(error) : resolve(result)));
  });

  const kFd = Symbol('kFd');
  class FileHandle extends EventEmitter {
    constructor(fd) {
      super();
      this[kFd] = fd;
      // An own property, as Node's: closing is idempotent and settles once.
      let closing = null;
      this.close = () => closing || (closing = later(() => {
        if (this[kFd] === -1) return;
        const fd = this[kFd];
        this[kFd] = -1;
        sync.closeSync(fd);
        this.emit('close');
      }));
    }
    get fd() { return this[kFd]; }
    getAsyncId() { return -1; }
    _open() {
      if (this[kFd] === -1) { const e = new Error('file closed'); e.code = 'EBADF'; e.syscall = 'read'; throw e; }
      return this[kFd];
    }
    appendFile(data, options) { return later(() => sync.writeFileSync(this._open(), data, core.optionsOf(options, { flag: 'a' }))); }
    chmod(mode) { return later(() => sync.fchmodSync(this._open(), mode)); }
    chown(uid, gid) { return later(() => sync.fchownSync(this._open(), uid, gid)); }
    datasync() { return later(() => sync.fdatasyncSync(this._open())); }
    sync() { return later(() => sync.fsyncSync(this._open())); }
    read(buffer, offset, length, position) {
      return later(() => {
        let target = buffer;
        if (target === undefined || target === null || (!ArrayBuffer.isView(target) && typeof target === 'object')) {
          const opts = target || {};
          target = opts.buffer || Buffer().alloc(16384);
          ({ offset = 0, length = target.byteLength - offset, position = null } = opts);
        } else if (offset !== null && typeof offset === 'object') {
          ({ offset = 0, length = target.byteLength - offset, position = null } = offset);
        }
        const bytesRead = sync.readSync(this._open(), target, offset || 0, length === undefined ? target.byteLength - (offset || 0) : length, position === undefined ? null : position);
        return { bytesRead, buffer: target };
      });
    }
    readv(buffers, position) { return later(() => ({ bytesRead: sync.readvSync(this._open(), buffers, position), buffers })); }
    readFile(options) { return later(() => sync.readFileSync(this._open(), options)); }
    readLines(options) {
      const readline = internals.Module._load('readline', null);
      return readline.createInterface({ input: this.createReadStream(options), crlfDelay: Infinity });
    }
    stat(options) { return later(() => sync.fstatSync(this._open(), options)); }
    truncate(length) { return later(() => sync.ftruncateSync(this._open(), length)); }
    utimes(atime, mtime) { return later(() => sync.futimesSync(this._open(), atime, mtime)); }
    write(data, offsetOrOptions, length, position) {
      return later(() => {
        const bytesWritten = sync.writeSync(this._open(), data, offsetOrOptions, length, position);
        return { bytesWritten, buffer: data };
      });
    }
    writev(buffers, position) { return later(() => ({ bytesWritten: sync.writevSync(this._open(), buffers, position), buffers })); }
    writeFile(data, options) { return later(() => sync.writeFileSync(this._open(), data, options)); }
    readableWebStream() {
      const { Readable } = internals.Module._load('stream', null);
      return Readable.toWeb(this.createReadStream());
    }
    createReadStream(options = {}) {
      return new (core.streamClasses().ReadStream)(undefined, { ...options, fd: this._open(), autoClose: options.autoClose !== false });
    }
    createWriteStream(options = {}) {
      return new (core.streamClasses().WriteStream)(undefined, { ...options, fd: this._open(), autoClose: options.autoClose !== false });
    }
  }
  if (Symbol.asyncDispose) FileHandle.prototype[Symbol.asyncDispose] = function () { return this.close(); };

  // A FileHandle may stand where a path does in readFile, writeFile and appendFile.
  const target = (file) => (file instanceof FileHandle ? file._open() : file);
  const promises = {
    access: (file, mode) => later(() => sync.accessSync(file, mode)),
    copyFile: (from, to, mode) => later(() => sync.copyFileSync(from, to, mode)),
    cp: (from, to, options) => later(() => core.cpSync(from, to, options)),
    open: (file, flags, mode) => later(() => new FileHandle(sync.openSync(file, flags, mode))),
    opendir: (dir, options) => later(() => core.opendirSync(dir, options)),
    rename: (from, to) => later(() => sync.renameSync(from, to)),
    truncate: (file, length) => later(() => sync.truncateSync(file, length)),
    rm: (file, options) => later(() => sync.rmSync(file, options)),
    rmdir: (dir, options) => later(() => sync.rmdirSync(dir, options)),
    mkdir: (dir, options) => later(() => sync.mkdirSync(dir, options)),
    readdir: (dir, options) => later(() => sync.readdirSync(dir, options)),
    readlink: (file, options) => later(() => sync.readlinkSync(file, options)),
    symlink: (to, file, type) => later(() => sync.symlinkSync(to, file, type)),
    lstat: (file, options) => later(() => sync.lstatSync(file, options)),
    stat: (file, options) => later(() => sync.statSync(file, options)),
    statfs: (file, options) => later(() => sync.statfsSync(file, options)),
    link: (from, to) => later(() => sync.linkSync(from, to)),
    unlink: (file) => later(() => sync.unlinkSync(file)),
    chmod: (file, mode) => later(() => sync.chmodSync(file, mode)),
    lchmod: undefined,
    lchown: (file, uid, gid) => later(() => sync.lchownSync(file, uid, gid)),
    chown: (file, uid, gid) => later(() => sync.chownSync(file, uid, gid)),
    utimes: (file, atime, mtime) => later(() => sync.utimesSync(file, atime, mtime)),
    lutimes: (file, atime, mtime) => later(() => sync.lutimesSync(file, atime, mtime)),
    realpath: (file, options) => later(() => sync.realpathSync(file, options)),
    mkdtemp: (prefix, options) => later(() => sync.mkdtempSync(prefix, options)),
    writeFile: (file, data, options) => {
      // Node takes async iterables and streams of chunks too.
      if (data && typeof data !== 'string' && !ArrayBuffer.isView(data) && (data[Symbol.asyncIterator] || data[Symbol.iterator])) {
        return (async () => {
          const fd = file instanceof FileHandle ? file._open() : sync.openSync(file, core.optionsOf(options, { flag: 'w' }).flag);
          try { for await (const chunk of data) sync.writeFileSync(fd, chunk, options); } finally { if (!(file instanceof FileHandle)) sync.closeSync(fd); }
        })();
      }
      return later(() => sync.writeFileSync(target(file), data, options));
    },
    appendFile: (file, data, options) => later(() => sync.appendFileSync(target(file), data, options)),
    readFile: (file, options) => {
      const signal = options && options.signal;
      if (signal && signal.aborted) {
        const e = new Error('The operation was aborted'); e.name = 'AbortError'; e.code = 'ABORT_ERR'; e.cause = signal.reason;
        return Promise.reject(e);
      }
      return later(() => sync.readFileSync(target(file), options));
    },
    watch: (file, options) => core.watchAsync(file, options),
    constants: core.constants,
  };

  Object.assign(internals.fs, { FileHandle, promises });
})

// The `fs` builtin's core: Node's argument rules, errors, flags, Stats and Dirent, and every synchronous call,
// path-based and on file descriptors. Each native call checks the path against the runtime's Permissions
// (FSBindings, FileDescriptorBindings); fs-dir.js, fs-streams.js and fs-promises.js build on what this puts in
// `internals.fs`, and fs-module.js assembles the modules with their callback and promise forms.
(function (host, internals) {
  'use strict';
  const Buffer = () => internals.Module._load('buffer', null).Buffer;
  const pathModule = () => internals.Module._load('path', null);
  const errnos = { ENOENT: -2, EEXIST: -17, EACCES: -13, EISDIR: -21, ENOTDIR: -20, ENOTEMPTY: -39, EPERM: -1,
    EBADF: -9, EIO: -5, EINVAL: -22, ELOOP: -40, EMFILE: -24, ENAMETOOLONG: -36, ENOSPC: -28, EROFS: -30,
    EXDEV: -18, ESPIPE: -29, EFBIG: -27, EBUSY: -16, ENOSYS: -38, EAGAIN: -11, ETXTBSY: -26, EDQUOT: -122 };

  const constants = { UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
    UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3, UV_DIRENT_FIFO: 4,
    UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7, EXTENSIONLESS_FORMAT_JAVASCRIPT: 0,
    EXTENSIONLESS_FORMAT_WASM: 1, S_IFMT: 61440, S_IFREG: 32768, S_IFDIR: 16384, S_IFCHR: 8192, S_IFBLK: 24576,
    S_IFIFO: 4096, S_IFLNK: 40960, S_IFSOCK: 49152, O_CREAT: 64, O_EXCL: 128, UV_FS_O_FILEMAP: 0, O_NOCTTY: 256,
    O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536, O_NOATIME: 262144, O_NOFOLLOW: 131072, O_SYNC: 1052672,
    O_DSYNC: 4096, O_DIRECT: 16384, O_NONBLOCK: 2048, S_IRWXU: 448, S_IRUSR: 256, S_IWUSR: 128, S_IXUSR: 64,
    S_IRWXG: 56, S_IRGRP: 32, S_IWGRP: 16, S_IXGRP: 8, S_IRWXO: 7, S_IROTH: 4, S_IWOTH: 2, S_IXOTH: 1, F_OK: 0,
    R_OK: 4, W_OK: 2, X_OK: 1, UV_FS_COPYFILE_EXCL: 1, COPYFILE_EXCL: 1, UV_FS_COPYFILE_FICLONE: 2,
    COPYFILE_FICLONE: 2, UV_FS_COPYFILE_FICLONE_FORCE: 4, COPYFILE_FICLONE_FORCE: 4 };
  const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC } = constants;

  function typeError(code, message) { const e = new TypeError(message); e.code = code; return e; }
  function rangeError(code, message) { const e = new RangeError(message); e.code = code; return e; }
  const received = (value) => ` ${internals.received(value)}`;
  const invalidType = (name, expected, value) => typeError('ERR_INVALID_ARG_TYPE', `The "${name}" argument must be ${expected}.${received(value)}`);

  function toPath(p, name = 'path') {
    if (typeof URL === 'function' && p instanceof URL) return internals.Module._load('url', null).fileURLToPath(p);
    if (ArrayBuffer.isView(p)) return Buffer().from(p.buffer, p.byteOffset, p.byteLength).toString();
    if (typeof p !== 'string') throw invalidType(name, 'of type string or an instance of Buffer or URL', p);
    if (p.includes('\u0000')) {
      throw typeError('ERR_INVALID_ARG_VALUE', `The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${internals.inspect(p)}`);
    }
    return p;
  }
  // What the native half is given: absolute, as the path module resolves it against process.cwd().
  const absolute = (p, name) => pathModule().resolve(toPath(p, name));

  function toFd(fd) {
    if (typeof fd !== 'number') throw invalidType('fd', 'of type number', fd);
    if (!Number.isInteger(fd)) throw rangeError('ERR_OUT_OF_RANGE', `The value of "fd" is out of range. It must be an integer. Received ${fd}`);
    if (fd < 0 || fd > 2147483647) throw rangeError('ERR_OUT_OF_RANGE', `The value of "fd" is out of range. It must be >= 0 && <= 2147483647. Received ${fd}`);
    return fd;
  }

  // A native failure as Node's system error: errno, code, syscall, path and dest in Node's order.
  function systemError(e, file, dest) {
    if (!e || typeof e.code !== 'string' || errnos[e.code] === undefined) return e;
    const code = e.code;
    delete e.code;
    e.errno = errnos[code];
    e.code = code;
    e.syscall = (/^\w+: [^,]*, (\w+)/.exec(e.message) || [])[1];
    if (file !== undefined && / '/.test(e.message)) e.path = file;
    if (dest !== undefined && / -> '/.test(e.message)) e.dest = dest;
    return e;
  }
  function call(fn, file, dest, ...args) {
    try { return fn(...args); } catch (e) { throw systemError(e, file, dest); }
  }
  // The native half reports the path it was given; Node's messages name the path as the caller wrote it.
  const named = (p) => (typeof p === 'string' ? p : toPath(p));

  function stringToFlags(flags, name = 'flags') {
    if (typeof flags === 'number') return flags;
    if (flags === undefined || flags === null) return O_RDONLY;
    switch (flags) {
      case 'r': return O_RDONLY;
      case 'rs': case 'sr': return O_RDONLY | O_SYNC;
      case 'r+': return O_RDWR;
      case 'rs+': case 'sr+': return O_RDWR | O_SYNC;
      case 'w': return O_TRUNC | O_CREAT | O_WRONLY;
      case 'wx': case 'xw': return O_TRUNC | O_CREAT | O_WRONLY | O_EXCL;
      case 'w+': return O_TRUNC | O_CREAT | O_RDWR;
      case 'wx+': case 'xw+': return O_TRUNC | O_CREAT | O_RDWR | O_EXCL;
      case 'a': return O_APPEND | O_CREAT | O_WRONLY;
      case 'ax': case 'xa': return O_APPEND | O_CREAT | O_WRONLY | O_EXCL;
      case 'as': case 'sa': return O_APPEND | O_CREAT | O_WRONLY | O_SYNC;
      case 'a+': return O_APPEND | O_CREAT | O_RDWR;
      case 'ax+': case 'xa+': return O_APPEND | O_CREAT | O_RDWR | O_EXCL;
      case 'as+': case 'sa+': return O_APPEND | O_CREAT | O_RDWR | O_SYNC;
    }
    throw typeError('ERR_INVALID_ARG_VALUE', `The argument '${name}' is invalid. Received ${internals.inspect(flags)}`);
  }
  function parseMode(mode, fallback) {
    if (mode === undefined || mode === null) return fallback;
    if (typeof mode === 'string') {
      if (!/^[0-7]+$/.test(mode)) throw typeError('ERR_INVALID_ARG_VALUE', `The argument 'mode' must be a 32-bit unsigned integer or an octal string. Received ${internals.inspect(mode)}`);
      return parseInt(mode, 8);
    }
    if (typeof mode !== 'number') throw invalidType('mode', 'of type number', mode);
    return mode;
  }
  const toSeconds = (time) => (time instanceof Date ? time.getTime() / 1000
    : typeof time === 'string' && time !== '' && !Number.isNaN(Number(time)) ? Number(time)
      : typeof time === 'number' ? (Number.isFinite(time) ? time : Date.now() / 1000) : (() => { throw invalidType('time', 'of type string or number or an instance of Date', time); })());
  const optionsOf = (options, defaults) => (options === undefined || options === null || typeof options === 'function' ? { ...defaults }
    : typeof options === 'string' ? { ...defaults, encoding: options } : { ...defaults, ...options });

  const kType = Symbol('type');
  const dateOf = (ms) => new Date(Math.round(ms));
  class StatsBase {
    isDirectory() { return this._checkModeProperty(constants.S_IFDIR); }
    isFile() { return this._checkModeProperty(constants.S_IFREG); }
    isBlockDevice() { return this._checkModeProperty(constants.S_IFBLK); }
    isCharacterDevice() { return this._checkModeProperty(constants.S_IFCHR); }
    isSymbolicLink() { return this._checkModeProperty(constants.S_IFLNK); }
    isFIFO() { return this._checkModeProperty(constants.S_IFIFO); }
    isSocket() { return this._checkModeProperty(constants.S_IFSOCK); }
  }
  function Stats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
    Object.assign(this, { dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs, birthtimeMs });
    // Node 22 and later make the dates on first read, from accessors on the prototype.
    if (!(internals.nodeMajor >= 24)) {
      this.atime = dateOf(atimeMs); this.mtime = dateOf(mtimeMs); this.ctime = dateOf(ctimeMs); this.birthtime = dateOf(birthtimeMs);
    }
  }
  if (internals.nodeMajor >= 24) {
    for (const name of ['atime', 'mtime', 'ctime', 'birthtime']) {
      Object.defineProperty(Stats.prototype, name, { configurable: true, enumerable: true,
        get() { const value = dateOf(this[name + 'Ms']); Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true }); return value; },
        set(value) { Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true }); } });
    }
  }
  Object.setPrototypeOf(Stats.prototype, StatsBase.prototype);
  Object.defineProperty(Stats.prototype, '_checkModeProperty', { writable: true, configurable: true,
    value: function (property) { return (this.mode & constants.S_IFMT) === property; } });
  Stats.prototype.isFile = StatsBase.prototype.isFile;
  class BigIntStats extends StatsBase {
    constructor(raw) {
      super();
      const names = ['dev', 'mode', 'nlink', 'uid', 'gid', 'rdev', 'blksize', 'ino', 'size', 'blocks'];
      names.forEach((name, i) => { this[name] = BigInt(Math.trunc(raw[i])); });
      ['atime', 'mtime', 'ctime', 'birthtime'].forEach((name, i) => { this[name + 'Ms'] = BigInt(Math.trunc(raw[10 + i])); });
      ['atime', 'mtime', 'ctime', 'birthtime'].forEach((name, i) => { this[name + 'Ns'] = BigInt(Math.round(raw[10 + i] * 1e6)); });
      ['atime', 'mtime', 'ctime', 'birthtime'].forEach((name, i) => { this[name] = dateOf(raw[10 + i]); });
    }
    _checkModeProperty(property) { return (this.mode & BigInt(constants.S_IFMT)) === BigInt(property); }
  }
  const makeStats = (raw, options) => (options && options.bigint ? new BigIntStats(raw) : new Stats(...raw));

  class Dirent {
    constructor(name, type, path) {
      this.name = name;
      this.parentPath = path;
      this.path = path;
      this[kType] = type;
    }
    isDirectory() { return this[kType] === constants.UV_DIRENT_DIR; }
    isFile() { return this[kType] === constants.UV_DIRENT_FILE; }
    isBlockDevice() { return this[kType] === constants.UV_DIRENT_BLOCK; }
    isCharacterDevice() { return this[kType] === constants.UV_DIRENT_CHAR; }
    isSymbolicLink() { return this[kType] === constants.UV_DIRENT_LINK; }
    isFIFO() { return this[kType] === constants.UV_DIRENT_FIFO; }
    isSocket() { return this[kType] === constants.UV_DIRENT_SOCKET; }
  }

  class StatFs {
    constructor([type, bsize, blocks, bfree, bavail, files, ffree], bigint) {
      const n = bigint ? BigInt : Number;
      Object.assign(this, { type: n(type), bsize: n(bsize), blocks: n(blocks), bfree: n(bfree), bavail: n(bavail), files: n(files), ffree: n(ffree) });
    }
  }

  const toBytes = (data, encoding) => {
    if (typeof data === 'string') return Buffer().from(data, encoding || 'utf8');
    if (ArrayBuffer.isView(data)) return Buffer().from(data.buffer, data.byteOffset, data.byteLength);
    throw invalidType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  };
  const decode = (bytes, encoding) => (encoding && encoding !== 'buffer' ? bytes.toString(encoding) : bytes);
  const viewOf = (buffer) => (buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));

  // Standard output and error belong to the process: a component's writes to them go where its console goes.
  function writeStandard(fd, bytes) {
    (fd === 1 ? process.stdout : process.stderr).write(Buffer().from(bytes).toString());
    return bytes.byteLength;
  }

  const sync = {
    accessSync(file, mode = constants.F_OK) { call(host.fsAccess, named(file), undefined, absolute(file), mode); },
    existsSync(file) {
      try { call(host.fsAccess, undefined, undefined, absolute(file), constants.F_OK); return true; } catch { return false; }
    },
    readFileSync(file, options) {
      const opts = optionsOf(options, { flag: 'r' });
      if (typeof file === 'number') {
        const chunks = [];
        const chunk = Buffer().allocUnsafe(64 * 1024);
        for (let n; (n = sync.readSync(file, chunk, 0, chunk.length, null)) > 0;) chunks.push(Buffer().from(chunk.subarray(0, n)));
        return decode(Buffer().concat(chunks), opts.encoding);
      }
      if (opts.flag !== 'r') {
        const fd = sync.openSync(file, opts.flag);
        try { return sync.readFileSync(fd, opts); } finally { sync.closeSync(fd); }
      }
      const bytes = call(host.fsReadFile, named(file), undefined, absolute(file));
      return decode(Buffer().from(bytes.buffer, bytes.byteOffset, bytes.byteLength), opts.encoding);
    },
    writeFileSync(file, data, options) {
      const opts = optionsOf(options, { encoding: 'utf8', flag: 'w', mode: 0o666 });
      const bytes = toBytes(data, opts.encoding);
      if (typeof file === 'number') {
        for (let offset = 0; offset < bytes.length;) offset += sync.writeSync(file, bytes, offset, bytes.length - offset, null);
        return;
      }
      call(host.fsWriteFile, named(file), undefined, absolute(file), bytes, stringToFlags(opts.flag), parseMode(opts.mode, 0o666));
    },
    appendFileSync(file, data, options) {
      const opts = optionsOf(options, { encoding: 'utf8', flag: 'a', mode: 0o666 });
      sync.writeFileSync(file, data, opts);
    },
    statSync(file, options) {
      try { return makeStats(call(host.fsStat, named(file), undefined, absolute(file), true), options); } catch (e) {
        if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined;
        throw e;
      }
    },
    lstatSync(file, options) {
      try { return makeStats(call(host.fsStat, named(file), undefined, absolute(file), false), options); } catch (e) {
        if (options && options.throwIfNoEntry === false && e.code === 'ENOENT') return undefined;
        throw e;
      }
    },
    fstatSync(fd, options) { return makeStats(call(host.fsFstat, undefined, undefined, toFd(fd)), options); },
    statfsSync(file, options) { return new StatFs(call(host.fsStatfs, named(file), undefined, absolute(file)), options && options.bigint); },
    readdirSync(dir, options) {
      const opts = optionsOf(options, {});
      const directory = absolute(dir);
      const list = (folder, prefix) => call(host.fsReaddir, named(dir), undefined, folder).flatMap(([name, type]) => {
        const entry = opts.withFileTypes ? new Dirent(name, type, folder) : (prefix ? pathModule().join(prefix, name) : name);
        const own = [opts.withFileTypes || opts.encoding !== 'buffer' ? entry : Buffer().from(entry)];
        if (opts.recursive && type === constants.UV_DIRENT_DIR) {
          return own.concat(list(pathModule().join(folder, name), prefix ? pathModule().join(prefix, name) : name));
        }
        return own;
      });
      return list(directory, '');
    },
    mkdirSync(dir, options) {
      const opts = typeof options === 'number' || typeof options === 'string' ? { mode: options } : (options || {});
      return call(host.fsMkdir, named(dir), undefined, absolute(dir), Boolean(opts.recursive), parseMode(opts.mode, 0o777));
    },
    mkdtempSync(prefix, options) {
      const folder = call(host.fsMkdtemp, named(prefix) + 'XXXXXX', undefined, pathModule().resolve(toPath(prefix, 'prefix')));
      const name = toPath(prefix) + folder.slice(-6);
      return optionsOf(options, {}).encoding === 'buffer' ? Buffer().from(name) : name;
    },
    rmSync(file, options = {}) { call(host.fsRemove, named(file), undefined, absolute(file), Boolean(options.recursive), Boolean(options.force), 'rm'); },
    rmdirSync(dir, options = {}) { call(host.fsRemove, named(dir), undefined, absolute(dir), Boolean(options.recursive), false, 'rmdir'); },
    unlinkSync(file) { call(host.fsRemove, named(file), undefined, absolute(file), false, false, 'unlink'); },
    renameSync(from, to) { call(host.fsRename, named(from), named(to), absolute(from, 'oldPath'), absolute(to, 'newPath')); },
    copyFileSync(from, to, mode = 0) {
      call(host.fsCopyFile, named(from), named(to), absolute(from, 'src'), absolute(to, 'dest'), Boolean(mode & constants.COPYFILE_EXCL));
    },
    realpathSync(file, options) {
      const resolved = call(host.fsRealpath, named(file), undefined, absolute(file));
      return optionsOf(options, {}).encoding === 'buffer' ? Buffer().from(resolved) : resolved;
    },
    symlinkSync(target, file) { call(host.fsSymlink, named(target), named(file), toPath(target, 'target'), absolute(file)); },
    readlinkSync(file, options) {
      const target = call(host.fsReadlink, named(file), undefined, absolute(file));
      return optionsOf(options, {}).encoding === 'buffer' ? Buffer().from(target) : target;
    },
    linkSync(from, to) { call(host.fsLink, named(from), named(to), absolute(from, 'existingPath'), absolute(to, 'newPath')); },
    chmodSync(file, mode) { call(host.fsChmod, named(file), undefined, absolute(file), parseMode(mode), true); },
    chownSync(file, uid, gid) { call(host.fsChown, named(file), undefined, absolute(file), uid, gid, true); },
    lchownSync(file, uid, gid) { call(host.fsChown, named(file), undefined, absolute(file), uid, gid, false); },
    utimesSync(file, atime, mtime) { call(host.fsUtimes, named(file), undefined, absolute(file), toSeconds(atime), toSeconds(mtime), true); },
    lutimesSync(file, atime, mtime) { call(host.fsUtimes, named(file), undefined, absolute(file), toSeconds(atime), toSeconds(mtime), false); },
    truncateSync(file, length = 0) {
      if (typeof file === 'number') return sync.ftruncateSync(file, length);
      call(host.fsTruncate, named(file), undefined, absolute(file), length);
    },

    openSync(file, flags, mode) {
      return call(host.fsOpen, named(file), undefined, absolute(file), stringToFlags(flags), parseMode(mode, 0o666));
    },
    closeSync(fd) { call(host.fsClose, undefined, undefined, toFd(fd)); },
    readSync(fd, buffer, offsetOrOptions, length, position) {
      toFd(fd);
      if (!ArrayBuffer.isView(buffer)) throw invalidType('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer);
      let offset = offsetOrOptions;
      if (offsetOrOptions !== null && typeof offsetOrOptions === 'object') ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
      offset = offset === undefined || offset === null ? 0 : offset;
      length = length === undefined ? buffer.byteLength - offset : length;
      if (length === 0) return 0;
      if (offset < 0 || offset > buffer.byteLength) throw rangeError('ERR_OUT_OF_RANGE', `The value of "offset" is out of range. It must be >= 0 && <= ${buffer.byteLength}. Received ${offset}`);
      if (length < 0 || offset + length > buffer.byteLength) throw rangeError('ERR_OUT_OF_RANGE', `The value of "length" is out of range. It must be >= 0 && <= ${buffer.byteLength - offset}. Received ${length}`);
      if (fd === 0) return 0;
      const at = position === null || position === undefined || position === -1 ? -1 : Number(position);
      return call(host.fsRead, undefined, undefined, fd, buffer, offset, length, at);
    },
    writeSync(fd, buffer, offsetOrOptions, length, position) {
      toFd(fd);
      let bytes, offset = 0, at = -1;
      if (typeof buffer === 'string') {
        bytes = Buffer().from(buffer, typeof length === 'string' ? length : 'utf8');
        at = offsetOrOptions === undefined || offsetOrOptions === null ? -1 : offsetOrOptions;
        length = bytes.length;
      } else if (ArrayBuffer.isView(buffer)) {
        bytes = buffer;
        if (offsetOrOptions !== null && typeof offsetOrOptions === 'object') ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOptions);
        else offset = offsetOrOptions === undefined || offsetOrOptions === null ? 0 : offsetOrOptions;
        length = length === undefined || length === null ? buffer.byteLength - offset : length;
        at = position === undefined || position === null ? -1 : position;
      } else {
        throw invalidType('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', buffer);
      }
      if (fd === 1 || fd === 2) return writeStandard(fd, viewOf(bytes).subarray(offset, offset + length));
      return call(host.fsWrite, undefined, undefined, fd, bytes, offset, length, at);
    },
    readvSync(fd, buffers, position = null) {
      let total = 0, at = position === null || position === undefined ? -1 : position;
      for (const buffer of buffers) {
        const n = sync.readSync(fd, buffer, 0, buffer.byteLength, at);
        total += n;
        if (at !== -1) at += n;
        if (n < buffer.byteLength) break;
      }
      return total;
    },
    writevSync(fd, buffers, position = null) {
      let total = 0, at = position === null || position === undefined ? -1 : position;
      for (const buffer of buffers) {
        for (let offset = 0; offset < buffer.byteLength;) {
          const n = sync.writeSync(fd, buffer, offset, buffer.byteLength - offset, at);
          offset += n; total += n;
          if (at !== -1) at += n;
        }
      }
      return total;
    },
    ftruncateSync(fd, length = 0) { call(host.fsFtruncate, undefined, undefined, toFd(fd), length); },
    fsyncSync(fd) { call(host.fsFsync, undefined, undefined, toFd(fd), false); },
    fdatasyncSync(fd) { call(host.fsFsync, undefined, undefined, toFd(fd), true); },
    fchmodSync(fd, mode) { call(host.fsFchmod, undefined, undefined, toFd(fd), parseMode(mode)); },
    fchownSync(fd, uid, gid) { call(host.fsFchown, undefined, undefined, toFd(fd), uid, gid); },
    futimesSync(fd, atime, mtime) { call(host.fsFutimes, undefined, undefined, toFd(fd), toSeconds(atime), toSeconds(mtime)); },
  };
  sync.realpathSync.native = sync.realpathSync;

  internals.fs = { sync, constants, Stats, BigIntStats, Dirent, StatFs, toPath, absolute, toFd, stringToFlags, optionsOf,
    invalidType, typeError, toBytes, decode, systemError, call, named, kType };
})

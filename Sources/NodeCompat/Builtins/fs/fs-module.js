// Assembles `fs` and `fs/promises` from the other fs scripts: the synchronous calls, their callback forms (which
// call back in a later turn, as Node's thread pool does), the classes, streams, watchers and constants.
(function (host, internals) {
  'use strict';
  const core = internals.fs;
  const { sync } = core;

  const fs = {};
  const callbackOf = (args) => {
    const callback = args.pop();
    if (typeof callback !== 'function') throw core.invalidType('cb', 'of type function', callback);
    return callback;
  };
  // What a callback form passes after the error: most give the result, reads and writes give two values.
  const spread = { read: (n, args) => [n, readTarget(args)], write: (n, args) => [n, args[1]],
    readv: (n, args) => [n, args[1]], writev: (n, args) => [n, args[1]] };
  const readTarget = (args) => (ArrayBuffer.isView(args[1]) ? args[1] : (args[1] && args[1].buffer) || (args[2] && args[2].buffer));

  function callbackForm(name, run) {
    const wrapper = {
      [name](...args) {
        const callback = callbackOf(args);
        let result, error = null;
        try { result = run(args); } catch (e) { error = e; }
        setImmediate(() => {
          if (error) callback(error);
          else if (spread[name]) callback(null, ...spread[name](result, args));
          else callback(null, result);
        });
      },
    };
    return wrapper[name];
  }

  for (const name of Object.keys(sync)) {
    fs[name] = sync[name];
    if (name === 'existsSync') continue;
    const plain = name.replace(/Sync$/, '');
    fs[plain] = callbackForm(plain, (args) => sync[name](...args));
  }
  // read(fd, callback) and read(fd, { buffer, … }, callback): a buffer of Node's default size when none is given.
  fs.read = callbackForm('read', (args) => {
    if (args.length === 1) args.push({});
    if (args.length === 2 && !ArrayBuffer.isView(args[1])) {
      const options = args[1] || {};
      const buffer = options.buffer || internals.Module._load('buffer', null).Buffer.alloc(16384);
      args[1] = buffer;
      args.push({ offset: options.offset, length: options.length, position: options.position });
    }
    return sync.readSync(...args);
  });
  fs.exists = function exists(file, callback) {
    const result = sync.existsSync(file);
    setImmediate(() => callback(result));
  };
  fs.realpath.native = fs.realpath;
  fs.lchmod = undefined;
  fs.lchmodSync = undefined;
  fs.opendirSync = core.opendirSync;
  fs.opendir = callbackForm('opendir', (args) => core.opendirSync(...args));
  fs.cpSync = core.cpSync;
  fs.cp = callbackForm('cp', (args) => core.cpSync(...args));
  fs.watch = core.watch;
  fs.watchFile = core.watchFile;
  fs.unwatchFile = core.unwatchFile;
  fs.openAsBlob = (file, options = {}) => {
    const bytes = sync.readFileSync(file);
    return Promise.resolve(new Blob([bytes], { type: options.type || '' }));
  };

  fs.constants = core.constants;
  for (const name of ['F_OK', 'R_OK', 'W_OK', 'X_OK']) fs[name] = core.constants[name];
  fs.Stats = core.Stats;
  fs.Dirent = core.Dirent;
  fs.Dir = core.Dir;
  Object.defineProperty(fs, 'promises', { enumerable: true, configurable: true, get: () => core.promises });

  const streams = () => core.streamClasses();
  for (const [name, kind] of [['ReadStream', 'ReadStream'], ['WriteStream', 'WriteStream'], ['FileReadStream', 'ReadStream'], ['FileWriteStream', 'WriteStream']]) {
    Object.defineProperty(fs, name, { enumerable: true, configurable: true, get: () => streams()[kind], set: (value) => { Object.defineProperty(fs, name, { value, writable: true, enumerable: true, configurable: true }); } });
  }
  fs.createReadStream = function createReadStream(file, options) { return new (streams().ReadStream)(file, options); };
  fs.createWriteStream = function createWriteStream(file, options) { return new (streams().WriteStream)(file, options); };

  internals.builtinFactories.set('fs', () => fs);
  internals.builtinFactories.set('fs/promises', () => core.promises);
})

// The `process` global: env, argv, nextTick, platform, version(s), hrtime, a small event emitter for
// 'uncaughtException'/'unhandledRejection'/'exit' listeners, and stdout/stderr streams that write to stderr.
(function (host, internals, info) {
  'use strict';
  const listeners = new Map();
  const stream = (fd) => ({
    fd, isTTY: false,
    write(chunk, encoding, callback) {
      host.writeStderr(String(chunk));
      const cb = typeof encoding === 'function' ? encoding : callback;
      if (typeof cb === 'function') internals.nextTick(cb);
      return true;
    },
    on() { return this; }, once() { return this; }, end() {},
  });
  const startMs = host.monotonicMs();
  function hrtime(previous) {
    const ns = host.monotonicNs();
    let sec = Math.floor(ns / 1e9);
    let nsec = Math.floor(ns - sec * 1e9);
    if (Array.isArray(previous)) {
      sec -= previous[0]; nsec -= previous[1];
      if (nsec < 0) { sec -= 1; nsec += 1e9; }
    }
    return [sec, nsec];
  }
  hrtime.bigint = () => BigInt(Math.floor(host.monotonicNs()));

  // Whose behaviour to have where Node 20 and 24 differ (NodeOptions.nodeMajor).
  internals.nodeMajor = info.major;
  const process = {
    title: 'jshost',
    env: info.env,
    argv: info.argv,
    argv0: 'node',
    execArgv: [],
    execPath: info.execPath,
    pid: info.pid,
    ppid: info.ppid,
    platform: 'linux',
    arch: info.arch,
    version: info.version,
    versions: info.versions,
    release: { name: 'node' },
    exitCode: undefined,
    stdout: stream(1),
    stderr: stream(2),
    stdin: { fd: 0, isTTY: false, on() { return this; }, resume() {}, pause() {} },
    cwd: () => host.cwd(),
    chdir: () => { throw new Error('process.chdir() is not supported by jshost'); },
    umask: () => 0o22,
    uptime: () => (host.monotonicMs() - startMs) / 1000,
    hrtime,
    // JavaScriptCore does not expose V8's heap figures; rss is the real resident size.
    memoryUsage: Object.assign(() => ({ rss: host.residentSetBytes(), heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
      { rss: () => host.residentSetBytes() }),
    cpuUsage: (previous) => {
      const now = host.cpuMicroseconds();
      return previous ? { user: now.user - previous.user, system: now.system - previous.system } : now;
    },
    nextTick: internals.nextTick,
    // A builtin by name (`fs`, `node:fs`), or undefined for a name that is not one.
    getBuiltinModule(id) {
      if (typeof id !== 'string') {
        const e = new TypeError(`The "id" argument must be of type string. Received ${internals.inspect(id)}`);
        e.code = 'ERR_INVALID_ARG_TYPE';
        throw e;
      }
      const name = id.startsWith('node:') ? id.slice(5) : id;
      if (!internals.Module.builtinModules.includes(name)) return undefined;
      return internals.Module._load(name, null);
    },
    emitWarning: (warning) => { host.writeStderr(`(jshost) Warning: ${warning instanceof Error ? warning.message : warning}\n`); },
    binding: (name) => { throw new Error(`process.binding('${name}') is not supported by jshost`); },
    exit: (code) => { host.exit(code === undefined ? (process.exitCode || 0) : Number(code)); },
    abort: () => { host.abort(); },
    kill: () => { throw new Error('process.kill() is not supported by jshost'); },
    on(name, fn) { if (!listeners.has(name)) listeners.set(name, []); listeners.get(name).push(fn); return process; },
    once(name, fn) { const wrapped = (...a) => { process.off(name, wrapped); fn(...a); }; wrapped.listener = fn; return process.on(name, wrapped); },
    off(name, fn) {
      const list = listeners.get(name);
      if (list) { const i = list.findIndex((l) => l === fn || l.listener === fn); if (i >= 0) list.splice(i, 1); }
      return process;
    },
    emit(name, ...args) {
      const list = (listeners.get(name) || []).slice();
      for (const fn of list) fn.apply(process, args);
      return list.length > 0;
    },
    listenerCount(name) { return (listeners.get(name) || []).length; },
    listeners(name) { return (listeners.get(name) || []).slice(); },
    removeAllListeners(name) { if (name === undefined) listeners.clear(); else listeners.delete(name); return process; },
  };
  // Object.prototype.toString.call(process) is "[object process]" in Node; libraries test for it (axios).
  Object.defineProperty(process, Symbol.toStringTag, { value: 'process', configurable: true });
  process.addListener = process.on;
  process.removeListener = process.off;
  process.prependListener = process.on;

  internals.reportUncaught = function reportUncaught(error) {
    error = internals.nodeError(error);
    if (process.listenerCount('uncaughtException') > 0) {
      try { process.emit('uncaughtException', error, 'uncaughtException'); return; } catch (e) { error = e; }
    }
    host.uncaught(error);
  };
  internals.reportUnhandledRejection = function reportUnhandledRejection(reason) {
    reason = internals.nodeError(reason);
    if (process.listenerCount('unhandledRejection') > 0) { process.emit('unhandledRejection', reason); return; }
    host.unhandledRejection(internals.inspect(reason));
  };
  Object.defineProperty(globalThis, 'process', { value: process, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(globalThis, 'global', { value: globalThis, writable: true, configurable: true, enumerable: false });
})

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
        const e = new TypeError(`The "id" argument must be of type string. ${internals.received(id)}`);
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
  // What Node 20's process has besides: identities, limits, resource use, .env files, the capture callback. A
  // component may not change its identity or load native addons: those throw, naming why.
  const refused = (name, why) => () => { const e = new Error(`process.${name}() is not available in jshost: ${why}`); e.code = 'ERR_JSHOST_UNSUPPORTED'; throw e; };
  const identity = () => host.identity();
  let captureCallback = null;
  Object.assign(process, {
    getuid: () => identity()[0], getgid: () => identity()[1], geteuid: () => identity()[2], getegid: () => identity()[3], getgroups: () => identity()[4],
    setuid: refused('setuid', 'a component keeps the identity jshost runs with'), setgid: refused('setgid', 'a component keeps the identity jshost runs with'),
    seteuid: refused('seteuid', 'a component keeps the identity jshost runs with'), setegid: refused('setegid', 'a component keeps the identity jshost runs with'),
    setgroups: refused('setgroups', 'a component keeps the identity jshost runs with'), initgroups: refused('initgroups', 'a component keeps the identity jshost runs with'),
    dlopen: refused('dlopen', 'native addons cannot be loaded into JavaScriptCore'),
    reallyExit: (code) => process.exit(code),
    resourceUsage() {
      const [userCPUTime, systemCPUTime, maxRSS, sharedMemorySize, unsharedDataSize, unsharedStackSize, minorPageFault, majorPageFault,
        swappedOut, fsRead, fsWrite, ipcSent, ipcReceived, signalsCount, voluntaryContextSwitches, involuntaryContextSwitches] = host.resourceUsage();
      return { userCPUTime, systemCPUTime, maxRSS, sharedMemorySize, unsharedDataSize, unsharedStackSize, minorPageFault, majorPageFault,
        swappedOut, fsRead, fsWrite, ipcSent, ipcReceived, signalsCount, voluntaryContextSwitches, involuntaryContextSwitches };
    },
    availableMemory: () => internals.Module._load('os', null).freemem(),
    constrainedMemory: () => 0,
    getActiveResourcesInfo: () => [],
    setUncaughtExceptionCaptureCallback(fn) {
      if (fn !== null && typeof fn !== 'function') { const e = new TypeError(`The "fn" argument must be of type function or null. ${internals.received(fn)}`); e.code = 'ERR_INVALID_ARG_TYPE'; throw e; }
      if (fn !== null && captureCallback !== null) { const e = new Error('`process.setupUncaughtExceptionCapture()` was called while a capture callback was already active'); e.code = 'ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET'; throw e; }
      captureCallback = fn;
    },
    hasUncaughtExceptionCaptureCallback: () => captureCallback !== null,
    loadEnvFile(path = './.env') {
      const text = internals.Module._load('fs', null).readFileSync(path, 'utf8');
      const parsed = internals.Module._load('util', null).parseEnv(text);
      for (const [key, value] of Object.entries(parsed)) if (!(key in process.env)) process.env[key] = value;
    },
    setSourceMapsEnabled: () => {},
    sourceMapsEnabled: false,
    allowedNodeEnvironmentFlags: new Set(),
    config: { target_defaults: {}, variables: { node_shared_openssl: true, v8_enable_i18n_support: 1 } },
    features: { inspector: false, debug: false, uv: true, ipv6: true, tls_alpn: true, tls_sni: true, tls_ocsp: false, tls: true, cached_builtins: true, typescript: false },
    debugPort: 9229,
    domain: null,
    moduleLoadList: [],
    openStdin: () => process.stdin,
    report: { compact: false, directory: '', filename: '', reportOnFatalError: false, reportOnSignal: false, reportOnUncaughtException: false, signal: 'SIGUSR2',
      getReport: (error) => ({ header: { nodejsVersion: process.version, platform: process.platform, arch: process.arch }, javascriptStack: error && error.stack ? { message: String(error.message), stack: String(error.stack).split('\n') } : {} }),
      writeReport: refused('report.writeReport', 'a component does not write diagnostic files') },
  });
  process.assert = function assert(value, message) { if (!value) { const e = new Error(message || 'assertion error'); e.code = 'ERR_ASSERTION'; throw e; } };
  Object.defineProperty(process, 'mainModule', { configurable: true, enumerable: true, get() { return internals.mainModule; } });

  // Object.prototype.toString.call(process) is "[object process]" in Node; libraries test for it (axios).
  Object.defineProperty(process, Symbol.toStringTag, { value: 'process', configurable: true });
  process.addListener = process.on;
  process.removeListener = process.off;
  process.prependListener = process.on;

  internals.reportUncaught = function reportUncaught(error) {
    error = internals.nodeError(error);
    if (captureCallback !== null) { captureCallback(error); return; }
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

// The `os` builtin. Asking the system (uname, /proc/cpuinfo, the user database) is left until it first needs an answer.
(function (host, internals, loadSystemInfo) {
  'use strict';
  const factories = internals.builtinFactories;
  let systemInfo;
  const info = () => systemInfo || (systemInfo = loadSystemInfo());
  // os
  const os = {
    EOL: '\n',
    devNull: '/dev/null',
    platform: () => 'linux',
    type: () => 'Linux',
    arch: () => info().arch,
    release: () => info().osRelease,
    version: () => info().osVersion,
    machine: () => info().machine,
    hostname: () => info().hostname,
    homedir: () => process.env.HOME || info().homedir,
    tmpdir: () => (process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp').replace(/(.)\/$/, '$1'),
    endianness: () => 'LE',
    cpus: () => Array.from({ length: info().cpuCount }, () => ({ model: info().cpuModel, speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } })),
    availableParallelism: () => info().cpuCount,
    totalmem: () => host.memoryInfo()[0],
    freemem: () => host.memoryInfo()[1],
    uptime: () => host.memoryInfo()[2],
    loadavg: () => host.loadAverage(),
    networkInterfaces: () => ({}),
    getPriority: (pid = 0) => host.priority(pid),
    // A component does not change the priority of jshost or of other processes.
    setPriority: () => { const e = new Error('os.setPriority() is not available in jshost: a component does not change process priorities'); e.code = 'ERR_JSHOST_UNSUPPORTED'; throw e; },
    userInfo: () => ({ uid: info().uid, gid: info().gid, username: info().username, homedir: info().homedir, shell: info().shell }),
  };
  // The tables live with the `constants` builtin, which loads on first use and leaves them in internals.
  Object.defineProperty(os, 'constants', { enumerable: true, configurable: true, get() {
    if (!internals.systemConstants) internals.Module._load('constants', null);
    Object.defineProperty(os, 'constants', { value: internals.systemConstants.os, enumerable: true });
    return os.constants;
  } });
  factories.set('os', () => os);
})

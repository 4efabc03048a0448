// The `child_process` builtin: it loads, because libraries require it for one optional feature (nodemailer's sendmail transport); starting a process is what fails, with the reason.
(function (internals) {
  'use strict';
  const factories = internals.builtinFactories;
  // child_process loads, because libraries require it for one optional feature (nodemailer's sendmail
  // transport); starting a process is what fails, with the reason.
  const refuse = (name) => function () {
    const e = new Error(`child_process.${name}() is not available in jshost: components may not start processes`);
    e.code = 'ERR_JSHOST_UNSUPPORTED_MODULE';
    throw e;
  };
  factories.set('child_process', () => {
    const childProcess = {};
    for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) childProcess[name] = refuse(name);
    childProcess.ChildProcess = class ChildProcess { constructor() { refuse('ChildProcess')(); } };
    return childProcess;
  });
})

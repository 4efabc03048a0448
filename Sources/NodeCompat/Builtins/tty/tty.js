// The `tty` builtin: jshost's streams are never a terminal for components (stdout carries events).
(function (host, internals) {
  'use strict';
  const factories = internals.builtinFactories;
  // tty: jshost's streams are never a terminal for components (stdout carries events).
  const tty = {
    isatty: (fd) => host.isatty(Number(fd)),
    ReadStream: class ReadStream { constructor(fd) { this.fd = fd; this.isTTY = false; } setRawMode() { return this; } },
    WriteStream: class WriteStream {
      constructor(fd) { this.fd = fd; this.isTTY = false; this.columns = 80; this.rows = 24; }
      getColorDepth() { return 1; } hasColors() { return false; } getWindowSize() { return [this.columns, this.rows]; }
    },
  };
  factories.set('tty', () => tty);
})

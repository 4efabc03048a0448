// Freezes `Date.now()` and `new Date()` at one instant, for deterministic runs (`--now`).
// Other Date behaviour is untouched; timers still use the real monotonic clock.
(function (frozenMs) {
  'use strict';
  const RealDate = Date;
  function FrozenDate(...args) {
    if (!new.target) return new RealDate(frozenMs).toString();
    return args.length === 0 ? new RealDate(frozenMs) : new RealDate(...args);
  }
  FrozenDate.prototype = RealDate.prototype;
  FrozenDate.now = () => frozenMs;
  FrozenDate.parse = RealDate.parse;
  FrozenDate.UTC = RealDate.UTC;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FrozenDate, writable: true, configurable: true });
  Object.defineProperty(globalThis, 'Date', { value: FrozenDate, writable: true, configurable: true, enumerable: false });
})

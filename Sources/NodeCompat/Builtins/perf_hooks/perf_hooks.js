// `perf_hooks` and the `performance` global: the monotonic clock, marks and measures kept as entries, observers
// told of new entries, `timerify`, event-loop utilisation and delay, and histograms. Loaded on first use.
(function (host, internals) {
  'use strict';
  const inspect = Symbol.for('nodejs.util.inspect.custom');
  const typeError = (code, message) => { const e = new TypeError(message); e.code = code; return e; };
  const now = () => host.monotonicMs();
  const timeOrigin = Date.now() - now();

  const entries = new WeakMap();
  let constructing = false;
  class PerformanceEntry {
    constructor(name, type, start, duration, detail) {
      if (!constructing) throw typeError('ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
      entries.set(this, { name, entryType: type, startTime: start, duration, detail });
    }
    get name() { return entries.get(this).name; }
    get entryType() { return entries.get(this).entryType; }
    get startTime() { return entries.get(this).startTime; }
    get duration() { return entries.get(this).duration; }
    toJSON() { return { name: this.name, entryType: this.entryType, startTime: this.startTime, duration: this.duration }; }
    [inspect](depth, options) { return `${this.constructor.name} ${internals.inspect(this.toJSON(), options)}`; }
  }
  const make = (Type, ...args) => { constructing = true; try { return new Type(...args); } finally { constructing = false; } };
  class PerformanceMark extends PerformanceEntry {
    constructor(name, options = {}) {
      if (typeof name !== 'string' && typeof name !== 'symbol') name = String(name);
      const start = options.startTime === undefined ? now() : options.startTime;
      if (typeof start !== 'number' || start < 0) throw typeError('ERR_INVALID_ARG_TYPE', `The "options.startTime" property must be of type number. ${internals.received(start)}`);
      const detail = options.detail === undefined ? null : structuredClone(options.detail);
      constructing = true;
      try { super(name, 'mark', start, 0, detail); } finally { constructing = false; }
    }
    get detail() { return entries.get(this).detail; }
    toJSON() { return { ...super.toJSON(), detail: this.detail }; }
  }
  class PerformanceMeasure extends PerformanceEntry {
    get detail() { return entries.get(this).detail; }
    toJSON() { return { ...super.toJSON(), detail: this.detail }; }
  }
  const timing = new WeakMap();
  // Node's resource entries answer name, startTime and duration from their own timing info.
  class PerformanceResourceTiming extends PerformanceEntry {
    get name() { return entries.get(this).name; }
    get startTime() { const t = timing.get(this) || {}; return t.startTime === undefined ? entries.get(this).startTime : t.startTime; }
    get duration() { const t = timing.get(this) || {}; return t.endTime === undefined ? entries.get(this).duration : t.endTime - this.startTime; }
    toJSON() { const { startTime, endTime, ...t } = timing.get(this) || {}; return { ...super.toJSON(), ...t }; }
  }
  for (const name of ['initiatorType', 'nextHopProtocol', 'workerStart', 'redirectStart', 'redirectEnd', 'fetchStart', 'domainLookupStart',
    'domainLookupEnd', 'connectStart', 'connectEnd', 'secureConnectionStart', 'requestStart', 'responseStart', 'responseEnd',
    'transferSize', 'encodedBodySize', 'decodedBodySize']) {
    Object.defineProperty(PerformanceResourceTiming.prototype, name, { configurable: true, enumerable: true,
      get() { const t = timing.get(this) || {}; return t[name] === undefined ? 0 : t[name]; } });
  }

  // The timeline: marks and measures, and resource timings up to the buffer's size.
  const buffer = { mark: [], measure: [], resource: [] };
  let resourceLimit = 250;
  const observers = new Set();
  function enqueue(entry) {
    for (const observer of observers) observer._queue(entry);
  }
  const byName = (list, name, type) => list.filter((e) => e.name === name && (type === undefined || e.entryType === type));
  const all = () => [...buffer.mark, ...buffer.measure, ...buffer.resource].sort((a, b) => a.startTime - b.startTime);
  const markTime = (value, name) => {
    if (value === undefined) return undefined;
    if (typeof value === 'number') return value;
    const mark = byName(buffer.mark, value).pop();
    if (!mark) throw new DOMException(`The "${value}" performance mark has not been set`, 'SyntaxError');
    return mark.startTime;
  };

  let loopIdle = 0;
  class PerformanceNodeTiming {
    get name() { return 'node'; }
    get entryType() { return 'node'; }
    get startTime() { return 0; }
    get duration() { return now(); }
    get nodeStart() { return 0; }
    get v8Start() { return 0; }
    get environment() { return 0; }
    get bootstrapComplete() { return 0; }
    get loopStart() { return 0; }
    get loopExit() { return -1; }
    get idleTime() { return loopIdle; }
    toJSON() { return { name: this.name, entryType: this.entryType, startTime: 0, duration: this.duration, nodeStart: 0, v8Start: 0,
      bootstrapComplete: 0, environment: 0, loopStart: 0, loopExit: -1, idleTime: loopIdle }; }
    [inspect](depth, options) { return `PerformanceNodeTiming ${internals.inspect(this.toJSON(), options)}`; }
  }
  const nodeTiming = new PerformanceNodeTiming();

  class Performance extends EventTarget {
    constructor() {
      if (!constructing) throw typeError('ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
      super();
    }
    now() { return now(); }
    get timeOrigin() { return timeOrigin; }
    get nodeTiming() { return nodeTiming; }
    mark(name, options) {
      const mark = new PerformanceMark(name, options);
      buffer.mark.push(mark);
      enqueue(mark);
      return mark;
    }
    measure(name, startOrOptions, endMark) {
      let start, end, detail = null, duration;
      if (startOrOptions !== null && typeof startOrOptions === 'object') {
        ({ detail = null } = startOrOptions);
        start = markTime(startOrOptions.start);
        end = markTime(startOrOptions.end);
        duration = startOrOptions.duration;
        if (start === undefined && end !== undefined && duration !== undefined) start = end - duration;
        if (end === undefined && start !== undefined && duration !== undefined) end = start + duration;
        if (detail !== null) detail = structuredClone(detail);
      } else {
        start = markTime(startOrOptions);
        end = markTime(endMark);
      }
      if (start === undefined) start = 0;
      if (end === undefined) end = now();
      const measure = make(PerformanceMeasure, String(name), 'measure', start, end - start, detail);
      buffer.measure.push(measure);
      enqueue(measure);
      return measure;
    }
    clearMarks(name) { buffer.mark = name === undefined ? [] : buffer.mark.filter((e) => e.name !== name); }
    clearMeasures(name) { buffer.measure = name === undefined ? [] : buffer.measure.filter((e) => e.name !== name); }
    clearResourceTimings(name) { buffer.resource = name === undefined ? [] : buffer.resource.filter((e) => e.name !== name); }
    getEntries() { return all(); }
    getEntriesByName(name, type) { return byName(all(), String(name), type); }
    getEntriesByType(type) { return (buffer[type] || []).slice(); }
    setResourceTimingBufferSize(size) { resourceLimit = size; }
    markResourceTiming(timingInfo, requestedUrl, initiatorType, global, cacheMode) {
      const entry = make(PerformanceResourceTiming, String(requestedUrl), 'resource', timingInfo.startTime || 0,
        (timingInfo.endTime || 0) - (timingInfo.startTime || 0));
      timing.set(entry, { initiatorType, startTime: timingInfo.startTime, endTime: timingInfo.endTime, ...timingInfo.finalConnectionTimingInfo });
      if (buffer.resource.length < resourceLimit) buffer.resource.push(entry);
      else if (typeof this.onresourcetimingbufferfull === 'function') this.onresourcetimingbufferfull(new Event('resourcetimingbufferfull'));
      enqueue(entry);
      return entry;
    }
    // How busy the loop has been: jshost's loop does not record its idle time apart, so all time counts as active.
    eventLoopUtilization(first, second) {
      const active = now();
      const current = { idle: loopIdle, active, utilization: active > 0 ? active / (active + loopIdle) : 0 };
      const base = second || first;
      if (!base) return current;
      const idle = current.idle - base.idle, busy = current.active - base.active;
      return { idle, active: busy, utilization: busy + idle > 0 ? busy / (busy + idle) : 0 };
    }
    timerify(fn, options = {}) {
      if (typeof fn !== 'function') throw typeError('ERR_INVALID_ARG_TYPE', `The "fn" argument must be of type function. ${internals.received(fn)}`);
      const timed = function (...args) {
        const start = now();
        const result = new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
        const entry = make(PerformanceEntry, fn.name, 'function', start, now() - start);
        enqueue(entry);
        if (options.histogram) options.histogram.record(Math.max(1, Math.round((now() - start) * 1e6)));
        return result;
      };
      Object.defineProperty(timed, 'name', { value: `timerified ${fn.name}` });
      Object.defineProperty(timed, 'length', { value: fn.length });
      return timed;
    }
    toJSON() { return { nodeTiming: nodeTiming.toJSON(), timeOrigin, eventLoopUtilization: this.eventLoopUtilization() }; }
  }
  Performance.prototype.onresourcetimingbufferfull = null;
  const performance = make(Performance);

  class PerformanceObserverEntryList {
    constructor(list) { entries.set(this, list); }
    getEntries() { return entries.get(this).slice(); }
    getEntriesByName(name, type) { return byName(entries.get(this), String(name), type); }
    getEntriesByType(type) { return entries.get(this).filter((e) => e.entryType === type); }
  }
  const supported = ['dns', 'function', 'gc', 'http', 'http2', 'mark', 'measure', 'net', 'resource'];
  class PerformanceObserver {
    constructor(callback) {
      if (typeof callback !== 'function') throw typeError('ERR_INVALID_ARG_TYPE', `The "callback" argument must be of type function. ${internals.received(callback)}`);
      this._callback = callback;
      this._types = new Set();
      this._records = [];
      this._scheduled = false;
    }
    static get supportedEntryTypes() { return supported.slice(); }
    observe(options = {}) {
      const types = options.entryTypes || (options.type ? [options.type] : []);
      if (types.length === 0) throw typeError('ERR_MISSING_ARGS', 'The "options.entryTypes" or "options.type" argument must be specified');
      for (const type of types) if (supported.includes(type)) this._types.add(type);
      observers.add(this);
      if (options.buffered && options.type) for (const entry of buffer[options.type] || []) this._queue(entry);
    }
    disconnect() { observers.delete(this); this._records = []; }
    takeRecords() { const records = this._records; this._records = []; return records; }
    _queue(entry) {
      if (!this._types.has(entry.entryType)) return;
      this._records.push(entry);
      if (this._scheduled) return;
      this._scheduled = true;
      setImmediate(() => {
        this._scheduled = false;
        // Delivered in timeline order, as Node's observers see them.
        const records = this.takeRecords().sort((x, y) => x.startTime - y.startTime);
        if (records.length) this._callback(new PerformanceObserverEntryList(records), this);
      });
    }
  }

  // Histograms: values kept sorted on demand, the statistics Node's report.
  class Histogram {
    constructor() { this.reset(); }
    get min() { return this._values.length ? Math.min(...this._values) : 9223372036854776000; }
    get max() { return this._values.length ? Math.max(...this._values) : 0; }
    get mean() { return this._values.length ? this._values.reduce((a, b) => a + b, 0) / this._values.length : NaN; }
    get stddev() {
      if (!this._values.length) return NaN;
      const mean = this.mean;
      return Math.sqrt(this._values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / this._values.length);
    }
    get count() { return this._values.length; }
    get exceeds() { return 0; }
    get minBigInt() { return BigInt(Math.round(this.min)); }
    get maxBigInt() { return BigInt(this.max); }
    get countBigInt() { return BigInt(this.count); }
    get exceedsBigInt() { return 0n; }
    percentile(p) {
      if (typeof p !== 'number' || !(p > 0 && p <= 100)) {
        const e = new RangeError(`The value of "percentile" is out of range. It must be > 0 && <= 100. Received ${p}`);
        e.code = 'ERR_OUT_OF_RANGE';
        throw e;
      }
      if (!this._values.length) return 0;
      const sorted = this._values.slice().sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    }
    percentileBigInt(p) { return BigInt(this.percentile(p)); }
    get percentiles() {
      const map = new Map();
      if (!this._values.length) { map.set(100, 0); return map; }
      for (const p of [0, 50, 75, 87.5, 93.75, 96.875, 98.4375, 99.21875, 100]) map.set(p, p === 0 ? this.min : this.percentile(p));
      return map;
    }
    get percentilesBigInt() { return new Map([...this.percentiles].map(([k, v]) => [k, BigInt(v)])); }
    reset() { this._values = []; }
    toJSON() { return { count: this.count, min: this.min, max: this.max, mean: this.mean, exceeds: 0, stddev: this.stddev, percentiles: Object.fromEntries(this.percentiles) }; }
  }
  class RecordableHistogram extends Histogram {
    record(value) {
      if ((typeof value !== 'number' && typeof value !== 'bigint') || value < 1) {
        const e = new RangeError(`The value of "val" is out of range. It must be >= 1 && <= 9007199254740991. Received ${value}`);
        e.code = 'ERR_OUT_OF_RANGE';
        throw e;
      }
      this._values.push(Number(value));
    }
    recordDelta() {
      const at = now();
      if (this._last !== undefined) this._values.push(Math.max(1, Math.round((at - this._last) * 1e6)));
      this._last = at;
    }
    add(other) { this._values.push(...other._values); }
  }
  // How late the loop runs a timer of `resolution` ms, in nanoseconds, sampled while enabled.
  class IntervalHistogram extends Histogram {
    constructor(resolution) { super(); this._resolution = resolution; this._timer = null; }
    enable() {
      if (this._timer) return false;
      let expected = now() + this._resolution;
      this._timer = setInterval(() => {
        const at = now();
        this._values.push(Math.max(1, Math.round(Math.max(0, at - expected) * 1e6)));
        expected = at + this._resolution;
      }, this._resolution);
      this._timer.unref();
      return true;
    }
    disable() { if (!this._timer) return false; clearInterval(this._timer); this._timer = null; return true; }
  }

  const perfHooks = {
    Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure, PerformanceObserver, PerformanceObserverEntryList,
    PerformanceResourceTiming,
    monitorEventLoopDelay: (options = {}) => new IntervalHistogram(options.resolution || 10),
    createHistogram: () => new RecordableHistogram(),
    performance,
    constants: { NODE_PERFORMANCE_GC_MAJOR: 4, NODE_PERFORMANCE_GC_MINOR: 1, NODE_PERFORMANCE_GC_INCREMENTAL: 8,
      NODE_PERFORMANCE_GC_WEAKCB: 16, NODE_PERFORMANCE_GC_FLAGS_NO: 0, NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
      NODE_PERFORMANCE_GC_FLAGS_FORCED: 4, NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
      NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16, NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
      NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64 },
  };
  for (const name of ['performance', 'Performance', 'PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure', 'PerformanceObserver',
    'PerformanceObserverEntryList', 'PerformanceResourceTiming']) {
    if (!Object.prototype.hasOwnProperty.call(globalThis, name)) {
      Object.defineProperty(globalThis, name, { value: perfHooks[name], writable: true, configurable: true, enumerable: name === 'performance' });
    }
  }
  internals.builtinFactories.set('perf_hooks', () => perfHooks);
})

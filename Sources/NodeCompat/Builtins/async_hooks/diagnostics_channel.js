// `diagnostics_channel`: named channels a library publishes on and tools subscribe to (HTTP clients and database
// drivers announce their work this way), tracing channels, and stores bound to channels (AsyncLocalStorage).
(function (internals) {
  'use strict';
  const typeError = (message) => { const e = new TypeError(message); e.code = 'ERR_INVALID_ARG_TYPE'; return e; };
  const channels = new Map();

  class Channel {
    constructor(name) {
      this.name = name;
      this._subscribers = [];
      this._stores = new Map();
    }
    get hasSubscribers() { return this._subscribers.length > 0 || this._stores.size > 0; }
    subscribe(subscription) {
      if (typeof subscription !== 'function') throw typeError(`The "subscription" argument must be of type function. ${internals.received(subscription)}`);
      this._subscribers = [...this._subscribers, subscription];
    }
    unsubscribe(subscription) {
      const index = this._subscribers.indexOf(subscription);
      if (index === -1) return false;
      this._subscribers = this._subscribers.filter((_, i) => i !== index);
      return true;
    }
    // A subscriber's exception does not reach the publisher: it is reported as uncaught, in a later turn.
    publish(data) {
      for (const subscriber of this._subscribers) {
        try { subscriber(data, this.name); } catch (error) { process.nextTick(() => { throw error; }); }
      }
    }
    bindStore(store, transform) { this._stores.set(store, transform); }
    unbindStore(store) { return this._stores.delete(store); }
    runStores(data, fn, thisArg, ...args) {
      let run = () => { this.publish(data); return fn.apply(thisArg, args); };
      for (const [store, transform] of this._stores) {
        const inner = run;
        run = () => store.run(transform ? transform(data) : data, inner);
      }
      return run();
    }
  }

  function channel(name) {
    if (typeof name !== 'string' && typeof name !== 'symbol') throw typeError(`The "channel" argument must be of type string or symbol. ${internals.received(name)}`);
    let found = channels.get(name);
    if (!found) { found = new Channel(name); channels.set(name, found); }
    return found;
  }

  const events = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];
  class TracingChannel {
    constructor(nameOrChannels) {
      for (const event of events) {
        this[event] = typeof nameOrChannels === 'string' ? channel(`tracing:${nameOrChannels}:${event}`) : nameOrChannels[event];
      }
    }
    get hasSubscribers() { return events.some((event) => this[event].hasSubscribers); }
    subscribe(handlers) { for (const event of events) if (handlers[event]) this[event].subscribe(handlers[event]); }
    unsubscribe(handlers) {
      let all = true;
      for (const event of events) if (handlers[event] && !this[event].unsubscribe(handlers[event])) all = false;
      return all;
    }
    traceSync(fn, context = {}, thisArg, ...args) {
      return this.start.runStores(context, () => {
        try {
          const result = fn.apply(thisArg, args);
          context.result = result;
          return result;
        } catch (error) {
          context.error = error;
          this.error.publish(context);
          throw error;
        } finally {
          this.end.publish(context);
        }
      });
    }
    tracePromise(fn, context = {}, thisArg, ...args) {
      return this.start.runStores(context, () => {
        try {
          const promise = Promise.resolve(fn.apply(thisArg, args));
          return promise.then((result) => {
            context.result = result;
            this.asyncStart.publish(context);
            this.asyncEnd.publish(context);
            return result;
          }, (error) => {
            context.error = error;
            this.error.publish(context);
            this.asyncStart.publish(context);
            this.asyncEnd.publish(context);
            throw error;
          });
        } catch (error) {
          context.error = error;
          this.error.publish(context);
          throw error;
        } finally {
          this.end.publish(context);
        }
      });
    }
    traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
      const index = position < 0 ? args.length + position : position;
      const callback = args[index];
      if (typeof callback !== 'function') throw typeError(`The "callback" argument must be of type function. ${internals.received(callback)}`);
      const self = this;
      args[index] = function (error, result) {
        if (error) { context.error = error; self.error.publish(context); } else context.result = result;
        return self.asyncStart.runStores(context, () => {
          try { return callback.apply(this, arguments); } finally { self.asyncEnd.publish(context); }
        });
      };
      return this.traceSync(fn, context, thisArg, ...args);
    }
  }

  const diagnosticsChannel = {
    channel,
    hasSubscribers: (name) => (channels.has(name) ? channels.get(name).hasSubscribers : false),
    subscribe: (name, subscription) => channel(name).subscribe(subscription),
    unsubscribe: (name, subscription) => (channels.has(name) ? channels.get(name).unsubscribe(subscription) : false),
    tracingChannel: (nameOrChannels) => new TracingChannel(nameOrChannels),
    Channel,
  };
  internals.builtinFactories.set('diagnostics_channel', () => diagnosticsChannel);
})

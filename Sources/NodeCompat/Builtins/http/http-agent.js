// `http.Agent` and `https.Agent` as Node 20 has them: sockets pooled per host, `maxSockets`, `maxTotalSockets`,
// keep-alive with free sockets unref'd (so they never keep a process alive), and the extension points
// libraries override (`addRequest`, `createConnection`, `getName`, `keepSocketAlive`, `reuseSocket`).
(function (internals) {
  'use strict';
  const EventEmitter = internals.EventEmitter;
  internals.Module._load('tls', null);   // loads net and tls, whose sockets the agents make
  const net = internals.net;

  function freeSocketErrorListener(error) { this.destroy(); this.emit('agentRemove'); void error; }

  class Agent extends EventEmitter {
    constructor(options) {
      super();
      this.defaultPort = 80;
      this.protocol = 'http:';
      this.options = Object.assign({ __proto__: null }, options);
      this.options.path = null;
      this.keepAliveMsecs = this.options.keepAliveMsecs || 1000;
      this.keepAlive = Boolean(this.options.keepAlive);
      this.maxSockets = this.options.maxSockets || Agent.defaultMaxSockets;
      this.maxFreeSockets = this.options.maxFreeSockets || 256;
      this.maxTotalSockets = this.options.maxTotalSockets || Infinity;
      this.scheduling = this.options.scheduling || 'lifo';
      this.totalSocketCount = 0;
      this.requests = Object.create(null);
      this.sockets = Object.create(null);
      this.freeSockets = Object.create(null);
      this.on('free', (socket, options) => this._onFree(socket, options));
    }

    _onFree(socket, options) {
      const name = this.getName(options);
      if (!socket.writable) { socket.destroy(); return; }
      const waiting = this.requests[name];
      if (waiting && waiting.length) {
        const request = waiting.shift();
        if (!waiting.length) delete this.requests[name];
        this.reuseSocket(socket, request);
        setRequestSocket(this, request, socket);
        return;
      }
      const request = socket._httpMessage;
      if (!request || !request.shouldKeepAlive || !this.keepAlive) { socket.destroy(); return; }
      const free = this.freeSockets[name] || [];
      if (this.totalSocketCount > this.maxTotalSockets || free.length >= this.maxFreeSockets || !this.keepSocketAlive(socket)) {
        socket.destroy();
        return;
      }
      this.freeSockets[name] = free;
      socket._httpMessage = null;
      this._removeFrom(this.sockets, name, socket);
      free.push(socket);
      socket.once('error', freeSocketErrorListener);
    }

    getName(options = {}) {
      let name = options.host || 'localhost';
      name += ':';
      if (options.port) name += options.port;
      name += ':';
      if (options.localAddress) name += options.localAddress;
      if (options.family === 4 || options.family === 6) name += `:${options.family}`;
      if (options.socketPath) name += `:${options.socketPath}`;
      return name;
    }

    createConnection(options, callback) { return net.createConnection(options, callback); }

    addRequest(request, options) {
      options = Object.assign({ __proto__: null }, options, this.options);
      if (options.socketPath) options.path = options.socketPath;
      if (!options.servername && options.servername !== '') options.servername = calculateServerName(options, request);
      const name = this.getName(options);
      if (!this.sockets[name]) this.sockets[name] = [];
      const free = this.freeSockets[name];
      let socket;
      if (free) {
        while (free.length && free[0].destroyed) free.shift();
        socket = this.scheduling === 'fifo' ? free.shift() : free.pop();
        if (!free.length) delete this.freeSockets[name];
      }
      const freeLength = free ? free.length : 0;
      const count = freeLength + this.sockets[name].length;
      if (socket) {
        this.reuseSocket(socket, request);
        setRequestSocket(this, request, socket);
        this.sockets[name].push(socket);
      } else if (count < this.maxSockets && this.totalSocketCount < this.maxTotalSockets) {
        this.createSocket(request, options, (error, created) => {
          if (error) request.onSocket(created, error);
          else setRequestSocket(this, request, created);
        });
      } else {
        if (!this.requests[name]) this.requests[name] = [];
        request[kRequestOptions] = options;
        this.requests[name].push(request);
      }
    }

    createSocket(request, options, callback) {
      options = Object.assign({ __proto__: null }, options, this.options);
      if (options.socketPath) options.path = options.socketPath;
      if (!options.servername && options.servername !== '') options.servername = calculateServerName(options, request);
      const name = this.getName(options);
      options._agentKey = name;
      options.encoding = null;
      let called = false;
      const onCreate = (error, socket) => {
        if (called) return;
        called = true;
        if (error) { callback(error); return; }
        if (!this.sockets[name]) this.sockets[name] = [];
        this.sockets[name].push(socket);
        this.totalSocketCount++;
        installListeners(this, socket, options);
        callback(null, socket);
      };
      const socket = this.createConnection(options, onCreate);
      if (socket) onCreate(null, socket);
    }

    _removeFrom(table, name, socket) {
      const list = table[name];
      if (!list) return false;
      const index = list.indexOf(socket);
      if (index === -1) return false;
      list.splice(index, 1);
      if (!list.length) delete table[name];
      return true;
    }

    removeSocket(socket, options) {
      const name = this.getName(options);
      if (this._removeFrom(this.sockets, name, socket)) this.totalSocketCount--;
      else if (this._removeFrom(this.freeSockets, name, socket)) this.totalSocketCount--;
      const waiting = this.requests[name];
      if (waiting && waiting.length && (this.sockets[name] || []).length < this.maxSockets) {
        const request = waiting.shift();
        if (!waiting.length) delete this.requests[name];
        this.createSocket(request, request[kRequestOptions] || options, (error, created) => {
          if (error) request.onSocket(created, error);
          else setRequestSocket(this, request, created);
        });
      }
    }

    keepSocketAlive(socket) {
      socket.setKeepAlive(true, this.keepAliveMsecs);
      socket.unref();
      const timeout = this.options.timeout;
      if (timeout) socket.setTimeout(timeout);
      return true;
    }

    reuseSocket(socket, request) {
      socket.removeListener('error', freeSocketErrorListener);
      request.reusedSocket = true;
      socket.ref();
    }

    destroy() {
      for (const table of [this.freeSockets, this.sockets]) {
        for (const name of Object.keys(table)) for (const socket of table[name].slice()) socket.destroy();
      }
    }
  }
  Agent.defaultMaxSockets = Infinity;
  const kRequestOptions = Symbol('requestOptions');

  function calculateServerName(options, request) {
    let hostHeader = options.host;
    const header = request && request.getHeader && request.getHeader('host');
    if (header) {
      hostHeader = String(header);
      hostHeader = hostHeader.startsWith('[') ? hostHeader.slice(1, hostHeader.indexOf(']')) : hostHeader.split(':', 1)[0];
    }
    return internals.ipSyntax.isIP(hostHeader || '') ? '' : hostHeader;
  }

  function installListeners(agent, socket, options) {
    const onFree = () => agent.emit('free', socket, options);
    const onClose = () => { agent.removeSocket(socket, options); };
    const onTimeout = () => {
      // An idle free socket times out and is closed; a busy one reports to its request.
      const free = agent.freeSockets[agent.getName(options)];
      if (free && free.includes(socket)) socket.destroy();
    };
    const onRemove = () => {
      agent.totalSocketCount--;
      agent._removeFrom(agent.sockets, agent.getName(options), socket);
      agent._removeFrom(agent.freeSockets, agent.getName(options), socket);
      socket.removeListener('close', onClose);
      socket.removeListener('free', onFree);
      socket.removeListener('timeout', onTimeout);
      socket.removeListener('agentRemove', onRemove);
    };
    socket.on('free', onFree);
    socket.on('close', onClose);
    socket.on('timeout', onTimeout);
    socket.on('agentRemove', onRemove);
  }

  function setRequestSocket(agent, request, socket) {
    request.onSocket(socket);
    const timeout = agent.options.timeout;
    if (timeout && request.timeout === undefined) socket.setTimeout(timeout);
  }

  class HTTPSAgent extends Agent {
    constructor(options) {
      super(options);
      this.defaultPort = 443;
      this.protocol = 'https:';
      this.maxCachedSessions = this.options.maxCachedSessions === undefined ? 100 : this.options.maxCachedSessions;
    }
    createConnection(options) { return internals.tls.connect(options); }
    // Node keys a TLS socket by everything that changes the session too.
    getName(options = {}) {
      let name = super.getName(options);
      for (const key of ['ca', 'cert', 'clientCertEngine', 'ciphers', 'key', 'pfx', 'rejectUnauthorized', 'servername',
        'minVersion', 'maxVersion', 'secureProtocol', 'crl', 'honorCipherOrder', 'ecdhCurve', 'dhparam', 'secureOptions',
        'passphrase', 'sessionIdContext', 'sigalgs', 'privateKeyIdentifier', 'privateKeyEngine']) {
        name += ':';
        if (options[key] !== undefined && options[key] !== null) name += options[key];
      }
      return name;
    }
  }

  internals.httpAgents = {
    Agent, HTTPSAgent,
    globalAgent: new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 }),
    httpsGlobalAgent: new HTTPSAgent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 }),
  };
})

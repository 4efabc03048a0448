// net.SocketAddress and net.BlockList: addresses as values, and rules (addresses, ranges, subnets) an address can
// be checked against, IPv4 and IPv6 as Node has them (an IPv4 rule also matches its IPv4-mapped IPv6 form).
(function (host, internals) {
  'use strict';
  const net = internals.net;
  const typeError = (code, message) => { const e = new TypeError(message); e.code = code; return e; };
  const familyOf = (family) => {
    const f = String(family === undefined ? 'ipv4' : family).toLowerCase();
    if (f !== 'ipv4' && f !== 'ipv6') throw typeError('ERR_INVALID_ARG_VALUE', `The property 'options.family' must be one of: 'ipv4', 'ipv6'. Received ${internals.inspect(family)}`);
    return f;
  };

  const invalidAddress = () => { const e = new Error('Invalid socket address'); e.code = 'ERR_INVALID_ADDRESS'; return e; };
  // An address as a BigInt (IPv4 in the IPv4-mapped IPv6 space, so both families compare on one line).
  function toNumber(address, family) {
    if (family === 'ipv4') {
      if (!net.isIPv4(address)) throw invalidAddress();
      return address.split('.').reduce((n, part) => (n << 8n) + BigInt(Number(part)), 0n) + 0xffff00000000n;
    }
    if (!net.isIPv6(address)) throw invalidAddress();
    let text = address.split('%')[0];
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4) {
      const n = toNumber(v4[1], 'ipv4') - 0xffff00000000n;
      text = text.slice(0, -v4[1].length) + (n >> 16n).toString(16) + ':' + (n & 0xffffn).toString(16);
    }
    const [head, tail] = text.split('::');
    const left = head ? head.split(':') : [], right = tail === undefined ? [] : (tail ? tail.split(':') : []);
    const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
    return groups.reduce((n, group) => (n << 16n) + BigInt(parseInt(group || '0', 16)), 0n);
  }

  const kAddress = Symbol('kAddress');
  class SocketAddress {
    constructor(options = {}) {
      if (options === null || typeof options !== 'object') throw typeError('ERR_INVALID_ARG_TYPE', `The "options" argument must be of type object. ${internals.received(options)}`);
      const family = familyOf(options.family);
      const address = options.address === undefined ? (family === 'ipv4' ? '127.0.0.1' : '::') : String(options.address);
      toNumber(address, family);
      const port = options.port === undefined ? 0 : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        const e = new RangeError(`options.port should be >= 0 and < 65536. Received type number (${port}).`);
        e.code = 'ERR_SOCKET_BAD_PORT';
        throw e;
      }
      this[kAddress] = { address, port, family, flowlabel: options.flowlabel === undefined ? 0 : Number(options.flowlabel) };
    }
    static isSocketAddress(value) { return value instanceof SocketAddress; }
    static parse(input) {
      try {
        const url = new URL(`http://${input}`);
        return new SocketAddress({ address: url.hostname.replace(/^\[|\]$/g, ''), port: url.port === '' ? 0 : Number(url.port),
          family: url.hostname.startsWith('[') ? 'ipv6' : 'ipv4' });
      } catch { return undefined; }
    }
    get address() { return this[kAddress].address; }
    get port() { return this[kAddress].port; }
    get family() { return this[kAddress].family; }
    get flowlabel() { return this[kAddress].flowlabel; }
    toJSON() { return { address: this.address, port: this.port, family: this.family, flowlabel: this.flowlabel }; }
    [Symbol.for('nodejs.util.inspect.custom')](depth, options) { return `SocketAddress ${internals.inspect(this.toJSON(), options)}`; }
  }

  const kRules = Symbol('kRules');
  class BlockList {
    constructor() { this[kRules] = []; }
    static isBlockList(value) { return value instanceof BlockList; }
    addAddress(address, family) {
      const [text, fam] = address instanceof SocketAddress ? [address.address, address.family] : [String(address), familyOf(family)];
      const n = toNumber(text, fam);
      this[kRules].unshift({ text: `Address: ${fam === 'ipv4' ? 'IPv4' : 'IPv6'} ${text}`, from: n, to: n });
    }
    addRange(start, end, family) {
      const [a, fa] = start instanceof SocketAddress ? [start.address, start.family] : [String(start), familyOf(family)];
      const [b, fb] = end instanceof SocketAddress ? [end.address, end.family] : [String(end), familyOf(family)];
      const from = toNumber(a, fa), to = toNumber(b, fb);
      if (from > to) throw typeError('ERR_INVALID_ARG_VALUE', `The argument 'start' must be less than or equal to end. Received ${internals.inspect(a)}`);
      this[kRules].unshift({ text: `Range: ${fa === 'ipv4' ? 'IPv4' : 'IPv6'} ${a}-${b}`, from, to });
    }
    addSubnet(network, prefix, family) {
      const [text, fam] = network instanceof SocketAddress ? [network.address, network.family] : [String(network), familyOf(family)];
      const bits = fam === 'ipv4' ? 32 : 128;
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
        const e = new RangeError(`The value of "prefix" is out of range. It must be >= 0 && <= ${bits}. Received ${prefix}`);
        e.code = 'ERR_OUT_OF_RANGE';
        throw e;
      }
      const base = toNumber(text, fam);
      const size = 1n << BigInt(bits - prefix);
      const from = fam === 'ipv4' ? ((base - 0xffff00000000n) / size) * size + 0xffff00000000n : (base / size) * size;
      this[kRules].unshift({ text: `Subnet: ${fam === 'ipv4' ? 'IPv4' : 'IPv6'} ${text}/${prefix}`, from, to: from + size - 1n });
    }
    check(address, family) {
      const [text, fam] = address instanceof SocketAddress ? [address.address, address.family] : [String(address), familyOf(family)];
      let n;
      try { n = toNumber(text, fam); } catch { return false; }
      return this[kRules].some((rule) => n >= rule.from && n <= rule.to);
    }
    get rules() { return this[kRules].map((rule) => rule.text); }
    [Symbol.for('nodejs.util.inspect.custom')](depth, options) { return `BlockList ${internals.inspect({ rules: this.rules }, options)}`; }
  }

  Object.assign(net, { SocketAddress, BlockList });
})

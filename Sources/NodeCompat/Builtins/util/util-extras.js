// What util has beyond util.js's core: MIMEType and MIMEParams, parseArgs, parseEnv, styleText with inspect's
// colour table, the system error names (libuv's table), aborted, and the transferable abort helpers.
(function (internals) {
  'use strict';
  const util = internals.utilModule;
  const typeError = (code, message) => { const e = new TypeError(message); e.code = code; return e; };

  const systemErrors = [
    [-7, 'E2BIG', 'argument list too long'], [-13, 'EACCES', 'permission denied'],
    [-98, 'EADDRINUSE', 'address already in use'], [-99, 'EADDRNOTAVAIL', 'address not available'],
    [-97, 'EAFNOSUPPORT', 'address family not supported'], [-11, 'EAGAIN', 'resource temporarily unavailable'],
    [-3000, 'EAI_ADDRFAMILY', 'address family not supported'], [-3001, 'EAI_AGAIN', 'temporary failure'],
    [-3002, 'EAI_BADFLAGS', 'bad ai_flags value'], [-3013, 'EAI_BADHINTS', 'invalid value for hints'],
    [-3003, 'EAI_CANCELED', 'request canceled'], [-3004, 'EAI_FAIL', 'permanent failure'],
    [-3005, 'EAI_FAMILY', 'ai_family not supported'], [-3006, 'EAI_MEMORY', 'out of memory'],
    [-3007, 'EAI_NODATA', 'no address'], [-3008, 'EAI_NONAME', 'unknown node or service'],
    [-3009, 'EAI_OVERFLOW', 'argument buffer overflow'], [-3014, 'EAI_PROTOCOL', 'resolved protocol is unknown'],
    [-3010, 'EAI_SERVICE', 'service not available for socket type'],
    [-3011, 'EAI_SOCKTYPE', 'socket type not supported'], [-114, 'EALREADY', 'connection already in progress'],
    [-9, 'EBADF', 'bad file descriptor'], [-16, 'EBUSY', 'resource busy or locked'],
    [-125, 'ECANCELED', 'operation canceled'], [-4080, 'ECHARSET', 'invalid Unicode character'],
    [-103, 'ECONNABORTED', 'software caused connection abort'], [-111, 'ECONNREFUSED', 'connection refused'],
    [-104, 'ECONNRESET', 'connection reset by peer'], [-89, 'EDESTADDRREQ', 'destination address required'],
    [-17, 'EEXIST', 'file already exists'], [-14, 'EFAULT', 'bad address in system call argument'],
    [-27, 'EFBIG', 'file too large'], [-113, 'EHOSTUNREACH', 'host is unreachable'],
    [-4, 'EINTR', 'interrupted system call'], [-22, 'EINVAL', 'invalid argument'], [-5, 'EIO', 'i/o error'],
    [-106, 'EISCONN', 'socket is already connected'], [-21, 'EISDIR', 'illegal operation on a directory'],
    [-40, 'ELOOP', 'too many symbolic links encountered'], [-24, 'EMFILE', 'too many open files'],
    [-90, 'EMSGSIZE', 'message too long'], [-36, 'ENAMETOOLONG', 'name too long'],
    [-100, 'ENETDOWN', 'network is down'], [-101, 'ENETUNREACH', 'network is unreachable'],
    [-23, 'ENFILE', 'file table overflow'], [-105, 'ENOBUFS', 'no buffer space available'],
    [-19, 'ENODEV', 'no such device'], [-2, 'ENOENT', 'no such file or directory'],
    [-12, 'ENOMEM', 'not enough memory'], [-64, 'ENONET', 'machine is not on the network'],
    [-92, 'ENOPROTOOPT', 'protocol not available'], [-28, 'ENOSPC', 'no space left on device'],
    [-38, 'ENOSYS', 'function not implemented'], [-107, 'ENOTCONN', 'socket is not connected'],
    [-20, 'ENOTDIR', 'not a directory'], [-39, 'ENOTEMPTY', 'directory not empty'],
    [-88, 'ENOTSOCK', 'socket operation on non-socket'], [-95, 'ENOTSUP', 'operation not supported on socket'],
    [-75, 'EOVERFLOW', 'value too large for defined data type'], [-1, 'EPERM', 'operation not permitted'],
    [-32, 'EPIPE', 'broken pipe'], [-71, 'EPROTO', 'protocol error'],
    [-93, 'EPROTONOSUPPORT', 'protocol not supported'], [-91, 'EPROTOTYPE', 'protocol wrong type for socket'],
    [-34, 'ERANGE', 'result too large'], [-30, 'EROFS', 'read-only file system'],
    [-108, 'ESHUTDOWN', 'cannot send after transport endpoint shutdown'], [-29, 'ESPIPE', 'invalid seek'],
    [-3, 'ESRCH', 'no such process'], [-110, 'ETIMEDOUT', 'connection timed out'],
    [-26, 'ETXTBSY', 'text file is busy'], [-18, 'EXDEV', 'cross-device link not permitted'],
    [-4094, 'UNKNOWN', 'unknown error'], [-4095, 'EOF', 'end of file'], [-6, 'ENXIO', 'no such device or address'],
    [-31, 'EMLINK', 'too many links'], [-112, 'EHOSTDOWN', 'host is down'], [-121, 'EREMOTEIO', 'remote I/O error'],
    [-25, 'ENOTTY', 'inappropriate ioctl for device'], [-4028, 'EFTYPE', 'inappropriate file type or format'],
    [-84, 'EILSEQ', 'illegal byte sequence'], [-94, 'ESOCKTNOSUPPORT', 'socket type not supported'],
    [-61, 'ENODATA', 'no data available'], [-49, 'EUNATCH', 'protocol driver not attached'],
  ];
  let errorMap = null;
  util.getSystemErrorMap = function getSystemErrorMap() {
    if (!errorMap) errorMap = new Map(systemErrors.map(([code, name, text]) => [code, [name, text]]));
    return errorMap;
  };
  util.getSystemErrorName = function getSystemErrorName(code) {
    if (typeof code !== 'number') throw typeError('ERR_INVALID_ARG_TYPE', `The "err" argument must be of type number. ${internals.received(code)}`);
    if (code >= 0 || !Number.isSafeInteger(code)) {
      const e = new RangeError(`The value of "err" is out of range. It must be a negative integer. Received ${code}`);
      e.code = 'ERR_OUT_OF_RANGE';
      throw e;
    }
    const entry = util.getSystemErrorMap().get(code);
    return entry ? entry[0] : `Unknown system error ${code}`;
  };

  const colors = Object.assign(Object.create(null), { reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23],
    underline: [4, 24], blink: [5, 25], inverse: [7, 27], hidden: [8, 28], strikethrough: [9, 29], doubleunderline: [21, 24],
    black: [30, 39], red: [31, 39], green: [32, 39], yellow: [33, 39], blue: [34, 39], magenta: [35, 39], cyan: [36, 39],
    white: [37, 39], bgBlack: [40, 49], bgRed: [41, 49], bgGreen: [42, 49], bgYellow: [43, 49], bgBlue: [44, 49],
    bgMagenta: [45, 49], bgCyan: [46, 49], bgWhite: [47, 49], framed: [51, 54], overlined: [53, 55], gray: [90, 39],
    redBright: [91, 39], greenBright: [92, 39], yellowBright: [93, 39], blueBright: [94, 39], magentaBright: [95, 39],
    cyanBright: [96, 39], whiteBright: [97, 39], bgGray: [100, 49], bgRedBright: [101, 49], bgGreenBright: [102, 49],
    bgYellowBright: [103, 49], bgBlueBright: [104, 49], bgMagentaBright: [105, 49], bgCyanBright: [106, 49],
    bgWhiteBright: [107, 49] });
  for (const [alias, name] of [['grey', 'gray'], ['blackBright', 'gray'], ['bgGrey', 'bgGray'], ['bgBlackBright', 'bgGray'],
    ['faint', 'dim'], ['crossedout', 'strikethrough'], ['strikeThrough', 'strikethrough'], ['crossedOut', 'strikethrough'],
    ['conceal', 'hidden'], ['swapColors', 'inverse'], ['swapcolors', 'inverse'], ['doubleUnderline', 'doubleunderline']]) {
    Object.defineProperty(colors, alias, { get() { return this[name]; }, set(value) { this[name] = value; }, configurable: true, enumerable: false });
  }
  util.inspect.colors = colors;
  util.inspect.styles = Object.assign(Object.create(null), { special: 'cyan', number: 'yellow', bigint: 'yellow', boolean: 'yellow',
    undefined: 'grey', null: 'bold', string: 'green', symbol: 'green', date: 'magenta', regexp: 'red', module: 'underline' });

  // The codes are left out when the stream the text is for (stdout) is not a terminal, and jshost's never is: in
  // Node 20 only for a single format (an array of formats is always styled), in Node 22 and later for both.
  util.styleText = function styleText(format, text, options = {}) {
    if (typeof text !== 'string') throw typeError('ERR_INVALID_ARG_TYPE', `The "text" argument must be of type string. ${internals.received(text)}`);
    const formats = Array.isArray(format) ? format : [format];
    let left = '', right = '';
    for (const name of formats) {
      const codes = colors[name];
      if (codes === undefined) {
        throw typeError('ERR_INVALID_ARG_VALUE', `The argument 'format' must be one of: ${Object.keys(colors).map((k) => `'${k}'`).join(', ')}. Received ${internals.inspect(name)}`);
      }
      left += `\u001b[${codes[0]}m`;
      right = `\u001b[${codes[1]}m` + right;
    }
    const checksStream = options.validateStream !== false && (internals.nodeMajor >= 24 || !Array.isArray(format));
    if (checksStream) {
      const stream = options.stream || process.stdout;
      if (!stream || !stream.isTTY) return text;
    }
    return left + text + right;
  };

  util.log = function log(...args) {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const time = `${now.getDate()} ${months[now.getMonth()]} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
    console.log('%s - %s', time, internals.format(...args));
  };

  util.aborted = function aborted(signal, resource) {
    if (!signal || typeof signal.addEventListener !== 'function') throw typeError('ERR_INVALID_ARG_TYPE', `The "signal" argument must be an instance of AbortSignal. ${internals.received(signal)}`);
    if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) throw typeError('ERR_INVALID_ARG_TYPE', `The "resource" argument must be of type object. ${internals.received(resource)}`);
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  };
  // Nothing crosses threads in jshost: a transferable signal is one that follows the given signal.
  util.transferableAbortController = () => new AbortController();
  util.transferableAbortSignal = (signal) => {
    if (!signal || typeof signal.addEventListener !== 'function') throw typeError('ERR_INVALID_ARG_TYPE', `The "signal" argument must be an instance of AbortSignal. ${internals.received(signal)}`);
    return AbortSignal.any([signal]);
  };

  // dotenv text as Node's parseEnv reads it: KEY=value, quotes, `export`, comments, multi-line double quotes.
  util.parseEnv = function parseEnv(content) {
    if (typeof content !== 'string') throw typeError('ERR_INVALID_ARG_TYPE', `The "content" argument must be of type string. ${internals.received(content)}`);
    const result = {};
    const pattern = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?$/gm;
    for (const match of content.replace(/\r\n?/g, '\n').matchAll(pattern)) {
      let value = (match[2] || '').trim();
      const quote = value[0];
      value = value.replace(/^(['"`])([\s\S]*)\1$/m, '$2');
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
      result[match[1]] = value;
    }
    return result;
  };

  // MIMEType and MIMEParams, parsed and written as the WHATWG MIME Sniffing standard has it.
  const tokenChars = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const quotedChars = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
  const paramsOf = new WeakMap();
  class MIMEParams {
    constructor() { paramsOf.set(this, new Map()); }
    delete(name) { paramsOf.get(this).delete(name); }
    get(name) { const value = paramsOf.get(this).get(name); return value === undefined ? null : value; }
    has(name) { return paramsOf.get(this).has(name); }
    set(name, value) {
      name = String(name); value = String(value);
      if (!tokenChars.test(name)) throw typeError('ERR_INVALID_MIME_SYNTAX', `The MIME syntax for a parameter name in "${name}" is invalid`);
      if (!quotedChars.test(value)) throw typeError('ERR_INVALID_MIME_SYNTAX', `The MIME syntax for a parameter value in "${value}" is invalid`);
      paramsOf.get(this).set(name, value);
    }
    entries() { return paramsOf.get(this).entries(); }
    keys() { return paramsOf.get(this).keys(); }
    values() { return paramsOf.get(this).values(); }
    toString() {
      return [...paramsOf.get(this)].map(([name, value]) => `${name}=${value === '' || !tokenChars.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value}`).join(';');
    }
    toJSON() { return this.toString(); }
    [Symbol.iterator]() { return this.entries(); }
  }
  const mimes = new WeakMap();
  class MIMEType {
    constructor(input) {
      const text = String(input).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
      const slash = text.indexOf('/');
      const type = slash < 0 ? '' : text.slice(0, slash);
      if (!type || !tokenChars.test(type)) throw typeError('ERR_INVALID_MIME_SYNTAX', `The MIME syntax for a type in "${text}" is invalid`);
      const rest = text.slice(slash + 1);
      const semicolon = rest.indexOf(';');
      const subtype = (semicolon < 0 ? rest : rest.slice(0, semicolon)).replace(/[\t\n\f\r ]+$/, '');
      if (!subtype || !tokenChars.test(subtype)) throw typeError('ERR_INVALID_MIME_SYNTAX', `The MIME syntax for a subtype in "${text}" is invalid`);
      const params = new MIMEParams();
      const map = paramsOf.get(params);
      let position = semicolon < 0 ? rest.length : semicolon;
      while (position < rest.length) {
        position++;
        while (/[\t\n\f\r ]/.test(rest[position] || '')) position++;
        let end = position;
        while (end < rest.length && rest[end] !== ';' && rest[end] !== '=') end++;
        const name = rest.slice(position, end).toLowerCase();
        position = end;
        if (rest[position] === ';') continue;
        if (position >= rest.length) break;
        position++;
        let value;
        if (rest[position] === '"') {
          value = '';
          position++;
          while (position < rest.length && rest[position] !== '"') {
            if (rest[position] === '\\' && position + 1 < rest.length) position++;
            value += rest[position++];
          }
          while (position < rest.length && rest[position] !== ';') position++;
        } else {
          end = rest.indexOf(';', position);
          if (end < 0) end = rest.length;
          value = rest.slice(position, end).replace(/[\t\n\f\r ]+$/, '');
          position = end;
          if (!value) continue;
        }
        if (name && tokenChars.test(name) && quotedChars.test(value) && !map.has(name)) map.set(name, value);
      }
      mimes.set(this, { type: type.toLowerCase(), subtype: subtype.toLowerCase(), params });
    }
    get type() { return mimes.get(this).type; }
    set type(value) {
      if (!tokenChars.test(String(value))) throw typeError('ERR_INVALID_MIME_SYNTAX', `The MIME syntax for a type in "${value}" is invalid`);
      mimes.get(this).type = String(value).toLowerCase();
    }
    get subtype() { return mimes.get(this).subtype; }
    set subtype(value) {
      if (!tokenChars.test(String(value))) throw typeError('ERR_INVALID_MIME_SYNTAX', `The MIME syntax for a subtype in "${value}" is invalid`);
      mimes.get(this).subtype = String(value).toLowerCase();
    }
    get essence() { return `${this.type}/${this.subtype}`; }
    get params() { return mimes.get(this).params; }
    toString() { const params = this.params.toString(); return this.essence + (params ? ';' + params : ''); }
    toJSON() { return this.toString(); }
  }
  util.MIMEType = MIMEType;
  util.MIMEParams = MIMEParams;

  // Command-line arguments as Node's parseArgs reads them: long and short options, `--name=value`, strings and
  // booleans, `multiple`, defaults, `--` and positionals, tokens.
  util.parseArgs = function parseArgs(config = {}) {
    const args = config.args === undefined ? process.argv.slice(2) : config.args;
    const options = config.options || {};
    const strict = config.strict !== false;
    const allowPositionals = config.allowPositionals === undefined ? !strict : config.allowPositionals;
    const allowNegative = Boolean(config.allowNegative);
    const values = Object.create(null), positionals = [], tokens = [];
    const shortNames = new Map(Object.entries(options).filter(([, o]) => o.short).map(([name, o]) => [o.short, name]));
    const unknown = (option) => { const e = typeError('ERR_PARSE_ARGS_UNKNOWN_OPTION', `Unknown option '${option}'${allowPositionals ? '' : ". To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"" + option + "\"'"}`); e.name = 'TypeError'; return e; };
    const store = (name, value, raw, index, inlineValue) => {
      const option = options[name];
      if (strict && !option) throw unknown(raw);
      if (strict && option.type === 'string' && typeof value !== 'string') {
        throw typeError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '${option.short ? `-${option.short}, ` : ''}--${name} <value>' argument missing`);
      }
      if (strict && option.type === 'boolean' && typeof value === 'string') {
        throw typeError('ERR_PARSE_ARGS_INVALID_OPTION_VALUE', `Option '--${name}' does not take an argument`);
      }
      tokens.push({ kind: 'option', name, rawName: raw, index, value: typeof value === 'string' ? value : undefined, inlineValue: typeof value === 'string' ? inlineValue : undefined });
      if (option && option.multiple) (values[name] = values[name] || []).push(value); else values[name] = value;
    };
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '--') {
        tokens.push({ kind: 'option-terminator', index: i });
        for (let j = i + 1; j < args.length; j++) {
          if (strict && !allowPositionals) throw typeError('ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', `Unexpected argument '${args[j]}'. This command does not take positional arguments`);
          positionals.push(args[j]);
          tokens.push({ kind: 'positional', index: j, value: args[j] });
        }
        break;
      }
      if (arg.startsWith('--') && arg.length > 2) {
        const eq = arg.indexOf('=');
        let name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
        const inline = eq >= 0;
        let value;
        if (inline) value = arg.slice(eq + 1);
        else if (options[name] && options[name].type === 'string' && i + 1 < args.length) value = args[++i];
        else if (allowNegative && name.startsWith('no-') && options[name.slice(3)] && options[name.slice(3)].type === 'boolean') { name = name.slice(3); value = false; }
        else value = true;
        store(name, value, eq < 0 ? arg : arg.slice(0, eq), i, inline);
      } else if (arg.startsWith('-') && arg.length > 1 && arg !== '-') {
        for (let k = 1; k < arg.length; k++) {
          const short = arg[k];
          const name = shortNames.get(short) || short;
          if (options[name] && options[name].type === 'string') {
            const rest = arg.slice(k + 1);
            const value = rest.length ? rest : (i + 1 < args.length ? args[++i] : undefined);
            store(name, value, `-${short}`, i, rest.length > 0);
            break;
          }
          store(name, true, `-${short}`, i, undefined);
        }
      } else {
        if (strict && !allowPositionals) throw typeError('ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL', `Unexpected argument '${arg}'. This command does not take positional arguments`);
        positionals.push(arg);
        tokens.push({ kind: 'positional', index: i, value: arg });
      }
    }
    for (const [name, option] of Object.entries(options)) {
      if (values[name] === undefined && option.default !== undefined) values[name] = option.default;
    }
    const result = { values, positionals };
    if (config.tokens) result.tokens = tokens;
    return result;
  };
  internals.builtinFactories.set('util', () => util);
  internals.builtinFactories.set('sys', () => util);
})

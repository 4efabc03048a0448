// `internals.format` and `internals.inspect`: Node's util.format directives and a util.inspect close to Node 20's
// layout (single line when short, 2-space indented otherwise; depth 2; circular references marked).
(function (internals) {
  'use strict';
  const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
  const customInspect = Symbol.for('nodejs.util.inspect.custom');
  const breakLength = 80;

  function quote(s) {
    let q = "'";
    if (s.includes("'")) { if (!s.includes('"')) q = '"'; else if (!s.includes('`') && !s.includes('${')) q = '`'; }
    const escaped = s.replace(/[\\\n\r\t\b\f\v\x00-\x1f]/g, (c) => ({
      '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v'
    })[c] || '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
    return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
  }

  function formatNumber(n) { return Object.is(n, -0) ? '-0' : String(n); }

  function functionBase(fn) {
    const source = Function.prototype.toString.call(fn);
    const name = fn.name ? fn.name : '';
    if (source.startsWith('class')) return name ? `[class ${name}]` : '[class (anonymous)]';
    const kind = source.startsWith('async') ? 'AsyncFunction' : (/^function\s*\*|^async\s+function\s*\*/.test(source) ? 'GeneratorFunction' : 'Function');
    return name ? `[${kind}: ${name}]` : `[${kind} (anonymous)]`;
  }

  function formatKey(key) {
    if (typeof key === 'symbol') return `[${key.toString()}]`;
    return identifier.test(key) ? key : quote(key);
  }

  function constructorName(obj) {
    let proto = Object.getPrototypeOf(obj);
    if (proto === null) return null;
    while (proto) {
      const desc = Object.getOwnPropertyDescriptor(proto, 'constructor');
      if (desc && typeof desc.value === 'function' && desc.value.name) return desc.value.name;
      proto = Object.getPrototypeOf(proto);
    }
    return '';
  }

  function isBelowBreakLength(ctx, output, start) {
    let total = output.length + start;
    if (total + output.length > breakLength) return false;
    for (const entry of output) { total += entry.length; if (total > breakLength) return false; }
    return true;
  }

  // Node's grouping of long arrays into aligned columns (util.inspect's groupArrayElements).
  function groupArrayElements(ctx, output, value, hasMore) {
    let totalLength = 0, maxLength = 0;
    const outputLength = hasMore ? output.length - 1 : output.length;
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (let i = 0; i < outputLength; i++) {
      const len = output[i].length;
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + ctx.indentation < breakLength && (totalLength / actualMax > 5 || maxLength <= 6)) {
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(Math.round(Math.sqrt(2.5 * biasedMax * outputLength) / biasedMax),
        Math.floor((breakLength - ctx.indentation) / actualMax), 3 * 4, 15);
      if (columns <= 1) return output;
      const maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < output.length; j += columns) if (dataLen[j] > lineLength) lineLength = dataLen[j];
        maxLineLength.push(lineLength + separatorSpace);
      }
      let padStart = true;
      if (value !== undefined) {
        for (let i = 0; i < output.length; i++) {
          if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') { padStart = false; break; }
        }
      }
      const grouped = [];
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let line = '';
        let j = i;
        for (; j < max - 1; j++) {
          const cell = `${output[j]}, `;
          line += padStart ? cell.padStart(maxLineLength[j - i], ' ') : cell.padEnd(maxLineLength[j - i], ' ');
        }
        line += padStart ? output[j].padStart(maxLineLength[j - i] - separatorSpace, ' ') : output[j];
        grouped.push(line);
      }
      if (hasMore) grouped.push(output[outputLength]);
      return grouped;
    }
    return output;
  }

  function reduce(ctx, output, base, braces, level, arrayValue, hasMore) {
    const entries = output.length;
    if (arrayValue !== undefined && entries > 6) output = groupArrayElements(ctx, output, arrayValue, hasMore);
    if (ctx.currentDepth - level < 3 && entries === output.length) {
      const start = output.length + ctx.indentation + braces[0].length + base.length + 10;
      if (isBelowBreakLength(ctx, output, start)) {
        const joined = output.join(', ');
        if (!joined.includes('\n')) return `${base ? base + ' ' : ''}${braces[0]} ${joined} ${braces[1]}`;
      }
    }
    const pad = '\n' + ' '.repeat(ctx.indentation);
    return `${base ? base + ' ' : ''}${braces[0]}${pad}  ${output.join(`,${pad}  `)}${pad}${braces[1]}`;
  }

  function formatProperty(ctx, obj, key, level) {
    const desc = Object.getOwnPropertyDescriptor(obj, key) || { value: obj[key], enumerable: true };
    const name = desc.enumerable === false ? `[${typeof key === 'symbol' ? key.toString() : key}]` : formatKey(key);
    let value;
    if (desc.get || desc.set) value = desc.get ? (desc.set ? '[Getter/Setter]' : '[Getter]') : '[Setter]';
    else { ctx.indentation += 2; value = formatValue(ctx, desc.value, level + 1); ctx.indentation -= 2; }
    return `${name}: ${value}`;
  }

  function formatValue(ctx, value, level) {
    switch (typeof value) {
      case 'string': return quote(value);
      case 'number': return formatNumber(value);
      case 'bigint': return `${value}n`;
      case 'boolean': return String(value);
      case 'undefined': return 'undefined';
      case 'symbol': return value.toString();
    }
    if (value === null) return 'null';
    if (ctx.seen.includes(value)) {
      if (!ctx.circular.has(value)) ctx.circular.set(value, ctx.circular.size + 1);
      return `[Circular *${ctx.circular.get(value)}]`;
    }
    const custom = value[customInspect];
    if (typeof custom === 'function' && custom !== inspect) {
      const result = custom.call(value, ctx.depth - level, { depth: ctx.depth - level, colors: false }, inspect);
      if (result !== value) return typeof result === 'string' ? result : formatValue(ctx, result, level);
    }
    return formatObject(ctx, value, level);
  }

  function ownKeys(obj, showHidden) {
    if (showHidden) {
      // Non-enumerable own properties too, as Node's showHidden (used by %o) prints them: [length]: 2.
      return Reflect.ownKeys(obj).filter((k) => typeof obj !== 'function' || (k !== 'arguments' && k !== 'caller'));
    }
    const keys = Object.keys(obj);
    for (const sym of Object.getOwnPropertySymbols(obj)) {
      if (Object.prototype.propertyIsEnumerable.call(obj, sym)) keys.push(sym);
    }
    return keys;
  }

  function formatObject(ctx, value, level) {
    const text = formatObjectBody(ctx, value, level);
    return ctx.circular.has(value) ? `<ref *${ctx.circular.get(value)}> ${text}` : text;
  }

  function formatObjectBody(ctx, value, level) {
    let keys = ownKeys(value, ctx.showHidden);
    let base = '';
    let braces = ['{', '}'];
    let entries = null;
    const name = constructorName(value);
    const prefix = name === null ? '[Object: null prototype] ' : (name && name !== 'Object' ? name + ' ' : '');

    if (typeof value === 'function') {
      base = functionBase(value);
      keys = keys.filter((k) => k !== 'prototype');
      if (keys.length === 0) return base;
    } else if (Array.isArray(value)) {
      braces = [`${name && name !== 'Array' ? name + '(' + value.length + ') ' : ''}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      if (level > ctx.depth) return '[Array]';
      entries = [];
      const shown = Math.min(value.length, 100);
      let holes = 0;
      for (let i = 0; i < shown; i++) {
        if (!Object.prototype.hasOwnProperty.call(value, i)) { holes++; continue; }
        if (holes) { entries.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`); holes = 0; }
        ctx.indentation += 2; ctx.seen.push(value);
        entries.push(formatValue(ctx, value[i], level + 1));
        ctx.seen.pop(); ctx.indentation -= 2;
      }
      if (holes) entries.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      if (value.length > shown) entries.push(`... ${value.length - shown} more item${value.length - shown > 1 ? 's' : ''}`);
      keys = keys.filter((k) => typeof k === 'symbol' || !/^(0|[1-9][0-9]*)$/.test(k));
    } else if (internals.types.isTypedArray(value)) {
      braces = [`${name}(${value.length}) [`, ']'];
      if (value.length === 0) return `${braces[0]}]`;
      entries = Array.from(value.subarray(0, 100), (n) => typeof n === 'bigint' ? `${n}n` : formatNumber(n));
      if (value.length > 100) entries.push(`... ${value.length - 100} more items`);
      keys = keys.filter((k) => typeof k === 'symbol' || !/^(0|[1-9][0-9]*)$/.test(k));
    } else if (internals.types.isDate(value)) {
      base = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
      if (keys.length === 0) return base;
    } else if (internals.types.isRegExp(value)) {
      base = RegExp.prototype.toString.call(value);
      if (keys.length === 0) return base;
    } else if (internals.types.isNativeError(value)) {
      base = value.stack ? (internals.v8Stack(value) || String(value.stack)) : `[${Error.prototype.toString.call(value)}]`;
      keys = keys.filter((k) => k !== 'line' && k !== 'column' && k !== 'sourceURL' && k !== 'stack');
      if (keys.length === 0) return base;
    } else if (internals.types.isMap(value)) {
      if (level > ctx.depth) return '[Map]';
      braces = [`${prefix.trim() || 'Map'}(${value.size}) {`, '}'];
      entries = [];
      ctx.seen.push(value); ctx.indentation += 2;
      for (const [k, v] of value) entries.push(`${formatValue(ctx, k, level + 1)} => ${formatValue(ctx, v, level + 1)}`);
      ctx.indentation -= 2; ctx.seen.pop();
      if (entries.length === 0 && keys.length === 0) return `${braces[0]}}`;
    } else if (internals.types.isSet(value)) {
      if (level > ctx.depth) return '[Set]';
      braces = [`${prefix.trim() || 'Set'}(${value.size}) {`, '}'];
      entries = [];
      ctx.seen.push(value); ctx.indentation += 2;
      for (const v of value) entries.push(formatValue(ctx, v, level + 1));
      ctx.indentation -= 2; ctx.seen.pop();
      if (entries.length === 0 && keys.length === 0) return `${braces[0]}}`;
    } else if (internals.types.isPromise(value)) {
      return 'Promise { <unknown> }';
    } else if (internals.types.isWeakMap(value) || internals.types.isWeakSet(value)) {
      return `${name} { <items unknown> }`;
    } else if (internals.types.isNumberObject(value) || internals.types.isStringObject(value) || internals.types.isBooleanObject(value)) {
      const kind = internals.types.isNumberObject(value) ? 'Number' : internals.types.isStringObject(value) ? 'String' : 'Boolean';
      base = `[${kind}: ${formatValue(ctx, value.valueOf(), level)}]`;
      if (internals.types.isStringObject(value)) keys = keys.filter((k) => typeof k === 'symbol' || !/^(0|[1-9][0-9]*)$/.test(k));
      if (keys.length === 0) return base;
    } else {
      const tag = value[Symbol.toStringTag];
      const namespace = name === null && internals.moduleNamespaces.has(value);
      braces = [namespace ? '[Module: null prototype] {' : `${prefix}${tag && tag !== name ? `[${tag}] ` : ''}{`, '}'];
      if (keys.length === 0) return `${braces[0]}}`;
      if (level > ctx.depth) return `[${name || tag || 'Object'}]`;
    }

    if (level > ctx.depth) return base || `[${name || 'Object'}]`;
    ctx.seen.push(value);
    ctx.currentDepth = level;
    const output = entries || [];
    for (const key of keys) output.push(formatProperty(ctx, value, key, level));
    ctx.seen.pop();
    const arrayLike = Array.isArray(value) || (internals.types.isTypedArray(value));
    return reduce(ctx, output, base, braces, level, arrayLike ? value : undefined, arrayLike && value.length > 100);
  }

  function inspect(value, options) {
    const opts = typeof options === 'object' && options !== null ? options : {};
    const depth = opts.depth === null || opts.depth === Infinity ? Infinity : (typeof opts.depth === 'number' ? opts.depth : 2);
    return formatValue({ seen: [], depth, indentation: 0, currentDepth: 0, circular: new Map(), showHidden: Boolean(opts.showHidden) }, value, 0);
  }

  function formatString(value) {
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol') return value.toString();
    if (typeof value === 'object' && value !== null) {
      const hasOwnToString = typeof value.toString === 'function' && value.toString !== Object.prototype.toString &&
        !internals.types.isNativeError(value) && !Array.isArray(value);
      return hasOwnToString ? String(value) : inspect(value, { depth: 0 });
    }
    if (typeof value === 'number') return formatNumber(value);
    return String(value);
  }

  function format(...args) {
    const first = args[0];
    let out = '';
    let next = 1;
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      let last = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) !== 37) continue; // '%'
        const c = first[i + 1];
        if (c === '%') { out += first.slice(last, i) + '%'; last = i + 2; i++; continue; }
        if (next >= args.length || !'sdifjoOc'.includes(c)) continue;
        const arg = args[next];
        let piece;
        switch (c) {
          case 's': piece = formatString(arg); break;
          case 'd': piece = typeof arg === 'bigint' ? `${arg}n` : (typeof arg === 'object' && arg !== null ? 'NaN' : formatNumber(Number(arg))); break;
          case 'i': piece = typeof arg === 'bigint' ? `${arg}n` : (typeof arg === 'object' && arg !== null ? 'NaN' : formatNumber(parseInt(arg))); break;
          case 'f': piece = typeof arg === 'symbol' ? 'NaN' : formatNumber(parseFloat(arg)); break;
          case 'j': try { piece = JSON.stringify(arg); } catch (e) { piece = '[Circular]'; } break;
          case 'o': piece = inspect(arg, { depth: 4, showHidden: true }); break;
          case 'O': piece = inspect(arg); break;
          case 'c': piece = ''; break;
        }
        out += first.slice(last, i) + piece;
        last = i + 2; i++; next++;
      }
      out += first.slice(last);
    } else {
      next = 0;
    }
    for (let i = next; i < args.length; i++) {
      const arg = args[i];
      out += (i > 0 ? ' ' : '') + (typeof arg === 'string' ? arg : inspect(arg));
    }
    return out;
  }

  internals.inspect = inspect;
  internals.format = format;
})

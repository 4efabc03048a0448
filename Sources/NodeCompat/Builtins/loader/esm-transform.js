// ES module syntax rewritten into the CommonJS function body jshost evaluates (JavaScriptCore's C API has no module
// loader): `import` and `export` declarations at the top level, `import.meta`, and dynamic `import()` anywhere (in
// CommonJS files too). One pass over the source that knows strings, templates, comments and regular expressions;
// every rewrite stays on its lines, so stacks keep their line numbers. Imported names are bound when the module
// runs (not live, unlike real ES modules); exports are live getters. With `context`, each `await` also restores
// the AsyncLocalStorage stores it was reached with when the function resumes (async_hooks.js says why).
(function (internals) {
  'use strict';
  const identifierStart = /[A-Za-z_$\u0080-\uffff]/;
  const identifierPart = /[\w$\u0080-\uffff]/;
  // After these, a `/` starts a regular expression rather than a division.
  const regexKeywords = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case',
    'do', 'else', 'yield', 'await']);

  function tokenize(source) {
    const tokens = [];
    const braces = [];   // '{', '(', '[' or '${' (a template's expression)
    let i = 0;
    let newline = false;
    const push = (type, value, start) => { tokens.push({ type, value, start, end: i, depth: braces.length, newline }); newline = false; };
    const regexAllowed = () => {
      const last = tokens[tokens.length - 1];
      if (!last) return true;
      if (last.type === 'name') return regexKeywords.has(last.value);
      if (last.type === 'punct') return ![')', ']', '}'].includes(last.value);
      return false;
    };
    function template(start) {
      // i is after '`' or after the '}' that closes a '${'
      while (i < source.length) {
        const c = source[i];
        if (c === '\\') { i += 2; continue; }
        if (c === '`') { i++; push('template', null, start); return; }
        if (c === '$' && source[i + 1] === '{') { i += 2; push('template', null, start); braces.push('${'); return; }
        i++;
      }
      push('template', null, start);
    }
    while (i < source.length) {
      const c = source[i];
      const start = i;
      if (c === '\n' || c === '\u2028' || c === '\u2029') { newline = true; i++; continue; }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f' || c === '\u00a0' || c === '\ufeff') { i++; continue; }
      if (c === '/' && source[i + 1] === '/') { while (i < source.length && source[i] !== '\n') i++; continue; }
      if (c === '/' && source[i + 1] === '*') {
        const close = source.indexOf('*/', i + 2);
        const end = close < 0 ? source.length : close + 2;
        if (source.slice(i, end).includes('\n')) newline = true;
        i = end;
        continue;
      }
      if (c === '\'' || c === '"') {
        i++;
        while (i < source.length && source[i] !== c && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
        i++;
        push('string', source.slice(start, i), start);
        continue;
      }
      if (c === '`') { i++; template(start); continue; }
      if (c === '}' && braces[braces.length - 1] === '${') { braces.pop(); i++; template(start); continue; }
      if (c === '/' && regexAllowed()) {
        i++;
        let inClass = false;
        while (i < source.length && source[i] !== '\n') {
          const r = source[i];
          if (r === '\\') { i += 2; continue; }
          if (r === '[') inClass = true;
          else if (r === ']') inClass = false;
          else if (r === '/' && !inClass) break;
          i++;
        }
        i++;
        while (i < source.length && identifierPart.test(source[i])) i++;
        push('regex', null, start);
        continue;
      }
      if (identifierStart.test(c) || c === '#' || c === '\\') {
        i++;
        while (i < source.length && (identifierPart.test(source[i]) || source[i] === '\\')) i++;
        push('name', source.slice(start, i), start);
        continue;
      }
      if (c >= '0' && c <= '9') {
        i++;
        while (i < source.length && (identifierPart.test(source[i]) || (source[i] === '.' && source[i - 1] !== '.'))) i++;
        push('number', null, start);
        continue;
      }
      if (c === '{' || c === '(' || c === '[') { i++; push('punct', c, start); braces.push(c); continue; }
      if (c === '}' || c === ')' || c === ']') { braces.pop(); i++; push('punct', c, start); continue; }
      if (c === '.' && source[i + 1] === '.' && source[i + 2] === '.') { i += 3; push('punct', '...', start); continue; }
      if (c === '?' && source[i + 1] === '.' && !(source[i + 2] >= '0' && source[i + 2] <= '9')) { i += 2; push('punct', '?.', start); continue; }
      if (c === '=' && source[i + 1] === '>') { i += 2; push('punct', '=>', start); continue; }
      i++;
      push('punct', c, start);
    }
    return tokens;
  }

  const stringValue = (token) => Function(`"use strict"; return ${token.value};`)();
  const newlines = (text) => text.replace(/[^\n]/g, '');
  const isMember = (token) => token && token.type === 'punct' && (token.value === '.' || token.value === '?.');

  /// Rewrites `source`. With `isModule` false only `import()` and `import.meta` change (a CommonJS file); with
  /// `awaiting`, the module body runs in an async function that awaits its imports (top-level await); with
  /// `context`, every `await x` becomes `__jshostAwait.resume(__jshostAwait.save(), await x)`.
  /// Returns { code, topLevelAwait, rewritten }.
  function rewrite(source, filename, { isModule = false, awaiting = false, context = false } = {}) {
    const tokens = tokenize(source);
    const edits = [];
    const imports = [];    // { specifier, bindings: [[imported, local]], namespace, defaultName }
    const exportsList = [];   // [exported, localExpression]
    const stars = [];   // module indexes re-exported whole
    let topLevelAwait = false;
    const fileLiteral = JSON.stringify(filename);
    const at = (index) => tokens[index];
    const fail = (token, message) => {
      const line = source.slice(0, token ? token.start : 0).split('\n').length;
      const e = new SyntaxError(`${message} (${filename}:${line})`);
      throw e;
    };
    const moduleIndex = (specifier) => { imports.push({ specifier, bindings: [] }); return imports.length - 1; };
    const edit = (from, to, text) => edits.push({ start: from, end: to, text: text + newlines(source.slice(from, to)) });
    // The end of a statement that began at token index `index` and ends with token `last` (its ';' if there).
    const statementEnd = (index) => (at(index + 1) && at(index + 1).type === 'punct' && at(index + 1).value === ';' && !at(index + 1).newline ? index + 1 : index);
    // `{ a, b as c, "x" as d }` starting at index (the '{'); returns [pairs, index after '}'].
    function specifierList(index) {
      const pairs = [];
      index++;
      while (at(index) && at(index).value !== '}') {
        const first = at(index);
        const name = first.type === 'string' ? stringValue(first) : first.value;
        let local = name;
        index++;
        if (at(index) && at(index).value === 'as') { local = at(index + 1).type === 'string' ? stringValue(at(index + 1)) : at(index + 1).value; index += 2; }
        pairs.push([name, local]);
        if (at(index) && at(index).value === ',') index++;
      }
      return [pairs, index + 1];
    }
    // `from 'x'` (and `with { … }` / `assert { … }`) at index; returns [specifier, index of the last token].
    function fromClause(index) {
      if (!at(index) || at(index).value !== 'from' || !at(index + 1) || at(index + 1).type !== 'string') fail(at(index), 'Unexpected token in an import or export declaration');
      return attributes(stringValue(at(index + 1)), index + 1);
    }
    function attributes(specifier, index) {
      const next = at(index + 1);
      if (next && !next.newline && (next.value === 'with' || next.value === 'assert') && at(index + 2) && at(index + 2).value === '{') {
        let j = index + 2;
        while (at(j) && at(j).value !== '}') j++;
        return [specifier, j];
      }
      return [specifier, index];
    }

    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index];
      if (token.type !== 'name' || isMember(at(index - 1))) {
        continue;
      }
      if (token.value === 'await') {
        if (token.depth === 0 && isModule) topLevelAwait = true;
        if (context && isAwaitOperator(index)) {
          const last = operandEnd(index + 1);
          if (last !== null) {
            edit(token.start, token.end, '__jshostAwait.resume(__jshostAwait.save(), await');
            edits.push({ start: at(last).end, end: at(last).end, text: ')' });
          }
        }
        continue;
      }
      if (token.value === 'import') {
        const next = at(index + 1);
        // import(…) is a dynamic import unless a method of that name is being defined (`import(x) { … }`).
        if (next && next.value === '(' && !isMethodDefinition(index + 1)) { edit(token.start, token.end, `__jshostImport(${fileLiteral})`); continue; }
        if (next && next.value === '.' && at(index + 2) && at(index + 2).value === 'meta') {
          edit(token.start, at(index + 2).end, `__jshostImport.meta(${fileLiteral})`);
          index += 2;
          continue;
        }
        if (!isModule || token.depth !== 0) continue;
        // An import declaration.
        let j = index + 1;
        const record = { specifier: null, bindings: [], namespace: null, defaultName: null };
        if (at(j).type === 'string') {
          const [specifier, last] = attributes(stringValue(at(j)), j);
          record.specifier = specifier;
          j = last;
        } else {
          if (at(j).type === 'name' && !(at(j).value === 'from' && at(j + 1) && at(j + 1).type === 'string')) {
            record.defaultName = at(j).value;
            j++;
            if (at(j).value === ',') j++;
          }
          if (at(j).value === '*') { record.namespace = at(j + 2).value; j += 3; } else if (at(j).value === '{') {
            const [pairs, after] = specifierList(j);
            record.bindings = pairs;
            j = after;
          }
          const [specifier, last] = fromClause(j);
          record.specifier = specifier;
          j = last;
        }
        const end = statementEnd(j);
        imports.push(record);
        edit(token.start, at(end).end, '');
        index = end;
        continue;
      }
      if (token.value !== 'export' || !isModule || token.depth !== 0) continue;
      const next = at(index + 1);
      if (!next) fail(token, 'Unexpected end of input after export');
      if (next.value === 'default') {
        const third = at(index + 2);
        const fourth = at(index + 3);
        const isAsyncFunction = third && third.value === 'async' && fourth && fourth.value === 'function' && !fourth.newline;
        if (third && (third.value === 'function' || third.value === 'class' || isAsyncFunction)) {
          let nameIndex = index + 2 + (isAsyncFunction ? 2 : 1);
          if (at(nameIndex) && at(nameIndex).value === '*') nameIndex++;
          const named = at(nameIndex) && at(nameIndex).type === 'name' && at(nameIndex).value !== 'extends';
          if (named) {
            edit(token.start, third.start, '');
            exportsList.push(['default', at(nameIndex).value]);
            continue;
          }
        }
        edit(token.start, next.end, 'var __jshostDefault =');
        exportsList.push(['default', '__jshostDefault']);
        continue;
      }
      if (next.value === '*') {
        let j = index + 2;
        let alias = null;
        if (at(j).value === 'as') { alias = at(j + 1).type === 'string' ? stringValue(at(j + 1)) : at(j + 1).value; j += 2; }
        const [specifier, last] = fromClause(j);
        const module = moduleIndex(specifier);
        if (alias !== null) exportsList.push([alias, `__jshostModule${module}`]); else stars.push(module);
        const end = statementEnd(last);
        edit(token.start, at(end).end, '');
        index = end;
        continue;
      }
      if (next.value === '{') {
        const [pairs, after] = specifierList(index + 1);
        let end = after - 1;
        if (at(after) && at(after).value === 'from') {
          const [specifier, last] = fromClause(after);
          const module = moduleIndex(specifier);
          for (const [name, exported] of pairs) exportsList.push([exported, name === 'default' ? `__jshostImport.defaultOf(__jshostModule${module})` : `__jshostModule${module}[${JSON.stringify(name)}]`]);
          end = last;
        } else {
          for (const [name, exported] of pairs) exportsList.push([exported, name]);
        }
        end = statementEnd(end);
        edit(token.start, at(end).end, '');
        index = end;
        continue;
      }
      // export var/let/const/function/class/async function
      edit(token.start, next.start, '');
      if (next.value === 'function' || next.value === 'class' || next.value === 'async') {
        let nameIndex = index + 2 + (next.value === 'async' ? 1 : 0);
        if (at(nameIndex) && at(nameIndex).value === '*') nameIndex++;
        exportsList.push([at(nameIndex).value, at(nameIndex).value]);
        continue;
      }
      if (next.value === 'var' || next.value === 'let' || next.value === 'const') {
        for (const name of declaredNames(index + 2)) exportsList.push([name, name]);
        continue;
      }
      fail(next, `Unexpected token '${source.slice(next.start, next.end)}' after export`);
    }

    // The names a `var`/`let`/`const` declaration starting at token `index` binds.
    function declaredNames(index) {
      const names = [];
      const depth = at(index).depth;
      const pattern = (j) => {
        // a binding pattern or name at j; returns the index after it
        const t = at(j);
        if (t.type === 'name') { names.push(t.value); return j + 1; }
        if (t.value === '{' || t.value === '[') {
          const close = t.value === '{' ? '}' : ']';
          j++;
          while (at(j) && !(at(j).value === close && at(j).depth === t.depth)) {
            if (at(j).value === ',' || at(j).value === '...') { j++; continue; }
            if (t.value === '{') {
              // key, key: target, [computed]: target, key = default
              const key = j;
              let k = at(key).value === '[' ? skipBalanced(key) : key + 1;
              if (at(k) && at(k).value === ':') { j = pattern(k + 1); } else { names.push(at(key).value); j = k; }
            } else {
              j = pattern(j);
            }
            if (at(j) && at(j).value === '=') j = skipExpression(j + 1, t.depth + 1);
          }
          return j + 1;
        }
        return j + 1;
      };
      let j = index;
      for (;;) {
        j = pattern(j);
        if (at(j) && at(j).value === '=') j = skipExpression(j + 1, depth);
        if (at(j) && at(j).value === ',' && at(j).depth === depth) { j++; continue; }
        return names;
      }
    }
    // `await` as the operator (not `for await`, a name being declared or assigned, or a property).
    function isAwaitOperator(index) {
      const previous = at(index - 1), next = at(index + 1);
      if (!next) return false;
      if (previous && previous.type === 'name' && ['for', 'const', 'let', 'var', 'function', 'class'].includes(previous.value)) return false;
      if (next.type === 'punct' && ['=', ':', ',', ')', ';', ']', '}', '.', '?.', '=>'].includes(next.value)) return false;
      return !(next.type === 'punct' && next.value === '(' && previous && previous.value === 'for');
    }
    // The last token of the unary expression that starts at token `j`, or null when it cannot be told.
    function operandEnd(j) {
      const unary = new Set(['!', '~', '+', '-']);
      while (at(j) && ((at(j).type === 'punct' && unary.has(at(j).value) && !(at(j + 1) && at(j + 1).value === at(j).value)) ||
        (at(j).type === 'name' && ['typeof', 'void', 'delete', 'await'].includes(at(j).value)))) j++;
      const t = at(j);
      if (!t) return null;
      let last;
      if (t.type === 'punct' && (t.value === '(' || t.value === '[' || t.value === '{')) last = skipBalanced(j) - 1;
      else if (t.type === 'name' && (t.value === 'function' || t.value === 'class' || (t.value === 'async' && at(j + 1) && at(j + 1).value === 'function'))) {
        // a function or class expression: up to the '}' closing its body
        let k = j;
        while (at(k) && at(k).value !== '{') k = at(k).value === '(' || at(k).value === '[' ? skipBalanced(k) : k + 1;
        if (!at(k)) return null;
        last = skipBalanced(k) - 1;
      } else if (t.type === 'name' && t.value === 'new') {
        const inner = operandEnd(j + 1);
        if (inner === null) return null;
        return inner;
      } else if (t.type === 'punct') return null;
      else last = j;
      // member accesses, calls, tagged templates
      for (;;) {
        const n = at(last + 1);
        if (!n) break;
        if (n.type === 'punct' && (n.value === '.' || n.value === '?.')) {
          const after = at(last + 2);
          if (!after) return null;
          if (after.type === 'name') { last += 2; continue; }
          if (after.type === 'punct' && (after.value === '(' || after.value === '[')) { last = skipBalanced(last + 2) - 1; continue; }
          return null;
        }
        if (n.type === 'punct' && (n.value === '(' || n.value === '[')) { last = skipBalanced(last + 1) - 1; continue; }
        if (n.type === 'template' && source[n.start] === '`') { last = templateEnd(last + 1); continue; }
        break;
      }
      // `await x++` awaits x++
      const a = at(last + 1), b = at(last + 2);
      if (a && b && !a.newline && a.type === 'punct' && (a.value === '+' || a.value === '-') && b.value === a.value && b.start === a.end) last += 2;
      return last;
    }
    // A template literal's last token: its pieces and the expressions between them.
    function templateEnd(j) {
      while (at(j) && at(j).type === 'template' && source[at(j).end - 1] === '{' && source[at(j).end - 2] === '$') {
        const depth = at(j).depth + 1;
        j++;
        while (at(j) && !(at(j).type === 'template' && at(j).depth === depth - 1)) j++;
      }
      return j;
    }
    function isMethodDefinition(open) {
      const close = skipBalanced(open);
      return Boolean(at(close) && at(close).value === '{');
    }
    function skipBalanced(j) {
      const depth = at(j).depth;
      j++;
      while (at(j) && at(j).depth > depth) j++;
      return j + 1;
    }
    // Skips an initializer: up to a ',' or ';' at `depth`, a closing bracket below it, or a new line that ends
    // the statement (the next token cannot continue the expression).
    function skipExpression(j, depth) {
      while (at(j)) {
        const t = at(j);
        if (t.depth < depth) return j;
        if (t.depth === depth && t.type === 'punct' && (t.value === ',' || t.value === ';' || t.value === '}' || t.value === ']' || t.value === ')')) return j;
        if (t.depth === depth && t.newline && j > 0) {
          const previous = at(j - 1);
          const continues = (previous.type === 'punct' && ![')', ']', '}'].includes(previous.value)) ||
            (t.type === 'punct' && !['(', '[', '{', '!', '~'].includes(t.value)) || ['in', 'of', 'instanceof'].includes(t.value);
          if (!continues) return j;
        }
        j++;
      }
      return j;
    }

    const rewritten = edits.length > 0 || isModule;
    if (!rewritten) return { code: source, rewritten: false, topLevelAwait };
    edits.sort((a, b) => a.start - b.start);
    let body = '';
    let cursor = 0;
    for (const e of edits) { body += source.slice(cursor, e.start) + e.text; cursor = e.end; }
    body += source.slice(cursor);
    if (!isModule) return { code: body, rewritten: true, topLevelAwait };

    // One line before the module's own: its imports, bound when it runs, and its exports, live.
    let prologue = awaiting ? 'return (async () => {"use strict";' : '"use strict";';
    imports.forEach((record, i) => {
      prologue += awaiting ? `const __jshostModule${i} = await __jshostImport.loadAwaiting(${JSON.stringify(record.specifier)}, ${fileLiteral});`
        : `const __jshostModule${i} = __jshostImport.load(${JSON.stringify(record.specifier)}, ${fileLiteral});`;
      if (record.defaultName) prologue += `const ${record.defaultName} = __jshostImport.defaultOf(__jshostModule${i});`;
      if (record.namespace) prologue += `const ${record.namespace} = __jshostModule${i};`;
      for (const [imported, local] of record.bindings) {
        prologue += imported === 'default' ? `const ${local} = __jshostImport.defaultOf(__jshostModule${i});`
          : `const ${local} = __jshostImport.binding(__jshostModule${i}, ${JSON.stringify(imported)}, ${JSON.stringify(record.specifier)});`;
      }
    });
    const getters = exportsList.map(([name, local]) => `${JSON.stringify(name)}: () => ${local}`).join(', ');
    prologue += `__jshostImport.exports(${fileLiteral}, { ${getters} }, [${stars.map((i) => `__jshostModule${i}`).join(', ')}]);`;
    return { code: prologue + body + (awaiting ? '\n})();' : ''), rewritten: true, topLevelAwait };
  }

  internals.esmTransform = { rewrite, tokenize };
})

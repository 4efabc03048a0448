// JSONata's standard library: string, numeric, aggregation, boolean, array, object, higher-order and encoding
// functions (dates and number pictures have files of their own). Each takes its arguments already checked against
// its signature; a function argument is a plain JavaScript function here.
(function (J) {
    'use strict';

    const createSequence = (...args) => J.createSequence(...args);

    function defineFunction(implementation, signature) {
        return {
            _jsonata_function: true,
            implementation,
            signature: typeof signature !== 'undefined' ? J.parseSignature(signature) : undefined,
        };
    }

    // A stable merge sort; `swap(a, b)` is true when b goes before a.
    function mergeSort(array, swap) {
        if (!Array.isArray(array) || array.length <= 1) return array;
        const middle = Math.floor(array.length / 2);
        const left = mergeSort(array.slice(0, middle), swap);
        const right = mergeSort(array.slice(middle), swap);
        const merged = [];
        let l = 0;
        let r = 0;
        while (l < left.length && r < right.length) {
            if (swap(left[l], right[r])) merged.push(right[r++]);
            else merged.push(left[l++]);
        }
        while (l < left.length) merged.push(left[l++]);
        while (r < right.length) merged.push(right[r++]);
        return merged;
    }

    function characters(text) {
        return Array.from(text);
    }

    function hofArguments(func, arg1, arg2, arg3) {
        const args = [arg1];
        const arity = J.functionArity(func);
        if (arity >= 2) args.push(arg2);
        if (arity >= 3) args.push(arg3);
        return args;
    }

    function lookup(input, key) {
        if (Array.isArray(input)) {
            const result = createSequence();
            for (let i = 0; i < input.length; i++) {
                const res = lookup(input[i], key);
                if (typeof res === 'undefined') continue;
                if (Array.isArray(res)) {
                    for (let j = 0; j < res.length; j++) result.push(res[j]);
                } else {
                    result.push(res);
                }
            }
            return result;
        }
        // Inherited members too, as jsonata-js: `$moment().format(…)` calls a method of moment's prototype.
        if (input !== null && typeof input === 'object' && !J.isFunction(input)) return input[key];
        return undefined;
    }

    const fn = {};

    fn.sum = function (args) {
        if (typeof args === 'undefined') return undefined;
        let total = 0;
        args.forEach((n) => { total += n; });
        return total;
    };
    fn.count = function (args) {
        if (typeof args === 'undefined') return 0;
        return args.length;
    };
    fn.max = function (args) {
        if (typeof args === 'undefined' || args.length === 0) return undefined;
        return Math.max.apply(Math, args);
    };
    fn.min = function (args) {
        if (typeof args === 'undefined' || args.length === 0) return undefined;
        return Math.min.apply(Math, args);
    };
    fn.average = function (args) {
        if (typeof args === 'undefined' || args.length === 0) return undefined;
        let total = 0;
        args.forEach((n) => { total += n; });
        return total / args.length;
    };

    // (arg, prettify): one declared parameter, as jsonata-js's default parameter makes it for higher-order calls.
    fn.string = function (arg) {
        const prettify = arguments.length > 1 ? arguments[1] : false;
        if (typeof arg === 'undefined') return undefined;
        if (typeof arg === 'string') return arg;
        if (J.isFunction(arg)) return '';
        if (typeof arg === 'number' && !isFinite(arg)) throw { code: 'D3001', value: arg };
        if (Array.isArray(arg) && arg.outerWrapper) arg = arg[0];
        return JSON.stringify(arg, function (key, value) {
            if (typeof value !== 'undefined' && value !== null && value.toPrecision && J.isNumeric(value)) {
                return Number(value.toPrecision(15));
            }
            if (value && J.isFunction(value)) return '';
            return value;
        }, prettify ? 2 : 0);
    };
    fn.substring = function (str, start, length) {
        if (typeof str === 'undefined') return undefined;
        const chars = characters(str);
        const count = chars.length;
        if (count + start < 0) start = 0;
        if (typeof length !== 'undefined') {
            if (length <= 0) return '';
            const end = start >= 0 ? start + length : count + start + length;
            return chars.slice(start, end).join('');
        }
        return chars.slice(start).join('');
    };
    fn.substringBefore = function (str, chars) {
        if (typeof str === 'undefined') return undefined;
        const position = str.indexOf(chars);
        return position > -1 ? str.substr(0, position) : str;
    };
    fn.substringAfter = function (str, chars) {
        if (typeof str === 'undefined') return undefined;
        const position = str.indexOf(chars);
        return position > -1 ? str.substr(position + chars.length) : str;
    };
    fn.lowercase = function (str) {
        return typeof str === 'undefined' ? undefined : str.toLowerCase();
    };
    fn.uppercase = function (str) {
        return typeof str === 'undefined' ? undefined : str.toUpperCase();
    };
    fn.length = function (str) {
        return typeof str === 'undefined' ? undefined : characters(str).length;
    };
    fn.trim = function (str) {
        if (typeof str === 'undefined') return undefined;
        let result = str.replace(/[ \t\n\r]+/gm, ' ');
        if (result.charAt(0) === ' ') result = result.substring(1);
        if (result.charAt(result.length - 1) === ' ') result = result.substring(0, result.length - 1);
        return result;
    };
    fn.pad = function (str, width, char) {
        if (typeof str === 'undefined') return undefined;
        if (typeof char === 'undefined' || char.length === 0) char = ' ';
        const padLength = Math.abs(width) - fn.length(str);
        if (padLength <= 0) return str;
        let padding = new Array(padLength + 1).join(char);
        if (char.length > 1) padding = fn.substring(padding, 0, padLength);
        return width > 0 ? str + padding : padding + str;
    };

    // A regex is a JavaScript function; a matcher written in JSONata (and its `next`) is a lambda.
    function evaluateMatcher(matcher, str) {
        const result = typeof matcher === 'function' ? matcher(str) : J.apply(matcher, [str], null, matcher.environment);
        if (result && !(typeof result.start === 'number' || result.end === 'number' || Array.isArray(result.groups) ||
            J.isFunction(result.next))) {
            throw { code: 'T1010' };
        }
        return result;
    }

    fn.contains = function (str, token) {
        if (typeof str === 'undefined') return undefined;
        if (typeof token === 'string') return str.indexOf(token) !== -1;
        return typeof evaluateMatcher(token, str) !== 'undefined';
    };
    fn.match = function (str, regex, limit) {
        if (typeof str === 'undefined') return undefined;
        if (limit < 0) throw { code: 'D3040', value: limit, index: 3 };
        const result = createSequence();
        if (typeof limit === 'undefined' || limit > 0) {
            let count = 0;
            let matches = evaluateMatcher(regex, str);
            while (typeof matches !== 'undefined' && (typeof limit === 'undefined' || count < limit)) {
                result.push({ match: matches.match, index: matches.start, groups: matches.groups });
                matches = evaluateMatcher(matches.next);
                count++;
            }
        }
        return result;
    };
    fn.replace = function (str, pattern, replacement, limit) {
        if (typeof str === 'undefined') return undefined;
        if (pattern === '') throw { code: 'D3010', value: pattern, index: 2 };
        if (limit < 0) throw { code: 'D3011', value: limit, index: 4 };
        let replacer;
        if (typeof replacement === 'string') {
            replacer = function (regexMatch) {
                let substitute = '';
                let position = 0;
                let index = replacement.indexOf('$', position);
                while (index !== -1 && position < replacement.length) {
                    substitute += replacement.substring(position, index);
                    position = index + 1;
                    const dollarValue = replacement.charAt(position);
                    if (dollarValue === '$') {
                        substitute += '$';
                        position++;
                    } else if (dollarValue === '0') {
                        substitute += regexMatch.match;
                        position++;
                    } else {
                        const maxDigits = regexMatch.groups.length === 0 ? 1
                            : Math.floor(Math.log(regexMatch.groups.length) * Math.LOG10E) + 1;
                        index = parseInt(replacement.substring(position, position + maxDigits), 10);
                        if (maxDigits > 1 && index > regexMatch.groups.length) {
                            index = parseInt(replacement.substring(position, position + maxDigits - 1), 10);
                        }
                        if (!isNaN(index)) {
                            if (regexMatch.groups.length > 0) {
                                const submatch = regexMatch.groups[index - 1];
                                if (typeof submatch !== 'undefined') substitute += submatch;
                            }
                            position += index.toString().length;
                        } else {
                            substitute += '$';
                        }
                    }
                    index = replacement.indexOf('$', position);
                }
                substitute += replacement.substring(position);
                return substitute;
            };
        } else {
            replacer = replacement;
        }
        if (!(typeof limit === 'undefined' || limit > 0)) return str;
        let result = '';
        let position = 0;
        let count = 0;
        if (typeof pattern === 'string') {
            let index = str.indexOf(pattern, position);
            while (index !== -1 && (typeof limit === 'undefined' || count < limit)) {
                result += str.substring(position, index);
                result += replacement;
                position = index + pattern.length;
                count++;
                index = str.indexOf(pattern, position);
            }
            return result + str.substring(position);
        }
        let matches = evaluateMatcher(pattern, str);
        if (typeof matches === 'undefined') return str;
        while (typeof matches !== 'undefined' && (typeof limit === 'undefined' || count < limit)) {
            result += str.substring(position, matches.start);
            const replaced = replacer.apply(this, [matches]);
            if (typeof replaced !== 'string') throw { code: 'D3012', value: replaced };
            result += replaced;
            position = matches.start + matches.match.length;
            count++;
            matches = evaluateMatcher(matches.next);
        }
        return result + str.substring(position);
    };
    fn.split = function (str, separator, limit) {
        if (typeof str === 'undefined') return undefined;
        if (limit < 0) throw { code: 'D3020', value: limit, index: 3 };
        let result = [];
        if (!(typeof limit === 'undefined' || limit > 0)) return result;
        if (typeof separator === 'string') return str.split(separator, limit);
        let count = 0;
        let matches = evaluateMatcher(separator, str);
        if (typeof matches === 'undefined') return [str];
        let start = 0;
        while (typeof matches !== 'undefined' && (typeof limit === 'undefined' || count < limit)) {
            result.push(str.substring(start, matches.start));
            start = matches.end;
            matches = evaluateMatcher(matches.next);
            count++;
        }
        if (typeof limit === 'undefined' || count < limit) result.push(str.substring(start));
        return result;
    };
    fn.join = function (strs, separator) {
        if (typeof strs === 'undefined') return undefined;
        return strs.join(typeof separator === 'undefined' ? '' : separator);
    };

    fn.number = function (arg) {
        if (typeof arg === 'undefined') return undefined;
        if (typeof arg === 'number') return arg;
        if (typeof arg === 'string' && /^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/.test(arg) && !isNaN(parseFloat(arg)) && isFinite(arg)) {
            return parseFloat(arg);
        }
        if (arg === true) return 1;
        if (arg === false) return 0;
        throw { code: 'D3030', value: arg, index: 1 };
    };
    fn.abs = function (arg) {
        return typeof arg === 'undefined' ? undefined : Math.abs(arg);
    };
    fn.floor = function (arg) {
        return typeof arg === 'undefined' ? undefined : Math.floor(arg);
    };
    fn.ceil = function (arg) {
        return typeof arg === 'undefined' ? undefined : Math.ceil(arg);
    };
    fn.round = function (arg, precision) {
        if (typeof arg === 'undefined') return undefined;
        // Shifting the decimal point in the text avoids the binary error of multiplying by a power of ten.
        if (precision) {
            const parts = arg.toString().split('e');
            arg = +(parts[0] + 'e' + (parts[1] ? +parts[1] + precision : precision));
        }
        let result = Math.round(arg);
        const diff = result - arg;
        if (Math.abs(diff) === 0.5 && Math.abs(result % 2) === 1) result = result - 1; // half to even
        if (precision) {
            const parts = result.toString().split('e');
            result = +(parts[0] + 'e' + (parts[1] ? +parts[1] - precision : -precision));
        }
        if (Object.is(result, -0)) result = 0;
        return result;
    };
    fn.sqrt = function (arg) {
        if (typeof arg === 'undefined') return undefined;
        if (arg < 0) throw { code: 'D3060', index: 1, value: arg };
        return Math.sqrt(arg);
    };
    fn.power = function (arg, exp) {
        if (typeof arg === 'undefined') return undefined;
        const result = Math.pow(arg, exp);
        if (!isFinite(result)) throw { code: 'D3061', index: 1, value: arg, exp };
        return result;
    };
    fn.random = function () {
        return Math.random();
    };

    fn.boolean = function (arg) {
        if (typeof arg === 'undefined') return undefined;
        if (Array.isArray(arg)) {
            if (arg.length === 1) return fn.boolean(arg[0]);
            if (arg.length > 1) return arg.filter((value) => fn.boolean(value)).length > 0;
            return false;
        }
        if (typeof arg === 'string') return arg.length > 0;
        if (J.isNumeric(arg)) return arg !== 0;
        if (arg !== null && typeof arg === 'object' && !J.isFunction(arg)) return Object.keys(arg).length > 0;
        return arg === true;
    };
    fn.not = function (arg) {
        return typeof arg === 'undefined' ? undefined : !fn.boolean(arg);
    };

    fn.map = function (arr, func) {
        if (typeof arr === 'undefined') return undefined;
        const result = createSequence();
        for (let i = 0; i < arr.length; i++) {
            const res = func.apply(this, hofArguments(func, arr[i], i, arr));
            if (typeof res !== 'undefined') result.push(res);
        }
        return result;
    };
    fn.filter = function (arr, func) {
        if (typeof arr === 'undefined') return undefined;
        const result = createSequence();
        for (let i = 0; i < arr.length; i++) {
            const res = func.apply(this, hofArguments(func, arr[i], i, arr));
            if (fn.boolean(res)) result.push(arr[i]);
        }
        return result;
    };
    fn.single = function (arr, func) {
        if (typeof arr === 'undefined') return undefined;
        let found = false;
        let result;
        for (let i = 0; i < arr.length; i++) {
            const entry = arr[i];
            let positive = true;
            if (typeof func !== 'undefined') positive = fn.boolean(func.apply(this, hofArguments(func, entry, i, arr)));
            if (positive) {
                if (found) throw { code: 'D3138', index: i };
                result = entry;
                found = true;
            }
        }
        if (!found) throw { code: 'D3139' };
        return result;
    };
    fn.zip = function () {
        const args = Array.prototype.slice.call(arguments);
        const length = Math.min.apply(Math, args.map((arg) => (Array.isArray(arg) ? arg.length : 0)));
        const result = [];
        for (let i = 0; i < length; i++) result.push(args.map((arg) => arg[i]));
        return result;
    };
    fn.reduce = function (sequence, func, init) {
        if (typeof sequence === 'undefined') return undefined;
        const arity = J.functionArity(func);
        if (arity < 2) throw { code: 'D3050', index: 1 };
        let result;
        let index;
        if (typeof init === 'undefined' && sequence.length > 0) {
            result = sequence[0];
            index = 1;
        } else {
            result = init;
            index = 0;
        }
        while (index < sequence.length) {
            const args = [result, sequence[index]];
            if (arity >= 3) args.push(index);
            if (arity >= 4) args.push(sequence);
            result = func.apply(this, args);
            index++;
        }
        return result;
    };
    fn.sift = function (arg, func) {
        let result = {};
        for (const name in arg) {
            const entry = arg[name];
            if (fn.boolean(func.apply(this, hofArguments(func, entry, name, arg)))) result[name] = entry;
        }
        if (Object.keys(result).length === 0) result = undefined;
        return result;
    };
    fn.each = function (obj, func) {
        const result = createSequence();
        for (const name in obj) {
            const value = func.apply(this, hofArguments(func, obj[name], name, obj));
            if (typeof value !== 'undefined') result.push(value);
        }
        return result;
    };

    fn.keys = function (arg) {
        let result = createSequence();
        if (Array.isArray(arg)) {
            const merged = {};
            arg.forEach((item) => fn.keys(item).forEach((key) => { merged[key] = true; }));
            result = fn.keys(merged);
        } else if (arg !== null && typeof arg === 'object' && !J.isFunction(arg)) {
            Object.keys(arg).forEach((key) => result.push(key));
        }
        return result;
    };
    fn.lookup = lookup;
    fn.append = function (arg1, arg2) {
        if (typeof arg1 === 'undefined') return arg2;
        if (typeof arg2 === 'undefined') return arg1;
        if (!Array.isArray(arg1)) arg1 = createSequence(arg1);
        if (!Array.isArray(arg2)) arg2 = [arg2];
        return arg1.concat(arg2);
    };
    fn.exists = function (arg) {
        return typeof arg !== 'undefined';
    };
    fn.spread = function (arg) {
        let result = createSequence();
        if (Array.isArray(arg)) {
            arg.forEach((item) => { result = fn.append(result, fn.spread(item)); });
        } else if (arg !== null && typeof arg === 'object' && !J.isFunction(arg)) {
            for (const name in arg) {
                const pair = {};
                pair[name] = arg[name];
                result.push(pair);
            }
        } else {
            result = arg;
        }
        return result;
    };
    fn.merge = function (arg) {
        if (typeof arg === 'undefined') return undefined;
        const result = {};
        arg.forEach((obj) => {
            for (const name in obj) result[name] = obj[name];
        });
        return result;
    };
    fn.reverse = function (arr) {
        if (typeof arr === 'undefined') return undefined;
        if (arr.length <= 1) return arr;
        const length = arr.length;
        const result = new Array(length);
        for (let i = 0; i < length; i++) result[length - i - 1] = arr[i];
        return result;
    };
    fn.sort = function (arr, comparator) {
        if (typeof arr === 'undefined') return undefined;
        if (arr.length <= 1) return arr;
        let swap;
        if (typeof comparator === 'undefined') {
            if (!J.isArrayOfNumbers(arr) && !J.isArrayOfStrings(arr)) throw { code: 'D3070', index: 1 };
            swap = (a, b) => a > b;
        } else {
            swap = (a, b) => comparator(a, b);
        }
        return mergeSort(arr, swap);
    };
    fn.shuffle = function (arr) {
        if (typeof arr === 'undefined') return undefined;
        if (arr.length <= 1) return arr;
        const result = arr.slice();
        for (let i = result.length - 1; i > 0; i--) {
            const j = Math.floor(Math.random() * (i + 1));
            const held = result[i];
            result[i] = result[j];
            result[j] = held;
        }
        return result;
    };
    fn.distinct = function (arr) {
        if (typeof arr === 'undefined') return undefined;
        if (!Array.isArray(arr) || arr.length <= 1) return arr;
        const results = J.isSequence(arr) ? createSequence() : [];
        for (let i = 0; i < arr.length; i++) {
            const value = arr[i];
            if (!results.some((seen) => J.isDeepEqual(value, seen))) results.push(value);
        }
        return results;
    };

    fn.error = function (message) {
        throw { code: 'D3137', message: message || '$error() function evaluated' };
    };
    fn.assert = function (condition, message) {
        if (!condition) throw { code: 'D3141', message: message || '$assert() statement failed' };
    };
    fn.type = function (value) {
        if (value === undefined) return undefined;
        if (value === null) return 'null';
        if (J.isNumeric(value)) return 'number';
        if (typeof value === 'string') return 'string';
        if (typeof value === 'boolean') return 'boolean';
        if (Array.isArray(value)) return 'array';
        if (J.isFunction(value)) return 'function';
        return 'object';
    };

    // base64 over the string's code units taken as bytes (Latin-1), as jsonata-js does with Buffer's 'binary'.
    const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    fn.base64encode = function (str) {
        if (typeof str === 'undefined') return undefined;
        let out = '';
        for (let i = 0; i < str.length; i += 3) {
            const a = str.charCodeAt(i) & 255;
            const b = i + 1 < str.length ? str.charCodeAt(i + 1) & 255 : 0;
            const c = i + 2 < str.length ? str.charCodeAt(i + 2) & 255 : 0;
            const bits = (a << 16) | (b << 8) | c;
            out += base64Alphabet[(bits >> 18) & 63] + base64Alphabet[(bits >> 12) & 63];
            out += i + 1 < str.length ? base64Alphabet[(bits >> 6) & 63] : '=';
            out += i + 2 < str.length ? base64Alphabet[bits & 63] : '=';
        }
        return out;
    };
    fn.base64decode = function (str) {
        if (typeof str === 'undefined') return undefined;
        let bits = 0;
        let count = 0;
        let out = '';
        for (let i = 0; i < str.length; i++) {
            let c = str.charAt(i);
            if (c === '-') c = '+';
            if (c === '_') c = '/';
            const value = base64Alphabet.indexOf(c);
            if (value < 0) {
                if (c === '=') break;
                continue;
            }
            bits = (bits << 6) | value;
            count += 6;
            if (count >= 8) {
                count -= 8;
                out += String.fromCharCode((bits >> count) & 255);
            }
        }
        return out;
    };
    function urlFunction(name, codec) {
        return function (str) {
            if (typeof str === 'undefined') return undefined;
            try {
                return codec(str);
            } catch (e) {
                throw { code: 'D3140', value: str, functionName: name };
            }
        };
    }
    fn.encodeUrlComponent = urlFunction('encodeUrlComponent', encodeURIComponent);
    fn.encodeUrl = urlFunction('encodeUrl', encodeURI);
    fn.decodeUrlComponent = urlFunction('decodeUrlComponent', decodeURIComponent);
    fn.decodeUrl = urlFunction('decodeUrl', decodeURI);

    fn.eval = function (expr, focus) {
        if (typeof expr === 'undefined') return undefined;
        let input = this.input;
        if (typeof focus !== 'undefined') {
            input = focus;
            if (Array.isArray(input) && !J.isSequence(input)) {
                input = createSequence(input);
                input.outerWrapper = true;
            }
        }
        let ast;
        try {
            ast = J.parse(expr);
        } catch (err) {
            J.populateMessage(err);
            throw { code: 'D3120', value: err.message, error: err };
        }
        try {
            return J.evaluate(ast, input, this.environment);
        } catch (err) {
            J.populateMessage(err);
            throw { code: 'D3121', value: err.message, error: err };
        }
    };
    fn.clone = function (arg) {
        if (typeof arg === 'undefined') return undefined;
        return JSON.parse(fn.string(arg));
    };

    const signatures = {
        sum: '<a<n>:n>', count: '<a:n>', max: '<a<n>:n>', min: '<a<n>:n>', average: '<a<n>:n>',
        string: '<x-b?:s>', substring: '<s-nn?:s>', substringBefore: '<s-s:s>', substringAfter: '<s-s:s>',
        lowercase: '<s-:s>', uppercase: '<s-:s>', length: '<s-:n>', trim: '<s-:s>', pad: '<s-ns?:s>',
        match: '<s-f<s:o>n?:a<o>>', contains: '<s-(sf):b>', replace: '<s-(sf)(sf)n?:s>', split: '<s-(sf)n?:a<s>>',
        join: '<a<s>s?:s>', formatNumber: '<n-so?:s>', formatBase: '<n-n?:s>', formatInteger: '<n-s:s>',
        parseInteger: '<s-s:n>', number: '<(nsb)-:n>', floor: '<n-:n>', ceil: '<n-:n>', round: '<n-n?:n>',
        abs: '<n-:n>', sqrt: '<n-:n>', power: '<n-n:n>', random: '<:n>', boolean: '<x-:b>', not: '<x-:b>',
        map: '<af>', zip: '<a+>', filter: '<af>', single: '<af?>', reduce: '<afj?:j>', sift: '<o-f?:o>',
        keys: '<x-:a<s>>', lookup: '<x-s:x>', append: '<xx:a>', exists: '<x:b>', spread: '<x-:a<o>>',
        merge: '<a<o>:o>', reverse: '<a:a>', each: '<o-f:a>', error: '<s?:x>', assert: '<bs?:x>', type: '<x:s>',
        sort: '<af?:a>', shuffle: '<a:a>', distinct: '<x:x>', base64encode: '<s-:s>', base64decode: '<s-:s>',
        encodeUrlComponent: '<s-:s>', encodeUrl: '<s-:s>', decodeUrlComponent: '<s-:s>', decodeUrl: '<s-:s>',
        eval: '<sx?:x>', toMillis: '<s-s?:n>', fromMillis: '<n-s?s?:s>', clone: '<(oa)-:o>',
    };

    // The frame every evaluation's scope encloses: the standard library, bound once.
    function standardFrame() {
        const frame = new J.Frame(null);
        for (const name in signatures) {
            const implementation = fn[name];
            if (typeof implementation !== 'function') throw new Error('jsonata: no implementation of $' + name);
            frame.bind(name, defineFunction(implementation, signatures[name]));
        }
        return frame;
    }

    Object.assign(J, { fn, defineFunction, mergeSort, lookup, standardFrame });
})(globalThis.__jsonata || (globalThis.__jsonata = {}));

// JSONata's tokens: names, variables, literals, regexes and operators, each with the position after it (JSONata
// reports errors at that position). `prefix` is true where an operand is expected, so that `/` starts a regex.
(function (J) {
    'use strict';

    // Binding powers of the operators (JSONata 1.8's table).
    const operators = {
        '.': 75, '[': 80, ']': 0, '{': 70, '}': 0, '(': 80, ')': 0, ',': 0, '@': 80, '#': 80, ';': 80, ':': 80,
        '?': 20, '+': 50, '-': 50, '*': 60, '/': 60, '%': 60, '|': 20, '=': 40, '<': 40, '>': 40, '^': 40,
        '**': 60, '..': 20, ':=': 10, '!=': 40, '<=': 40, '>=': 40, '~>': 40, 'and': 30, 'or': 25, 'in': 40,
        '&': 50, '!': 0, '~': 0,
    };
    const twoCharacter = ['..', ':=', '!=', '>=', '<=', '**', '~>'];
    const escapes = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    const whitespace = ' \t\n\r\v';
    const numberPattern = /^(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?/;

    function tokenizer(source) {
        let position = 0;
        const length = source.length;

        const token = (type, value) => ({ type, value, position });

        function scanRegex() {
            // The closing slash is one not escaped and outside any bracket pair.
            let start = position;
            let depth = 0;
            const isClosingSlash = (at) => {
                if (source.charAt(at) !== '/' || depth !== 0) return false;
                let backslashes = 0;
                while (source.charAt(at - (backslashes + 1)) === '\\') backslashes++;
                return backslashes % 2 === 0;
            };
            while (position < length) {
                const c = source.charAt(position);
                if (isClosingSlash(position)) {
                    const pattern = source.substring(start, position);
                    if (pattern === '') throw { code: 'S0301', position };
                    position++;
                    start = position;
                    while (source.charAt(position) === 'i' || source.charAt(position) === 'm') position++;
                    const flags = source.substring(start, position) + 'g';
                    try {
                        return new RegExp(pattern, flags);
                    } catch (e) {
                        throw { code: 'S0303', position, value: e.message };
                    }
                }
                if ((c === '(' || c === '[' || c === '{') && source.charAt(position - 1) !== '\\') depth++;
                if ((c === ')' || c === ']' || c === '}') && source.charAt(position - 1) !== '\\') depth--;
                position++;
            }
            throw { code: 'S0302', position };
        }

        function next(prefix) {
            if (position >= length) return null;
            let c = source.charAt(position);
            while (position < length && whitespace.indexOf(c) > -1) c = source.charAt(++position);
            if (c === '/' && source.charAt(position + 1) === '*') {
                const commentStart = position;
                position += 2;
                c = source.charAt(position);
                while (!(c === '*' && source.charAt(position + 1) === '/')) {
                    c = source.charAt(++position);
                    if (position >= length) throw { code: 'S0106', position: commentStart };
                }
                position += 2;
                return next(prefix);
            }
            if (prefix !== true && c === '/') {
                position++;
                return token('regex', scanRegex());
            }
            const pair = source.substr(position, 2);
            if (twoCharacter.indexOf(pair) > -1) {
                position += 2;
                return token('operator', pair);
            }
            if (Object.prototype.hasOwnProperty.call(operators, c)) {
                position++;
                return token('operator', c);
            }
            if (c === '"' || c === "'") {
                const quote = c;
                position++;
                let text = '';
                while (position < length) {
                    c = source.charAt(position);
                    if (c === '\\') {
                        position++;
                        c = source.charAt(position);
                        if (Object.prototype.hasOwnProperty.call(escapes, c)) {
                            text += escapes[c];
                        } else if (c === 'u') {
                            const hex = source.substr(position + 1, 4);
                            if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === 4) {
                                text += String.fromCharCode(parseInt(hex, 16));
                                position += 4;
                            } else {
                                throw { code: 'S0104', position };
                            }
                        } else {
                            throw { code: 'S0103', position, token: c };
                        }
                    } else if (c === quote) {
                        position++;
                        return token('string', text);
                    } else {
                        text += c;
                    }
                    position++;
                }
                throw { code: 'S0101', position };
            }
            const number = numberPattern.exec(source.substring(position));
            if (number !== null) {
                const value = parseFloat(number[0]);
                if (!isNaN(value) && isFinite(value)) {
                    position += number[0].length;
                    return token('number', value);
                }
                throw { code: 'S0102', position, token: number[0] };
            }
            if (c === '`') {
                position++;
                const end = source.indexOf('`', position);
                if (end !== -1) {
                    const name = source.substring(position, end);
                    position = end + 1;
                    return token('name', name);
                }
                position = length;
                throw { code: 'S0105', position };
            }
            // A name or variable runs to the next whitespace or operator.
            let i = position;
            for (;;) {
                const ch = source.charAt(i);
                if (i === length || whitespace.indexOf(ch) > -1 || Object.prototype.hasOwnProperty.call(operators, ch)) {
                    if (source.charAt(position) === '$') {
                        const name = source.substring(position + 1, i);
                        position = i;
                        return token('variable', name);
                    }
                    const name = source.substring(position, i);
                    position = i;
                    switch (name) {
                        case 'or': case 'in': case 'and': return token('operator', name);
                        case 'true': return token('value', true);
                        case 'false': return token('value', false);
                        case 'null': return token('value', null);
                        default:
                            if (position === length && name === '') return null;
                            return token('name', name);
                    }
                }
                i++;
            }
        }
        return next;
    }

    J.operators = operators;
    J.tokenizer = tokenizer;
})(globalThis.__jsonata || (globalThis.__jsonata = {}));

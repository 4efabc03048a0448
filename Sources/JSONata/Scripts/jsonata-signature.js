// Function signatures (`<s-nn?:s>`): each parameter a type symbol, `-` for "the context when missing", `?`
// optional, `+` one or more, `(sn)` a choice, `a<n>` an array of a type. A signature becomes a regular expression
// over the symbols of the arguments given; validating fills in the context and wraps single values in arrays.
(function (J) {
    'use strict';

    const arrayTypeNames = { a: 'arrays', b: 'booleans', f: 'functions', n: 'numbers', o: 'objects', s: 'strings' };

    function typeSymbol(value) {
        if (J.isFunction(value)) return 'f';
        switch (typeof value) {
            case 'string': return 's';
            case 'number': return 'n';
            case 'boolean': return 'b';
            case 'object':
                if (value === null) return 'l';
                return Array.isArray(value) ? 'a' : 'o';
            default:
                return 'm';
        }
    }

    function closingBracket(text, start, open, close) {
        let depth = 1;
        let position = start;
        while (position < text.length) {
            position++;
            const c = text.charAt(position);
            if (c === close) {
                depth--;
                if (depth === 0) break;
            } else if (c === open) {
                depth++;
            }
        }
        return position;
    }

    function parseSignature(signature) {
        let position = 1;
        const params = [];
        let param = {};
        let previous = param;
        const next = () => {
            params.push(param);
            previous = param;
            param = {};
        };
        while (position < signature.length) {
            const c = signature.charAt(position);
            if (c === ':') break; // the return type is not checked
            switch (c) {
                case 's': case 'n': case 'b': case 'l': case 'o':
                    param.regex = '[' + c + 'm]';
                    param.type = c;
                    next();
                    break;
                case 'a':
                    param.regex = '[asnblfom]';
                    param.type = c;
                    param.array = true;
                    next();
                    break;
                case 'f':
                    param.regex = 'f';
                    param.type = c;
                    next();
                    break;
                case 'j':
                    param.regex = '[asnblom]';
                    param.type = c;
                    next();
                    break;
                case 'x':
                    param.regex = '[asnblfom]';
                    param.type = c;
                    next();
                    break;
                case '-':
                    previous.context = true;
                    previous.contextRegex = new RegExp(previous.regex);
                    previous.regex += '?';
                    break;
                case '?':
                case '+':
                    previous.regex += c;
                    break;
                case '(': {
                    const end = closingBracket(signature, position, '(', ')');
                    const choice = signature.substring(position + 1, end);
                    if (choice.indexOf('<') !== -1) throw { code: 'S0402', value: choice, offset: position };
                    param.regex = '[' + choice + 'm]';
                    param.type = '(' + choice + ')';
                    position = end;
                    next();
                    break;
                }
                case '<':
                    if (previous.type === 'a' || previous.type === 'f') {
                        const end = closingBracket(signature, position, '<', '>');
                        previous.subtype = signature.substring(position + 1, end);
                        position = end;
                    } else {
                        throw { code: 'S0401', value: previous.type, offset: position };
                    }
                    break;
            }
            position++;
        }
        const regex = new RegExp('^' + params.map((p) => '(' + p.regex + ')').join('') + '$');
        const matches = new Map();

        function throwValidationError(args, supplied) {
            let pattern = '^';
            let goodTo = 0;
            for (let index = 0; index < params.length; index++) {
                pattern += params[index].regex;
                const match = supplied.match(pattern);
                if (match === null) throw { code: 'T0410', value: args[goodTo], index: goodTo + 1 };
                goodTo = match[0].length;
            }
            throw { code: 'T0410', value: args[goodTo], index: goodTo + 1 };
        }

        return {
            definition: signature,
            validate(args, context) {
                let supplied = '';
                for (let i = 0; i < args.length; i++) supplied += typeSymbol(args[i]);
                // The same few shapes of arguments come again and again: match each once.
                let valid = matches.get(supplied);
                if (valid === undefined) {
                    valid = regex.exec(supplied);
                    if (matches.size < 64) matches.set(supplied, valid);
                }
                if (!valid) throwValidationError(args, supplied);
                const validated = [];
                let argIndex = 0;
                for (let index = 0; index < params.length; index++) {
                    const p = params[index];
                    let arg = args[argIndex];
                    const match = valid[index + 1];
                    if (match === '') {
                        if (p.context && p.contextRegex) {
                            if (p.contextRegex.test(typeSymbol(context))) {
                                validated.push(context);
                            } else {
                                throw { code: 'T0411', value: context, index: argIndex + 1 };
                            }
                        } else {
                            validated.push(arg);
                            argIndex++;
                        }
                        continue;
                    }
                    for (let m = 0; m < match.length; m++) {
                        const single = match[m];
                        if (p.type === 'a') {
                            if (single === 'm') {
                                arg = undefined;
                            } else {
                                arg = args[argIndex];
                                let arrayOK = true;
                                if (typeof p.subtype !== 'undefined') {
                                    if (single !== 'a' && match !== p.subtype) {
                                        arrayOK = false;
                                    } else if (single === 'a' && arg.length > 0) {
                                        const itemType = typeSymbol(arg[0]);
                                        if (itemType !== p.subtype.charAt(0)) {
                                            arrayOK = false;
                                        } else {
                                            arrayOK = arg.every((item) => typeSymbol(item) === itemType);
                                        }
                                    }
                                }
                                if (!arrayOK) {
                                    throw { code: 'T0412', value: arg, index: argIndex + 1, type: arrayTypeNames[p.subtype] };
                                }
                                if (single !== 'a') arg = [arg];
                            }
                            validated.push(arg);
                            argIndex++;
                        } else {
                            validated.push(args[argIndex]);
                            argIndex++;
                        }
                    }
                }
                return validated;
            },
        };
    }

    // A signature's text parses to the same validator every time: the library's and the host's are parsed once.
    const parsed = new Map();
    J.parseSignature = function (signature) {
        let validator = parsed.get(signature);
        if (!validator) {
            validator = parseSignature(signature);
            parsed.set(signature, validator);
        }
        return validator;
    };
})(globalThis.__jsonata || (globalThis.__jsonata = {}));

// JSONata's grammar as a Pratt parser (top-down operator precedence), then the pass that turns the parse tree into
// what the evaluator walks: paths of steps, predicates as stages, focus (@) and index (#) bindings as tuple steps,
// the parent operator (%) resolved to the step it names, and lambdas' tail calls marked for the trampoline.
(function (J) {
    'use strict';

    function parse(source) {
        const operators = J.operators;
        let node;
        let lexer;
        const symbols = {};

        const base = {
            nud() {
                throw { code: 'S0211', token: this.value, position: this.position };
            },
            led() {
                throw { code: 'S0201', token: this.value, position: this.position };
            },
        };

        function symbol(id, bp) {
            let s = symbols[id];
            bp = bp || 0;
            if (s) {
                if (bp >= s.lbp) s.lbp = bp;
            } else {
                s = Object.create(base);
                s.id = s.value = id;
                s.lbp = bp;
                symbols[id] = s;
            }
            return s;
        }

        function advance(id, infix) {
            if (id && node.id !== id) {
                const code = node.id === '(end)' ? 'S0203' : 'S0202';
                throw { code, position: node.position, token: node.value, value: id };
            }
            const next = lexer(infix);
            if (next === null) {
                node = symbols['(end)'];
                node.position = source.length;
                return node;
            }
            let type = next.type;
            let s;
            switch (type) {
                case 'name': case 'variable': s = symbols['(name)']; break;
                case 'operator':
                    s = symbols[next.value];
                    if (!s) throw { code: 'S0204', position: next.position, token: next.value };
                    break;
                case 'string': case 'number': case 'value': s = symbols['(literal)']; break;
                case 'regex': type = 'regex'; s = symbols['(regex)']; break;
                default: throw { code: 'S0205', position: next.position, token: next.value };
            }
            node = Object.create(s);
            node.value = next.value;
            node.type = type;
            node.position = next.position;
            return node;
        }

        function expression(rbp) {
            let t = node;
            advance(null, true);
            let left = t.nud();
            while (rbp < node.lbp) {
                t = node;
                advance();
                left = t.led(left);
            }
            return left;
        }

        function terminal(id) {
            const s = symbol(id, 0);
            s.nud = function () { return this; };
        }
        function infix(id, bp, led) {
            const s = symbol(id, bp || operators[id]);
            s.led = led || function (left) {
                this.lhs = left;
                this.rhs = expression(bp || operators[id]);
                this.type = 'binary';
                return this;
            };
            return s;
        }
        function infixr(id, bp, led) {
            const s = symbol(id, bp);
            s.led = led;
            return s;
        }
        function prefix(id, nud) {
            const s = symbol(id);
            s.nud = nud || function () {
                this.expression = expression(70);
                this.type = 'unary';
                return this;
            };
            return s;
        }

        terminal('(end)');
        terminal('(name)');
        terminal('(literal)');
        terminal('(regex)');
        [':', ';', ',', ')', ']', '}', '..'].forEach((id) => symbol(id));
        ['.', '+', '-', '*', '/', '%', '=', '<', '>', '!=', '<=', '>=', '&', 'and', 'or', 'in', '~>'].forEach((id) => infix(id));
        terminal('and');
        terminal('or');
        terminal('in');
        prefix('-');
        prefix('*', function () { this.type = 'wildcard'; return this; });
        prefix('**', function () { this.type = 'descendant'; return this; });
        prefix('%', function () { this.type = 'parent'; return this; });

        infix('(', operators['('], function (left) {
            this.procedure = left;
            this.type = 'function';
            this.arguments = [];
            if (node.id !== ')') {
                for (;;) {
                    if (node.type === 'operator' && node.id === '?') {
                        this.type = 'partial';
                        this.arguments.push(node);
                        advance('?');
                    } else {
                        this.arguments.push(expression(0));
                    }
                    if (node.id !== ',') break;
                    advance(',');
                }
            }
            advance(')', true);
            if (left.type === 'name' && (left.value === 'function' || left.value === '\u03BB')) {
                this.arguments.forEach((arg, index) => {
                    if (arg.type !== 'variable') {
                        throw { code: 'S0208', position: arg.position, token: arg.value, value: index + 1 };
                    }
                });
                this.type = 'lambda';
                if (node.id === '<') {
                    const signaturePosition = node.position;
                    let depth = 1;
                    let signature = '<';
                    while (depth > 0 && node.id !== '{' && node.id !== '(end)') {
                        const t = advance();
                        if (t.id === '>') depth--;
                        else if (t.id === '<') depth++;
                        signature += t.value;
                    }
                    advance('>');
                    try {
                        this.signature = J.parseSignature(signature);
                    } catch (err) {
                        err.position = signaturePosition + err.offset;
                        throw err;
                    }
                }
                advance('{');
                this.body = expression(0);
                advance('}');
            }
            return this;
        });

        prefix('(', function () {
            const expressions = [];
            while (node.id !== ')') {
                expressions.push(expression(0));
                if (node.id !== ';') break;
                advance(';');
            }
            advance(')', true);
            this.type = 'block';
            this.expressions = expressions;
            return this;
        });

        prefix('[', function () {
            const items = [];
            if (node.id !== ']') {
                for (;;) {
                    let item = expression(0);
                    if (node.id === '..') {
                        const range = { type: 'binary', value: '..', position: node.position, lhs: item };
                        advance('..');
                        range.rhs = expression(0);
                        item = range;
                    }
                    items.push(item);
                    if (node.id !== ',') break;
                    advance(',');
                }
            }
            advance(']', true);
            this.expressions = items;
            this.type = 'unary';
            return this;
        });

        infix('[', operators['['], function (left) {
            if (node.id === ']') {
                // An empty predicate keeps singleton arrays in the result.
                let step = left;
                while (step && step.type === 'binary' && step.value === '[') step = step.lhs;
                step.keepArray = true;
                advance(']');
                return left;
            }
            this.lhs = left;
            this.rhs = expression(operators[']']);
            this.type = 'binary';
            advance(']', true);
            return this;
        });

        infix('^', operators['^'], function (left) {
            advance('(');
            const terms = [];
            for (;;) {
                const term = { descending: false };
                if (node.id === '<') {
                    advance('<');
                } else if (node.id === '>') {
                    term.descending = true;
                    advance('>');
                }
                term.expression = expression(0);
                terms.push(term);
                if (node.id !== ',') break;
                advance(',');
            }
            advance(')');
            this.lhs = left;
            this.rhs = terms;
            this.type = 'binary';
            return this;
        });

        function objectParser(left) {
            const pairs = [];
            if (node.id !== '}') {
                for (;;) {
                    const name = expression(0);
                    advance(':');
                    const value = expression(0);
                    pairs.push([name, value]);
                    if (node.id !== ',') break;
                    advance(',');
                }
            }
            advance('}', true);
            if (typeof left === 'undefined') {
                this.lhs = pairs;
                this.type = 'unary';
            } else {
                this.lhs = left;
                this.rhs = pairs;
                this.type = 'binary';
            }
            return this;
        }
        prefix('{', objectParser);
        infix('{', operators['{'], objectParser);

        infixr(':=', operators[':='], function (left) {
            if (left.type !== 'variable') throw { code: 'S0212', position: this.position, token: left.value };
            this.lhs = left;
            this.rhs = expression(operators[':='] - 1);
            this.type = 'binary';
            return this;
        });

        // The focus (@) and index (#) bindings: a step, then the variable it binds.
        ['@', '#'].forEach((id) => infix(id, operators[id], function (left) {
            this.lhs = left;
            this.rhs = expression(operators[id]);
            if (this.rhs.type !== 'variable') throw { code: 'S0214', position: this.rhs.position, token: id };
            this.type = 'binary';
            return this;
        }));

        infix('?', operators['?'], function (left) {
            this.type = 'condition';
            this.condition = left;
            this.then = expression(0);
            if (node.id === ':') {
                advance(':');
                this['else'] = expression(0);
            }
            return this;
        });

        prefix('|', function () {
            this.type = 'transform';
            this.pattern = expression(0);
            advance('|');
            this.update = expression(0);
            if (node.id === ',') {
                advance(',');
                this['delete'] = expression(0);
            }
            advance('|');
            return this;
        });

        // --- from the parse tree to the evaluator's tree ---

        let ancestorLabel = 0;
        let ancestorIndex = 0;
        const ancestry = [];

        function seekParent(n, slot) {
            switch (n.type) {
                case 'name':
                case 'wildcard':
                    slot.level--;
                    if (slot.level === 0) {
                        if (typeof n.ancestor === 'undefined') {
                            n.ancestor = slot;
                        } else {
                            ancestry[slot.index].slot.label = n.ancestor.label;
                            n.ancestor = slot;
                        }
                        n.tuple = true;
                    }
                    break;
                case 'parent':
                    slot.level++;
                    break;
                case 'block':
                    if (n.expressions.length > 0) {
                        n.tuple = true;
                        slot = seekParent(n.expressions[n.expressions.length - 1], slot);
                    }
                    break;
                case 'path': {
                    n.tuple = true;
                    let index = n.steps.length - 1;
                    slot = seekParent(n.steps[index--], slot);
                    while (slot.level > 0 && index >= 0) slot = seekParent(n.steps[index--], slot);
                    break;
                }
                default:
                    throw { code: 'S0217', token: n.type, position: n.position };
            }
            return slot;
        }

        function pushAncestry(result, value) {
            if (typeof value.seekingParent !== 'undefined' || value.type === 'parent') {
                const slots = typeof value.seekingParent !== 'undefined' ? value.seekingParent : [];
                if (value.type === 'parent') slots.push(value.slot);
                if (typeof result.seekingParent === 'undefined') result.seekingParent = slots;
                else Array.prototype.push.apply(result.seekingParent, slots);
            }
        }

        function resolveAncestry(path) {
            let index = path.steps.length - 1;
            const last = path.steps[index];
            const slots = typeof last.seekingParent !== 'undefined' ? last.seekingParent : [];
            if (last.type === 'parent') slots.push(last.slot);
            for (let is = 0; is < slots.length; is++) {
                let slot = slots[is];
                index = path.steps.length - 2;
                while (slot.level > 0) {
                    if (index < 0) {
                        if (typeof path.seekingParent === 'undefined') path.seekingParent = [slot];
                        else path.seekingParent.push(slot);
                        break;
                    }
                    let step = path.steps[index--];
                    // Contiguous steps that bind the focus count as one.
                    while (index >= 0 && step.focus && path.steps[index].focus) step = path.steps[index--];
                    slot = seekParent(step, slot);
                }
            }
        }

        function tailCallOptimize(expr) {
            if (expr.type === 'function' && !expr.predicate) {
                return { type: 'lambda', thunk: true, arguments: [], position: expr.position, body: expr };
            }
            if (expr.type === 'condition') {
                expr.then = tailCallOptimize(expr.then);
                if (typeof expr['else'] !== 'undefined') expr['else'] = tailCallOptimize(expr['else']);
            } else if (expr.type === 'block') {
                const length = expr.expressions.length;
                if (length > 0) expr.expressions[length - 1] = tailCallOptimize(expr.expressions[length - 1]);
            }
            return expr;
        }

        function processAST(expr) {
            let result;
            switch (expr.type) {
                case 'binary':
                    switch (expr.value) {
                        case '.': {
                            const lstep = processAST(expr.lhs);
                            result = lstep.type === 'path' ? lstep : { type: 'path', steps: [lstep] };
                            if (lstep.type === 'parent') result.seekingParent = [lstep.slot];
                            const rest = processAST(expr.rhs);
                            if (rest.type === 'function' && rest.procedure.type === 'path' && rest.procedure.steps.length === 1 &&
                                rest.procedure.steps[0].type === 'name' && result.steps[result.steps.length - 1].type === 'function') {
                                result.steps[result.steps.length - 1].nextFunction = rest.procedure.steps[0].value;
                            }
                            if (rest.type === 'path') {
                                Array.prototype.push.apply(result.steps, rest.steps);
                            } else {
                                if (typeof rest.predicate !== 'undefined') {
                                    rest.stages = rest.predicate;
                                    delete rest.predicate;
                                }
                                result.steps.push(rest);
                            }
                            result.steps.filter((step) => {
                                if (step.type === 'number' || step.type === 'value') {
                                    throw { code: 'S0213', position: step.position, value: step.value };
                                }
                                return step.type === 'string';
                            }).forEach((literal) => { literal.type = 'name'; });
                            if (result.steps.filter((step) => step.keepArray === true).length > 0) result.keepSingletonArray = true;
                            const first = result.steps[0];
                            if (first.type === 'unary' && first.value === '[') first.consarray = true;
                            const last = result.steps[result.steps.length - 1];
                            if (last.type === 'unary' && last.value === '[') last.consarray = true;
                            resolveAncestry(result);
                            break;
                        }
                        case '[': {
                            result = processAST(expr.lhs);
                            let step = result;
                            let kind = 'predicate';
                            if (result.type === 'path') {
                                step = result.steps[result.steps.length - 1];
                                kind = 'stages';
                            }
                            if (typeof step.group !== 'undefined') throw { code: 'S0209', position: expr.position };
                            if (typeof step[kind] === 'undefined') step[kind] = [];
                            const predicate = processAST(expr.rhs);
                            if (typeof predicate.seekingParent !== 'undefined') {
                                predicate.seekingParent.forEach((slot) => {
                                    if (slot.level === 1) seekParent(step, slot);
                                    else slot.level--;
                                });
                                pushAncestry(step, predicate);
                            }
                            step[kind].push({ type: 'filter', expr: predicate, position: expr.position });
                            break;
                        }
                        case '{':
                            result = processAST(expr.lhs);
                            if (typeof result.group !== 'undefined') throw { code: 'S0210', position: expr.position };
                            result.group = {
                                lhs: expr.rhs.map((pair) => [processAST(pair[0]), processAST(pair[1])]),
                                position: expr.position,
                            };
                            break;
                        case '^': {
                            result = processAST(expr.lhs);
                            if (result.type !== 'path') result = { type: 'path', steps: [result] };
                            const sortStep = { type: 'sort', position: expr.position };
                            sortStep.terms = expr.rhs.map((term) => {
                                const expression = processAST(term.expression);
                                pushAncestry(sortStep, expression);
                                return { descending: term.descending, expression };
                            });
                            result.steps.push(sortStep);
                            resolveAncestry(result);
                            break;
                        }
                        case ':=':
                            result = { type: 'bind', value: expr.value, position: expr.position };
                            result.lhs = processAST(expr.lhs);
                            result.rhs = processAST(expr.rhs);
                            pushAncestry(result, result.rhs);
                            break;
                        case '@': {
                            result = processAST(expr.lhs);
                            let step = result;
                            if (result.type === 'path') step = result.steps[result.steps.length - 1];
                            if (typeof step.stages !== 'undefined' || typeof step.predicate !== 'undefined') {
                                throw { code: 'S0215', position: expr.position };
                            }
                            if (step.type === 'sort') throw { code: 'S0216', position: expr.position };
                            if (expr.keepArray) step.keepArray = true;
                            step.focus = expr.rhs.value;
                            step.tuple = true;
                            break;
                        }
                        case '#': {
                            result = processAST(expr.lhs);
                            let step = result;
                            if (result.type === 'path') {
                                step = result.steps[result.steps.length - 1];
                            } else {
                                result = { type: 'path', steps: [result] };
                                if (typeof step.predicate !== 'undefined') {
                                    step.stages = step.predicate;
                                    delete step.predicate;
                                }
                            }
                            if (typeof step.stages === 'undefined') step.index = expr.rhs.value;
                            else step.stages.push({ type: 'index', value: expr.rhs.value, position: expr.position });
                            step.tuple = true;
                            break;
                        }
                        case '~>':
                            result = { type: 'apply', value: expr.value, position: expr.position };
                            result.lhs = processAST(expr.lhs);
                            result.rhs = processAST(expr.rhs);
                            pushAncestry(result, result.lhs);
                            pushAncestry(result, result.rhs);
                            break;
                        default:
                            result = { type: expr.type, value: expr.value, position: expr.position };
                            result.lhs = processAST(expr.lhs);
                            result.rhs = processAST(expr.rhs);
                            pushAncestry(result, result.lhs);
                            pushAncestry(result, result.rhs);
                    }
                    break;
                case 'unary':
                    result = { type: expr.type, value: expr.value, position: expr.position };
                    if (expr.value === '[') {
                        result.expressions = expr.expressions.map((item) => {
                            const value = processAST(item);
                            pushAncestry(result, value);
                            return value;
                        });
                    } else if (expr.value === '{') {
                        result.lhs = expr.lhs.map((pair) => {
                            const key = processAST(pair[0]);
                            pushAncestry(result, key);
                            const value = processAST(pair[1]);
                            pushAncestry(result, value);
                            return [key, value];
                        });
                    } else {
                        result.expression = processAST(expr.expression);
                        if (expr.value === '-' && result.expression.type === 'number') {
                            result = result.expression;
                            result.value = -result.value;
                        } else {
                            pushAncestry(result, result.expression);
                        }
                    }
                    break;
                case 'function':
                case 'partial':
                    result = { type: expr.type, name: expr.name, value: expr.value, position: expr.position };
                    result.arguments = expr.arguments.map((arg) => {
                        const processed = processAST(arg);
                        pushAncestry(result, processed);
                        return processed;
                    });
                    result.procedure = processAST(expr.procedure);
                    break;
                case 'lambda':
                    result = { type: expr.type, arguments: expr.arguments, signature: expr.signature, position: expr.position };
                    result.body = tailCallOptimize(processAST(expr.body));
                    break;
                case 'condition':
                    result = { type: expr.type, position: expr.position };
                    result.condition = processAST(expr.condition);
                    pushAncestry(result, result.condition);
                    result.then = processAST(expr.then);
                    pushAncestry(result, result.then);
                    if (typeof expr['else'] !== 'undefined') {
                        result['else'] = processAST(expr['else']);
                        pushAncestry(result, result['else']);
                    }
                    break;
                case 'transform':
                    result = { type: expr.type, position: expr.position };
                    result.pattern = processAST(expr.pattern);
                    result.update = processAST(expr.update);
                    if (typeof expr['delete'] !== 'undefined') result['delete'] = processAST(expr['delete']);
                    break;
                case 'block':
                    result = { type: expr.type, position: expr.position };
                    result.expressions = expr.expressions.map((item) => {
                        const part = processAST(item);
                        pushAncestry(result, part);
                        if (part.consarray || (part.type === 'path' && part.steps[0].consarray)) result.consarray = true;
                        return part;
                    });
                    break;
                case 'name':
                    result = { type: 'path', steps: [expr] };
                    if (expr.keepArray) result.keepSingletonArray = true;
                    break;
                case 'parent':
                    result = { type: 'parent', slot: { label: '!' + ancestorLabel++, level: 1, index: ancestorIndex++ } };
                    ancestry.push(result);
                    break;
                case 'string': case 'number': case 'value': case 'wildcard': case 'descendant': case 'variable': case 'regex':
                    result = expr;
                    break;
                case 'operator':
                    // `and`, `or` and `in` may be field names.
                    if (expr.value === 'and' || expr.value === 'or' || expr.value === 'in') {
                        expr.type = 'name';
                        result = processAST(expr);
                    } else if (expr.value === '?') {
                        result = expr;
                    } else {
                        throw { code: 'S0201', position: expr.position, token: expr.value };
                    }
                    break;
                default: {
                    const code = expr.id === '(end)' ? 'S0207' : 'S0206';
                    throw { code, position: expr.position, token: expr.value };
                }
            }
            if (expr.keepArray) result.keepArray = true;
            return result;
        }

        lexer = J.tokenizer(source);
        advance();
        const tree = expression(0);
        if (node.id !== '(end)') throw { code: 'S0201', position: node.position, token: node.value };
        const ast = processAST(tree);
        if (ast.type === 'parent' || typeof ast.seekingParent !== 'undefined') {
            throw { code: 'S0217', token: ast.type, position: ast.position };
        }
        return ast;
    }

    J.parse = parse;
})(globalThis.__jsonata || (globalThis.__jsonata = {}));

// Evaluates the tree the parser made, against a JSON input, synchronously. JSONata's sequences are arrays marked
// `sequence` (a sequence of one value is that value; of none, undefined); an array the expression constructs is
// marked `cons` and is not flattened. Steps that bind a focus (@), an index (#) or a parent (%) make a tuple
// stream: each item a set of bindings, `@` the context.
(function (J) {
    'use strict';

    function createSequence() {
        const sequence = [];
        sequence.sequence = true;
        if (arguments.length === 1) sequence.push(arguments[0]);
        return sequence;
    }
    function isSequence(value) {
        return Array.isArray(value) && value.sequence === true;
    }
    function isNumeric(n) {
        if (typeof n !== 'number') return false;
        if (isNaN(n)) return false;
        if (!isFinite(n)) throw { code: 'D1001', value: n };
        return true;
    }
    function isArrayOfStrings(value) {
        return Array.isArray(value) && value.every((item) => typeof item === 'string');
    }
    function isArrayOfNumbers(value) {
        return Array.isArray(value) && value.every((item) => isNumeric(item));
    }
    function isLambda(value) {
        return value !== null && typeof value === 'object' && value._jsonata_lambda === true;
    }
    function isFunction(value) {
        return (value !== null && typeof value === 'object' && (value._jsonata_function === true || value._jsonata_lambda === true)) ||
            typeof value === 'function';
    }
    function functionArity(func) {
        if (typeof func.arity === 'number') return func.arity;
        if (typeof func.implementation === 'function') return func.implementation.length;
        if (typeof func.length === 'number') return func.length;
        return func.arguments.length;
    }
    function isDeepEqual(lhs, rhs) {
        if (lhs === rhs) return true;
        if (typeof lhs === 'object' && typeof rhs === 'object' && lhs !== null && rhs !== null) {
            if (Array.isArray(lhs) && Array.isArray(rhs)) {
                if (lhs.length !== rhs.length) return false;
                for (let i = 0; i < lhs.length; i++) if (!isDeepEqual(lhs[i], rhs[i])) return false;
                return true;
            }
            if (Array.isArray(lhs) || Array.isArray(rhs)) return false;
            const lkeys = Object.keys(lhs).sort();
            const rkeys = Object.keys(rhs).sort();
            if (lkeys.length !== rkeys.length) return false;
            for (let i = 0; i < lkeys.length; i++) if (lkeys[i] !== rkeys[i]) return false;
            for (let i = 0; i < lkeys.length; i++) if (!isDeepEqual(lhs[lkeys[i]], rhs[lkeys[i]])) return false;
            return true;
        }
        return false;
    }

    // A scope of variable bindings.
    // A scope of variable bindings; most scopes bind nothing, so the map is made on the first binding.
    class Frame {
        constructor(enclosing) {
            this.bindings = null;
            this.enclosing = enclosing;
            this.limits = enclosing ? enclosing.limits : null;
        }
        bind(name, value) {
            if (this.bindings === null) this.bindings = new Map();
            this.bindings.set(name, value);
        }
        lookup(name) {
            let frame = this;
            while (frame) {
                if (frame.bindings !== null && frame.bindings.has(name)) return frame.bindings.get(name);
                frame = frame.enclosing;
            }
            return undefined;
        }
    }
    function frameFromTuple(environment, tuple) {
        const frame = new Frame(environment);
        for (const name in tuple) frame.bind(name, tuple[name]);
        return frame;
    }

    // Depth and time limits: JSONata reports a runaway recursion as U1001 and a runaway loop as U1002.
    function enter(environment) {
        const limits = environment.limits;
        if (!limits) return;
        limits.depth++;
        if (limits.depth > limits.maxDepth) throw { code: 'U1001' };
        if ((++limits.ticks & 1023) === 0 && Date.now() > limits.deadline) throw { code: 'U1002' };
    }

    // A path of plain names read from an object (not an array) needs none of the sequence machinery: read it
    // directly, with the same answer. `expr.names` is set by `markPlainPaths`.
    function readNames(names, input) {
        let value = input;
        for (let i = 0; i < names.length; i++) {
            if (value === null || typeof value !== 'object') return undefined;
            if (Array.isArray(value) || value._jsonata_lambda || value._jsonata_function) return notPlain;
            value = value[names[i]];
        }
        if (typeof value === 'function' || (Array.isArray(value) && value.sequence)) return notPlain;
        return value;
    }
    const notPlain = {};

    function isPlain(node) {
        return !node.predicate && !node.stages && !node.group && !node.focus && !node.index && !node.tuple &&
            !node.keepArray && !node.ancestor && !node.seekingParent && !node.keepSingletonArray && !node.consarray;
    }

    // Marks each path of plain names in the tree with its names, for `readNames`.
    function markPlainPaths(node) {
        if (node === null || typeof node !== 'object') return;
        if (Array.isArray(node)) {
            node.forEach(markPlainPaths);
            return;
        }
        if (node.type === 'path' && isPlain(node) && node.steps.every((step) => step.type === 'name' && isPlain(step))) {
            node.names = node.steps.map((step) => step.value);
        }
        for (const key in node) {
            if (key !== 'names' && key !== 'signature' && node[key] !== null && typeof node[key] === 'object' && !(node[key] instanceof RegExp)) {
                markPlainPaths(node[key]);
            }
        }
    }

    function evaluate(expr, input, environment) {
        if (expr.names !== undefined && !(Array.isArray(input) && input.outerWrapper)) {
            const value = readNames(expr.names, input);
            if (value !== notPlain) return value;
        }
        const limits = environment.limits;
        if (limits) enter(environment);
        let result;
        switch (expr.type) {
            case 'path': result = evaluatePath(expr, input, environment); break;
            case 'binary': result = evaluateBinary(expr, input, environment); break;
            case 'unary': result = evaluateUnary(expr, input, environment); break;
            case 'name': result = J.lookup(input, expr.value); break;
            case 'string': case 'number': case 'value': result = expr.value; break;
            case 'wildcard': result = evaluateWildcard(expr, input); break;
            case 'descendant': result = evaluateDescendants(input); break;
            case 'parent': result = environment.lookup(expr.slot.label); break;
            case 'condition': result = evaluateCondition(expr, input, environment); break;
            case 'block': result = evaluateBlock(expr, input, environment); break;
            case 'bind': result = evaluateBind(expr, input, environment); break;
            case 'regex': result = evaluateRegex(expr); break;
            case 'function': result = evaluateFunction(expr, input, environment); break;
            case 'variable': result = evaluateVariable(expr, input, environment); break;
            case 'lambda': result = evaluateLambda(expr, input, environment); break;
            case 'partial': result = evaluatePartialApplication(expr, input, environment); break;
            case 'apply': result = evaluateApplyExpression(expr, input, environment); break;
            case 'transform': result = evaluateTransform(expr, input, environment); break;
        }
        if (expr.predicate) {
            for (let i = 0; i < expr.predicate.length; i++) result = evaluateFilter(expr.predicate[i].expr, result, environment);
        }
        if (expr.type !== 'path' && expr.group) result = evaluateGroup(expr.group, result, environment);
        if (limits) limits.depth--;
        if (result && isSequence(result) && !result.tupleStream) {
            if (expr.keepArray) result.keepSingleton = true;
            if (result.length === 0) result = undefined;
            else if (result.length === 1) result = result.keepSingleton ? result : result[0];
        }
        return result;
    }

    function evaluatePath(expr, input, environment) {
        let inputSequence = Array.isArray(input) && expr.steps[0].type !== 'variable' ? input : createSequence(input);
        let resultSequence;
        let isTupleStream = false;
        let tupleBindings;
        for (let i = 0; i < expr.steps.length; i++) {
            const step = expr.steps[i];
            if (step.tuple) isTupleStream = true;
            if (i === 0 && step.consarray) {
                resultSequence = evaluate(step, inputSequence, environment);
            } else if (isTupleStream) {
                tupleBindings = evaluateTupleStep(step, inputSequence, tupleBindings, environment);
            } else {
                resultSequence = evaluateStep(step, inputSequence, environment, i === expr.steps.length - 1);
            }
            if (!isTupleStream && (typeof resultSequence === 'undefined' || resultSequence.length === 0)) break;
            if (typeof step.focus === 'undefined') inputSequence = resultSequence;
        }
        if (isTupleStream) {
            if (expr.tuple) {
                resultSequence = tupleBindings;
            } else {
                resultSequence = createSequence();
                for (let i = 0; i < tupleBindings.length; i++) resultSequence.push(tupleBindings[i]['@']);
            }
        }
        if (expr.keepSingletonArray) {
            if (Array.isArray(resultSequence) && resultSequence.cons && !resultSequence.sequence) {
                resultSequence = createSequence(resultSequence);
            }
            resultSequence.keepSingleton = true;
        }
        if (expr.group) resultSequence = evaluateGroup(expr.group, isTupleStream ? tupleBindings : resultSequence, environment);
        return resultSequence;
    }

    function evaluateStep(expr, input, environment, lastStep) {
        if (expr.type === 'sort') {
            let sorted = evaluateSort(expr, input, environment);
            if (expr.stages) sorted = evaluateStages(expr.stages, sorted, environment);
            return sorted;
        }
        const results = createSequence();
        for (let i = 0; i < input.length; i++) {
            let res = evaluate(expr, input[i], environment);
            if (expr.stages) {
                for (let s = 0; s < expr.stages.length; s++) res = evaluateFilter(expr.stages[s].expr, res, environment);
            }
            if (typeof res !== 'undefined') results.push(res);
        }
        if (lastStep && results.length === 1 && Array.isArray(results[0]) && !isSequence(results[0])) return results[0];
        const flattened = createSequence();
        for (let i = 0; i < results.length; i++) {
            const res = results[i];
            if (!Array.isArray(res) || res.cons) {
                flattened.push(res);
            } else {
                for (let j = 0; j < res.length; j++) flattened.push(res[j]);
            }
        }
        return flattened;
    }

    function evaluateStages(stages, input, environment) {
        let result = input;
        for (let s = 0; s < stages.length; s++) {
            const stage = stages[s];
            if (stage.type === 'filter') {
                result = evaluateFilter(stage.expr, result, environment);
            } else if (stage.type === 'index') {
                for (let i = 0; i < result.length; i++) result[i][stage.value] = i;
            }
        }
        return result;
    }

    function evaluateTupleStep(expr, input, tupleBindings, environment) {
        let result;
        if (expr.type === 'sort') {
            if (tupleBindings) {
                result = evaluateSort(expr, tupleBindings, environment);
            } else {
                const sorted = evaluateSort(expr, input, environment);
                result = createSequence();
                result.tupleStream = true;
                for (let i = 0; i < sorted.length; i++) {
                    const tuple = { '@': sorted[i] };
                    tuple[expr.index] = i;
                    result.push(tuple);
                }
            }
            if (expr.stages) result = evaluateStages(expr.stages, result, environment);
            return result;
        }
        result = createSequence();
        result.tupleStream = true;
        if (tupleBindings === undefined) tupleBindings = input.map((item) => ({ '@': item }));
        for (let e = 0; e < tupleBindings.length; e++) {
            const stepEnvironment = frameFromTuple(environment, tupleBindings[e]);
            let res = evaluate(expr, tupleBindings[e]['@'], stepEnvironment);
            if (typeof res === 'undefined') continue;
            if (!Array.isArray(res)) res = [res];
            for (let b = 0; b < res.length; b++) {
                const tuple = {};
                Object.assign(tuple, tupleBindings[e]);
                if (res.tupleStream) {
                    Object.assign(tuple, res[b]);
                } else {
                    if (expr.focus) {
                        tuple[expr.focus] = res[b];
                        tuple['@'] = tupleBindings[e]['@'];
                    } else {
                        tuple['@'] = res[b];
                    }
                    if (expr.index) tuple[expr.index] = b;
                    if (expr.ancestor) tuple[expr.ancestor.label] = tupleBindings[e]['@'];
                }
                result.push(tuple);
            }
        }
        if (expr.stages) result = evaluateStages(expr.stages, result, environment);
        return result;
    }

    function evaluateFilter(predicate, input, environment) {
        let results = createSequence();
        if (input && input.tupleStream) results.tupleStream = true;
        if (!Array.isArray(input)) input = createSequence(input);
        if (predicate.type === 'number') {
            let index = Math.floor(predicate.value);
            if (index < 0) index = input.length + index;
            const item = input[index];
            if (typeof item !== 'undefined') {
                if (Array.isArray(item)) results = item;
                else results.push(item);
            }
            return results;
        }
        for (let index = 0; index < input.length; index++) {
            const item = input[index];
            let context = item;
            let env = environment;
            if (input.tupleStream) {
                context = item['@'];
                env = frameFromTuple(environment, item);
            }
            let res = evaluate(predicate, context, env);
            if (isNumeric(res)) res = [res];
            if (isArrayOfNumbers(res)) {
                res.forEach((ires) => {
                    let i = Math.floor(ires);
                    if (i < 0) i = input.length + i;
                    if (i === index) results.push(item);
                });
            } else if (J.fn.boolean(res)) {
                results.push(item);
            }
        }
        return results;
    }

    function evaluateBinary(expr, input, environment) {
        const lhs = evaluate(expr.lhs, input, environment);
        const op = expr.value;
        if (op === 'and' || op === 'or') {
            const left = boolize(lhs);
            if (op === 'and') return left && boolize(evaluate(expr.rhs, input, environment));
            return left || boolize(evaluate(expr.rhs, input, environment));
        }
        const rhs = evaluate(expr.rhs, input, environment);
        try {
            switch (op) {
                case '+': case '-': case '*': case '/': case '%': return evaluateNumeric(lhs, rhs, op);
                case '=': case '!=': return evaluateEquality(lhs, rhs, op);
                case '<': case '<=': case '>': case '>=': return evaluateComparison(lhs, rhs, op);
                case '&': return evaluateStringConcat(lhs, rhs);
                case '..': return evaluateRange(lhs, rhs);
                case 'in': return evaluateIncludes(lhs, rhs);
            }
        } catch (err) {
            err.position = expr.position;
            err.token = op;
            throw err;
        }
        return undefined;
    }

    function boolize(value) {
        const b = J.fn.boolean(value);
        return typeof b === 'undefined' ? false : b;
    }

    function evaluateNumeric(lhs, rhs, op) {
        if (typeof lhs !== 'undefined' && !isNumeric(lhs)) throw { code: 'T2001', value: lhs };
        if (typeof rhs !== 'undefined' && !isNumeric(rhs)) throw { code: 'T2002', value: rhs };
        if (typeof lhs === 'undefined' || typeof rhs === 'undefined') return undefined;
        switch (op) {
            case '+': return lhs + rhs;
            case '-': return lhs - rhs;
            case '*': return lhs * rhs;
            case '/': return lhs / rhs;
            default: return lhs % rhs;
        }
    }

    function evaluateEquality(lhs, rhs, op) {
        if (typeof lhs === 'undefined' || typeof rhs === 'undefined') return false;
        const equal = isDeepEqual(lhs, rhs);
        return op === '=' ? equal : !equal;
    }

    function evaluateComparison(lhs, rhs, op) {
        const ltype = typeof lhs;
        const rtype = typeof rhs;
        const lcomparable = ltype === 'undefined' || ltype === 'string' || ltype === 'number';
        const rcomparable = rtype === 'undefined' || rtype === 'string' || rtype === 'number';
        if (!lcomparable || !rcomparable) {
            throw { code: 'T2010', value: !(ltype === 'string' || ltype === 'number') ? lhs : rhs };
        }
        if (ltype === 'undefined' || rtype === 'undefined') return undefined;
        if (ltype !== rtype) throw { code: 'T2009', value: lhs, value2: rhs };
        switch (op) {
            case '<': return lhs < rhs;
            case '<=': return lhs <= rhs;
            case '>': return lhs > rhs;
            default: return lhs >= rhs;
        }
    }

    function evaluateIncludes(lhs, rhs) {
        if (typeof lhs === 'undefined' || typeof rhs === 'undefined') return false;
        if (!Array.isArray(rhs)) rhs = [rhs];
        for (let i = 0; i < rhs.length; i++) if (rhs[i] === lhs) return true;
        return false;
    }

    function evaluateStringConcat(lhs, rhs) {
        const left = typeof lhs === 'undefined' ? '' : J.fn.string(lhs);
        const right = typeof rhs === 'undefined' ? '' : J.fn.string(rhs);
        return left + right;
    }

    function evaluateRange(lhs, rhs) {
        if (typeof lhs !== 'undefined' && !Number.isInteger(lhs)) throw { code: 'T2003', value: lhs };
        if (typeof rhs !== 'undefined' && !Number.isInteger(rhs)) throw { code: 'T2004', value: rhs };
        if (typeof lhs === 'undefined' || typeof rhs === 'undefined') return undefined;
        if (lhs > rhs) return undefined;
        const size = rhs - lhs + 1;
        if (size > 1e7) throw { code: 'D2014', value: size };
        const result = new Array(size);
        for (let item = lhs, index = 0; item <= rhs; item++, index++) result[index] = item;
        result.sequence = true;
        return result;
    }

    function evaluateUnary(expr, input, environment) {
        switch (expr.value) {
            case '-': {
                const value = evaluate(expr.expression, input, environment);
                if (typeof value === 'undefined') return undefined;
                if (isNumeric(value)) return -value;
                throw { code: 'D1002', position: expr.position, token: expr.value, value };
            }
            case '[': {
                let result = [];
                for (let i = 0; i < expr.expressions.length; i++) {
                    const item = expr.expressions[i];
                    const value = evaluate(item, input, environment);
                    if (typeof value !== 'undefined') {
                        if (item.value === '[') result.push(value);
                        else result = J.fn.append(result, value);
                    }
                }
                if (expr.consarray) Object.defineProperty(result, 'cons', { enumerable: false, configurable: false, value: true });
                return result;
            }
            case '{':
                return evaluateGroup(expr, input, environment);
        }
        return undefined;
    }

    function flatten(value, into) {
        if (Array.isArray(value)) value.forEach((item) => flatten(item, into));
        else into.push(value);
        return into;
    }

    function evaluateWildcard(expr, input) {
        let results = createSequence();
        if (Array.isArray(input) && input.outerWrapper && input.length > 0) input = input[0];
        if (input !== null && typeof input === 'object' && !isFunction(input)) {
            Object.keys(input).forEach((key) => {
                const value = input[key];
                if (Array.isArray(value)) results = J.fn.append(results, flatten(value, []));
                else results.push(value);
            });
        }
        return results;
    }

    function evaluateDescendants(input) {
        if (typeof input === 'undefined') return undefined;
        const results = createSequence();
        const recurse = (value) => {
            if (!Array.isArray(value)) results.push(value);
            if (Array.isArray(value)) {
                value.forEach(recurse);
            } else if (value !== null && typeof value === 'object') {
                Object.keys(value).forEach((key) => recurse(value[key]));
            }
        };
        recurse(input);
        return results.length === 1 ? results[0] : results;
    }

    function evaluateCondition(expr, input, environment) {
        const condition = evaluate(expr.condition, input, environment);
        if (J.fn.boolean(condition)) return evaluate(expr.then, input, environment);
        if (typeof expr['else'] !== 'undefined') return evaluate(expr['else'], input, environment);
        return undefined;
    }

    function evaluateBlock(expr, input, environment) {
        const frame = new Frame(environment);
        let result;
        for (let i = 0; i < expr.expressions.length; i++) result = evaluate(expr.expressions[i], input, frame);
        return result;
    }

    function evaluateBind(expr, input, environment) {
        const value = evaluate(expr.rhs, input, environment);
        environment.bind(expr.lhs.value, value);
        return value;
    }

    function evaluateRegex(expr) {
        const regex = new RegExp(expr.value.source, expr.value.flags);
        const matcher = function (text, fromIndex) {
            regex.lastIndex = fromIndex || 0;
            const match = regex.exec(text);
            if (match === null) return undefined;
            const result = {
                match: match[0],
                start: match.index,
                end: match.index + match[0].length,
                groups: [],
            };
            for (let i = 1; i < match.length; i++) result.groups.push(match[i]);
            result.next = function () {
                if (regex.lastIndex >= text.length) return undefined;
                const next = matcher(text, regex.lastIndex);
                if (next && next.match === '') throw { code: 'D1004', position: expr.position, value: expr.value.source };
                return next;
            };
            return result;
        };
        return matcher;
    }

    function evaluateVariable(expr, input, environment) {
        if (expr.value === '') return input && input.outerWrapper ? input[0] : input;
        return environment.lookup(expr.value);
    }

    function evaluateSort(expr, input, environment) {
        const isTupleSort = !!input.tupleStream;
        const comparator = (a, b) => {
            let comparison = 0;
            for (let index = 0; comparison === 0 && index < expr.terms.length; index++) {
                const term = expr.terms[index];
                const aa = isTupleSort ? evaluate(term.expression, a['@'], frameFromTuple(environment, a))
                    : evaluate(term.expression, a, environment);
                const bb = isTupleSort ? evaluate(term.expression, b['@'], frameFromTuple(environment, b))
                    : evaluate(term.expression, b, environment);
                const atype = typeof aa;
                const btype = typeof bb;
                if (atype === 'undefined') {
                    comparison = btype === 'undefined' ? 0 : 1;
                    continue;
                }
                if (btype === 'undefined') {
                    comparison = -1;
                    continue;
                }
                if (!(atype === 'string' || atype === 'number') || !(btype === 'string' || btype === 'number')) {
                    throw { code: 'T2008', position: expr.position, value: !(atype === 'string' || atype === 'number') ? aa : bb };
                }
                if (atype !== btype) throw { code: 'T2007', position: expr.position, value: aa, value2: bb };
                if (aa === bb) comparison = 0;
                else comparison = aa < bb ? -1 : 1;
                if (term.descending === true) comparison = -comparison;
            }
            return comparison === 1;
        };
        return J.mergeSort(input, comparator);
    }

    function reduceTupleStream(stream) {
        if (!Array.isArray(stream)) return stream;
        const result = {};
        Object.assign(result, stream[0]);
        for (let i = 1; i < stream.length; i++) {
            for (const name in stream[i]) result[name] = J.fn.append(result[name], stream[i][name]);
        }
        return result;
    }

    function evaluateGroup(expr, input, environment) {
        const result = {};
        const groups = {};
        const reduce = !!(input && input.tupleStream);
        if (!Array.isArray(input)) input = createSequence(input);
        if (input.length === 0) input.push(undefined);
        for (let itemIndex = 0; itemIndex < input.length; itemIndex++) {
            const item = input[itemIndex];
            const env = reduce ? frameFromTuple(environment, item) : environment;
            for (let pairIndex = 0; pairIndex < expr.lhs.length; pairIndex++) {
                const pair = expr.lhs[pairIndex];
                const key = evaluate(pair[0], reduce ? item['@'] : item, env);
                if (typeof key !== 'string' && key !== undefined) throw { code: 'T1003', position: expr.position, value: key };
                if (key === undefined) continue;
                if (Object.prototype.hasOwnProperty.call(groups, key)) {
                    if (groups[key].exprIndex !== pairIndex) throw { code: 'D1009', position: expr.position, value: key };
                    groups[key].data = J.fn.append(groups[key].data, item);
                } else {
                    groups[key] = { data: item, exprIndex: pairIndex };
                }
            }
        }
        for (const key in groups) {
            const entry = groups[key];
            let context = entry.data;
            let env = environment;
            if (reduce) {
                const tuple = reduceTupleStream(entry.data);
                context = tuple['@'];
                delete tuple['@'];
                env = frameFromTuple(environment, tuple);
            }
            const value = evaluate(expr.lhs[entry.exprIndex][1], context, env);
            if (typeof value !== 'undefined') result[key] = value;
        }
        return result;
    }

    // A JSONata function passed to a native one becomes a JavaScript function that applies it (a lambda passed to
    // a lambda stays a lambda, so that tail calls through it stay in the trampoline).
    function asNativeArgument(value, environment) {
        if (!isFunction(value)) return value;
        const closure = function () {
            return apply(value, Array.prototype.slice.call(arguments), null, environment);
        };
        closure.arity = functionArity(value);
        return closure;
    }

    function nativeArguments(args, environment) {
        for (let i = 0; i < args.length; i++) {
            if (isFunction(args[i])) return args.map((arg) => asNativeArgument(arg, environment));
        }
        return args;
    }

    function evaluateFunction(expr, input, environment, applyTo) {
        const procedure = evaluate(expr.procedure, input, environment);
        if (typeof procedure === 'undefined' && expr.procedure.type === 'path' && environment.lookup(expr.procedure.steps[0].value)) {
            throw { code: 'T1005', position: expr.position, token: expr.procedure.steps[0].value };
        }
        const args = [];
        if (typeof applyTo !== 'undefined') args.push(applyTo.context);
        for (let i = 0; i < expr.arguments.length; i++) args.push(evaluate(expr.arguments[i], input, environment));
        const name = expr.procedure.type === 'path' ? expr.procedure.steps[0].value : expr.procedure.value;
        try {
            if (procedure !== null && typeof procedure === 'object') {
                procedure.token = name;
                procedure.position = expr.position;
            }
            return apply(procedure, args, input, environment);
        } catch (err) {
            if (!err.position) err.position = expr.position;
            if (!err.token) err.token = name;
            throw err;
        }
    }

    function apply(procedure, args, input, environment) {
        let result = applyInner(procedure, args, input, environment);
        // The trampoline: a lambda's tail call comes back as a thunk, run here instead of deeper in the stack.
        while (isLambda(result) && result.thunk === true) {
            const next = evaluate(result.body.procedure, result.input, result.environment);
            if (next !== null && typeof next === 'object') {
                if (result.body.procedure.type === 'variable') next.token = result.body.procedure.value;
                next.position = result.body.procedure.position;
            }
            const nextArgs = [];
            for (let i = 0; i < result.body.arguments.length; i++) {
                nextArgs.push(evaluate(result.body.arguments[i], result.input, result.environment));
            }
            result = applyInner(next, nextArgs, input, environment);
        }
        return result;
    }

    function applyInner(procedure, args, input, environment) {
        try {
            let validated = args;
            if (procedure && procedure.signature) validated = procedure.signature.validate(args, input);
            if (isLambda(procedure)) return applyProcedure(procedure, validated);
            if (procedure && procedure._jsonata_function === true) {
                return procedure.implementation.apply({ environment, input }, nativeArguments(validated, environment));
            }
            if (typeof procedure === 'function') return procedure.apply(input, nativeArguments(validated, environment));
            throw { code: 'T1006' };
        } catch (err) {
            if (procedure && typeof procedure === 'object') {
                if (typeof err.token === 'undefined' && typeof procedure.token !== 'undefined') err.token = procedure.token;
                err.position = procedure.position;
            }
            throw err;
        }
    }

    function applyProcedure(procedure, args) {
        const env = new Frame(procedure.environment);
        procedure.arguments.forEach((param, index) => env.bind(param.value, args[index]));
        if (typeof procedure.body === 'function') {
            // A partially applied native function: its parameters come from the frame.
            const nativeArgs = procedure.nativeParameters.map((name) => asNativeArgument(env.lookup(name), env));
            return procedure.body.apply({ environment: env }, nativeArgs);
        }
        return evaluate(procedure.body, procedure.input, env);
    }

    function evaluateLambda(expr, input, environment) {
        const procedure = {
            _jsonata_lambda: true,
            input,
            environment,
            arguments: expr.arguments,
            signature: expr.signature,
            body: expr.body,
        };
        if (expr.thunk === true) procedure.thunk = true;
        return procedure;
    }

    function partialApplyProcedure(procedure, args) {
        const env = new Frame(procedure.environment);
        const unbound = [];
        procedure.arguments.forEach((param, index) => {
            const arg = args[index];
            if (arg && arg.type === 'operator' && arg.value === '?') unbound.push(param);
            else env.bind(param.value, arg);
        });
        return {
            _jsonata_lambda: true,
            input: procedure.input,
            environment: env,
            arguments: unbound,
            body: procedure.body,
            nativeParameters: procedure.nativeParameters,
        };
    }

    function partialApplyNative(native, args, environment) {
        const parameters = [];
        for (let i = 0; i < native.length; i++) parameters.push('__p' + i);
        const wrapper = {
            environment,
            arguments: parameters.map((name) => ({ type: 'variable', value: name })),
            body: native,
            nativeParameters: parameters,
        };
        return partialApplyProcedure(wrapper, args);
    }

    function evaluatePartialApplication(expr, input, environment) {
        const args = [];
        for (let i = 0; i < expr.arguments.length; i++) {
            const arg = expr.arguments[i];
            if (arg.type === 'operator' && arg.value === '?') args.push(arg);
            else args.push(evaluate(arg, input, environment));
        }
        const procedure = evaluate(expr.procedure, input, environment);
        if (typeof procedure === 'undefined' && expr.procedure.type === 'path' && environment.lookup(expr.procedure.steps[0].value)) {
            throw { code: 'T1007', position: expr.position, token: expr.procedure.steps[0].value };
        }
        if (isLambda(procedure)) return partialApplyProcedure(procedure, args);
        if (procedure && procedure._jsonata_function === true) return partialApplyNative(procedure.implementation, args, environment);
        if (typeof procedure === 'function') return partialApplyNative(procedure, args, environment);
        throw {
            code: 'T1008', position: expr.position,
            token: expr.procedure.type === 'path' ? expr.procedure.steps[0].value : expr.procedure.value,
        };
    }

    let chainLambda;
    function evaluateApplyExpression(expr, input, environment) {
        const lhs = evaluate(expr.lhs, input, environment);
        if (expr.rhs.type === 'function') return evaluateFunction(expr.rhs, input, environment, { context: lhs });
        const func = evaluate(expr.rhs, input, environment);
        if (!isFunction(func)) throw { code: 'T2006', position: expr.position, value: func };
        if (isFunction(lhs)) {
            if (!chainLambda) chainLambda = J.parse('function($f, $g) { function($x){ $g($f($x)) } }');
            const chain = evaluate(chainLambda, null, environment);
            return apply(chain, [lhs, func], null, environment);
        }
        return apply(func, [lhs], null, environment);
    }

    function evaluateTransform(expr, input, environment) {
        const transformer = function (object) {
            if (typeof object === 'undefined') return undefined;
            const clone = environment.lookup('clone');
            if (!isFunction(clone)) throw { code: 'T2013', position: expr.position };
            const result = apply(clone, [object], null, environment);
            let matches = evaluate(expr.pattern, result, environment);
            if (typeof matches === 'undefined') return result;
            if (!Array.isArray(matches)) matches = [matches];
            for (let i = 0; i < matches.length; i++) {
                const match = matches[i];
                const update = evaluate(expr.update, match, environment);
                if (typeof update !== 'undefined') {
                    if (typeof update !== 'object' || update === null || Array.isArray(update)) {
                        throw { code: 'T2011', position: expr.update.position, value: update };
                    }
                    for (const name in update) match[name] = update[name];
                }
                if (typeof expr['delete'] !== 'undefined') {
                    let deletions = evaluate(expr['delete'], match, environment);
                    if (typeof deletions !== 'undefined') {
                        const value = deletions;
                        if (!Array.isArray(deletions)) deletions = [deletions];
                        if (!isArrayOfStrings(deletions)) throw { code: 'T2012', position: expr['delete'].position, value };
                        for (let j = 0; j < deletions.length; j++) {
                            if (typeof match === 'object' && match !== null) delete match[deletions[j]];
                        }
                    }
                }
            }
            return result;
        };
        return J.defineFunction(transformer, '<(oa):o>');
    }

    Object.assign(J, {
        createSequence, isSequence, isNumeric, isArrayOfStrings, isArrayOfNumbers, isLambda, isFunction, functionArity,
        isDeepEqual, Frame, evaluate, apply, markPlainPaths, readNames, notPlain, isPlain,
    });
})(globalThis.__jsonata || (globalThis.__jsonata = {}));

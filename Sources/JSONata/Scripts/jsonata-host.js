// What jshost's Swift side calls: JSON text in, JSON text out. Compiled expressions are kept by their text (a
// flow's mappers are evaluated again for every message). elastic.io's extensions are bound per evaluation:
// $getPassthrough(), $getFlowVariables() and $moment(…) (moment.js, loaded on first use by `loadMoment`).
(function (J) {
    'use strict';

    const compiled = new Map();
    const cacheLimit = 2000;

    function compiledExpression(source) {
        let expression = compiled.get(source);
        if (!expression) {
            expression = J.compile(source);
            expression.fast = fastEvaluator(expression.ast);
            if (compiled.size >= cacheLimit) compiled.delete(compiled.keys().next().value);
            compiled.set(source, expression);
        }
        return expression;
    }

    // A JSONata error's fields, or the engine's own resource errors as JSONata-style ones; null for anything else
    // (a defect, which is thrown on).
    J.errorFieldsOrNull = function (err) {
        if (err instanceof RangeError) {
            return J.errorFields(/call stack/i.test(err.message) ? { code: 'U1001' } : { code: 'U1004', value: err.message });
        }
        if (err && typeof err === 'object' && typeof err.code === 'string') return J.errorFields(err);
        return null;
    };

    // Most of a mapper's fields are a literal or a path of names (`customer.name`): those are read directly, with
    // the general evaluator's answer, unless the data holds an array on the way (then the evaluator runs).
    const notFast = {};
    J.notFast = notFast;
    function plain(node) {
        return !node.predicate && !node.stages && !node.group && !node.focus && !node.index && !node.tuple &&
            !node.keepArray && !node.ancestor && !node.seekingParent;
    }
    function fastEvaluator(ast) {
        if ((ast.type === 'string' || ast.type === 'number' || ast.type === 'value') && plain(ast)) {
            const value = ast.value;
            return () => value;
        }
        if (ast.type !== 'path' || !plain(ast) || ast.keepSingletonArray || !ast.steps.every((step) => step.type === 'name' && plain(step))) {
            return undefined;
        }
        const names = ast.steps.map((step) => step.value);
        return (input) => {
            let value = input;
            for (let i = 0; i < names.length; i++) {
                if (value === null || typeof value !== 'object' || Array.isArray(value)) {
                    return value === undefined || value === null || typeof value !== 'object' ? undefined : notFast;
                }
                value = value[names[i]];
            }
            if (typeof value === 'function' || (Array.isArray(value) && value.sequence)) return notFast;
            return value;
        };
    }

    function failure(err) {
        const fields = J.errorFieldsOrNull(err);
        if (!fields) throw err;
        return JSON.stringify({ error: fields });
    }

    J.messages.U1004 = 'The evaluation ran out of memory: {{value}}';

    function extensions(context) {
        return {
            getPassthrough: { implementation: () => context.passthrough, signature: '<:o>' },
            getFlowVariables: { implementation: () => context.flowVariables, signature: '<:o>' },
            moment: {
                implementation: function () {
                    const moment = J.moment || (J.moment = J.loadMoment());
                    return moment.apply(null, Array.prototype.slice.call(arguments));
                },
            },
        };
    }

    J.host = {
        compiled: compiledExpression,
        extensions,
        // null when the expression compiles, else its error as JSON.
        check(source) {
            try {
                compiledExpression(source);
                return null;
            } catch (err) {
                return failure(err);
            }
        },
        // {"value": …}, {"undefined": true} or {"error": {code, message, position, token}}.
        evaluate(source, inputJSON, bindingsJSON, contextJSON, maxDepth, timeoutMs, maxResultBytes) {
            try {
                const expression = compiledExpression(source);
                const input = inputJSON === undefined || inputJSON === null ? undefined : JSON.parse(inputJSON);
                const bindings = bindingsJSON ? JSON.parse(bindingsJSON) : undefined;
                const context = contextJSON ? JSON.parse(contextJSON) : {};
                const result = expression.evaluate(input, bindings, {
                    maxDepth, timeoutMs, extensions: extensions(context),
                });
                const text = result === undefined || J.isFunction(result) ? undefined : JSON.stringify(result);
                if (text === undefined) return '{"undefined":true}';
                if (maxResultBytes > 0 && text.length > maxResultBytes) {
                    return JSON.stringify({ error: J.errorFields({ code: 'U1003', value: maxResultBytes }) });
                }
                return '{"value":' + text + '}';
            } catch (err) {
                return failure(err);
            }
        },
    };
})(globalThis.__jsonata || (globalThis.__jsonata = {}));

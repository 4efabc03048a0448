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

    // Most of a mapper's fields are a literal or a path of names (`customer.name`): those are answered without a
    // scope to evaluate in (a path by the evaluator's own direct read, unless the data holds an array on the way).
    const notFast = J.notPlain;
    J.notFast = notFast;
    function fastEvaluator(ast) {
        if ((ast.type === 'string' || ast.type === 'number' || ast.type === 'value') && J.isPlain(ast)) {
            const value = ast.value;
            return () => value;
        }
        if (ast.names !== undefined) {
            const names = ast.names;
            return (input) => J.readNames(names, input);
        }
        return undefined;
    }

    function failure(err) {
        const fields = J.errorFieldsOrNull(err);
        if (!fields) throw err;
        return JSON.stringify({ error: fields });
    }

    function extensions(context) {
        return {
            getPassthrough: { implementation: () => context.passthrough, signature: '<:o>' },
            getFlowVariables: { implementation: () => context.flowVariables, signature: '<:o>' },
            moment: {
                implementation: function () {
                    if (!J.moment) {
                        const loaded = J.loadMoment();
                        if (typeof loaded === 'string') throw { code: 'U1005', value: loaded };
                        J.moment = loaded;
                    }
                    return J.moment.apply(null, Array.prototype.slice.call(arguments));
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

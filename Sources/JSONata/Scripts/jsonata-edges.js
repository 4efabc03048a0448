// A flow's edges as elastic.io's platform runs them: the content-based router (every edge whose condition holds
// gets a copy; an edge without a condition is the default, taken only when no condition held; a step without
// conditional edges sends to all) and the data mapper (a JSON document whose string leaves are JSONata
// expressions, or one expression; a leaf that yields undefined is left out). Conditions and mappers read the
// message's body, with $getPassthrough() and $getFlowVariables().
(function (J) {
    'use strict';

    // Thrown for a condition or mapper that failed: where (the edge's JSON path and the field), the expression,
    // and JSONata's error.
    function edgeFailure(err, expression, path) {
        const fields = J.errorFieldsOrNull(err);
        if (!fields) throw err;
        return Object.assign({ name: 'JSONataError', expression, path }, fields);
    }

    function evaluateLeaf(source, path, body, options) {
        try {
            const expression = J.host.compiled(source);
            if (expression.fast) {
                const value = expression.fast(body);
                if (value !== J.notFast) return value;
            }
            return expression.evaluate(body, undefined, options);
        } catch (err) {
            throw { edgeFailure: edgeFailure(err, source, path) };
        }
    }

    function mapTemplate(template, path, body, options) {
        if (typeof template === 'string') return evaluateLeaf(template, path, body, options);
        if (Array.isArray(template)) {
            const items = [];
            template.forEach((item, index) => {
                const value = mapTemplate(item, path + '[' + index + ']', body, options);
                if (value !== undefined) items.push(value);
            });
            return items;
        }
        if (template !== null && typeof template === 'object') {
            const result = {};
            for (const name of Object.keys(template)) {
                const value = mapTemplate(template[name], path + '.' + name, body, options);
                if (value !== undefined && !J.isFunction(value)) result[name] = value;
            }
            return result;
        }
        return template;
    }

    // Every expression of a route, for checking up front: [{path, expression}].
    function expressionsOf(route) {
        const found = [];
        if (typeof route.condition === 'string') found.push({ path: route.path + '.config.condition', expression: route.condition });
        const walk = (template, path) => {
            if (typeof template === 'string') found.push({ path, expression: template });
            else if (Array.isArray(template)) template.forEach((item, index) => walk(item, path + '[' + index + ']'));
            else if (template !== null && typeof template === 'object') Object.keys(template).forEach((name) => walk(template[name], path + '.' + name));
        };
        if (route.mapper !== undefined && route.mapper !== null) walk(route.mapper, route.path + '.config.mapper');
        return found;
    }

    // A step's routes and its flow's variables are the same for each of its messages: parsed once.
    let lastRoutesJSON;
    let lastRoutes;
    let lastVariablesJSON;
    let lastVariables;

    // One message over a step's routes: the router's rules, then each chosen route's mapper.
    function routeOne(routes, message, flowVariables, maxDepth, timeoutMs, maxResultBytes) {
        const extensions = J.host.extensions({
            passthrough: message.passthrough !== undefined ? message.passthrough : {},
            flowVariables,
        });
        const options = { context: J.context({ maxDepth, deadline: Date.now() + timeoutMs, extensions }) };
        const body = message.body;
        const deliveries = [];
        const chosen = [];
        const conditional = routes.some((route) => typeof route.condition === 'string');
        if (!conditional) {
            routes.forEach((route, index) => chosen.push(index));
        } else {
            let matched = false;
            routes.forEach((route, index) => {
                if (typeof route.condition !== 'string') return;
                try {
                    const holds = J.fn.boolean(evaluateLeaf(route.condition, route.path + '.config.condition', body, options));
                    if (holds === true) {
                        matched = true;
                        chosen.push(index);
                    }
                } catch (err) {
                    if (!err.edgeFailure) throw err;
                    matched = true;
                    deliveries.push({ route: index, error: err.edgeFailure });
                }
            });
            if (!matched) {
                const fallback = routes.findIndex((route) => typeof route.condition !== 'string');
                if (fallback !== -1) chosen.push(fallback);
            }
        }
        chosen.forEach((index) => {
            const route = routes[index];
            if (route.mapper === undefined || route.mapper === null) {
                deliveries.push({ route: index, message });
                return;
            }
            try {
                let mapped = mapTemplate(route.mapper, route.path + '.config.mapper', body, options);
                if (mapped === undefined) mapped = {};
                const text = JSON.stringify(mapped);
                if (maxResultBytes > 0 && text.length > maxResultBytes) {
                    throw { edgeFailure: edgeFailure({ code: 'U1003', value: maxResultBytes }, JSON.stringify(route.mapper), route.path + '.config.mapper') };
                }
                deliveries.push({ route: index, message: Object.assign({}, message, { body: mapped }) });
            } catch (err) {
                if (!err.edgeFailure) throw err;
                deliveries.push({ route: index, error: err.edgeFailure });
            }
        });
        deliveries.sort((a, b) => a.route - b.route);
        return deliveries;
    }

    J.edges = {
        // The syntax errors of the routes' expressions, as JSON: [{path, expression, code, message, position, token}].
        check(routesJSON) {
            const problems = [];
            JSON.parse(routesJSON).forEach((route) => {
                expressionsOf(route).forEach(({ path, expression }) => {
                    try {
                        J.host.compiled(expression);
                    } catch (err) {
                        problems.push(Object.assign({ path, expression }, J.errorFields(err)));
                    }
                });
            });
            return JSON.stringify(problems);
        },

        // Where each of a step's messages goes over its routes, in one call into the engine (JavaScriptCore pays for
        // each call in, and recomputes its time zone after each). `messagesJSON` is a JSON array of messages; one
        // line a delivery (JSON text holds no raw line break): `M <message> <edge> <message>`,
        // `E <message> <edge> <error>`, or `U <message>` when a message goes nowhere.
        route(routesJSON, messagesJSON, flowVariablesJSON, maxDepth, timeoutMs, maxResultBytes) {
            if (routesJSON !== lastRoutesJSON) {
                lastRoutes = JSON.parse(routesJSON);
                lastRoutesJSON = routesJSON;
            }
            if (flowVariablesJSON !== lastVariablesJSON) {
                lastVariables = flowVariablesJSON ? JSON.parse(flowVariablesJSON) : {};
                lastVariablesJSON = flowVariablesJSON;
            }
            const lines = [];
            JSON.parse(messagesJSON).forEach((message, index) => {
                const deliveries = routeOne(lastRoutes, message, lastVariables, maxDepth, timeoutMs, maxResultBytes);
                if (deliveries.length === 0 && lastRoutes.length > 0) lines.push('U ' + index);
                deliveries.forEach((d) => lines.push(d.error ? 'E ' + index + ' ' + d.route + ' ' + JSON.stringify(d.error)
                    : 'M ' + index + ' ' + d.route + ' ' + JSON.stringify(d.message)));
            });
            return lines.join('\n');
        },
    };
})(globalThis.__jsonata || (globalThis.__jsonata = {}));

import Foundation
import JSEngine
import JSONata

func callTimings() throws {
    let engine = JSEngine()
    for name in ["lexer", "parser", "signature", "evaluator", "functions", "datetime", "number-format", "api", "host", "edges"] {
        let source = try String(contentsOfFile: "Sources/JSONata/Scripts/jsonata-\(name).js", encoding: .utf8)
        try engine.evaluate(source, sourceURL: name)
    }
    let loop = try engine.evaluate("""
        (function () {
          const J = globalThis.__jsonata;
          const routes = JSON.stringify([{target:'n', path:'p', mapper:{a:"'x'"}}]);
          const msg = JSON.stringify({id:'x',attachments:{},body:{id: 5, firstName: 'Ada', lastName: 'Lovelace5', email: 'ADA5@EXAMPLE.ORG', items: [{ price: 2.5, quantity: 3 }, { price: 10, quantity: 1 }], tags: ['a', 'internal', 'b']},headers:{},metadata:{},passthrough:{step_1:{body:{}}}});
          const time = (label, f) => { for (let i = 0; i < 5000; i++) f(); const t = Date.now(); for (let i = 0; i < 50000; i++) f(); return label + ' ' + ((Date.now() - t) * 1000 / 50000).toFixed(2); };
          return [
            time('route literal', () => J.edges.route(routes, msg, '{}', 2000, 1000, 1e7)),
            time('JSON.parse msg', () => JSON.parse(msg)),
            time('context', () => J.context({ maxDepth: 2000, deadline: 1e15, extensions: J.host.extensions({}) })),
            time('stringify', () => JSON.stringify({ route: 0, message: JSON.parse(msg) })),
          ].join('; ');
        })()
        """, sourceURL: "loop")
    print(loop.toString())
    _ = try engine.evaluate(try String(contentsOfFile: "/usr/share/nodejs/moment/moment.js", encoding: .utf8), sourceURL: "moment")
    print(try engine.evaluate("""
        (function () { const m = globalThis.moment; for (let i = 0; i < 2000; i++) m('2026-12-07T10:00:00Z').format('YYYY-MM-DD');
          let t = Date.now(); for (let i = 0; i < 20000; i++) m('2026-12-07T10:00:00Z').format('YYYY-MM-DD');
          const a = (Date.now() - t) * 1000 / 20000;
          t = Date.now(); for (let i = 0; i < 20000; i++) new Date(2026, 11, 7, 10).getTime();
          const b = (Date.now() - t) * 1000 / 20000;
          return 'moment in one call ' + a.toFixed(2) + ' µs; local Date ' + b.toFixed(3) + ' µs'; })()
        """, sourceURL: "m").toString())
    let once = try engine.evaluate("(function () { return globalThis.moment('2026-12-07T10:00:00Z').format('YYYY-MM-DD'); })", sourceURL: "m").protect()
    let localDate = try engine.evaluate("(function () { return String(new Date(2026, 11, 7, 10).getTime()); })", sourceURL: "m").protect()
    for (label, function) in [("moment, a call each", once), ("local Date, a call each", localDate)] {
        let started = ContinuousClock.now
        for _ in 0..<20000 { _ = try function.value.call([]).toString() }
        let elapsed = ContinuousClock.now - started
        print(label, (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / 20000)
    }
    let route = try engine.evaluate("globalThis.__jsonata.edges.route", sourceURL: "r").protect()
    let routes = #"[{"target":"n","path":"p","mapper":{"a":"'x'"}}]"#
    let message = #"{"id":"x","attachments":{},"body":{"id":5},"headers":{},"metadata":{}}"#
    for armed in [false, true, false, true] {
        let count = 20000
        let started = ContinuousClock.now
        for _ in 0..<count {
            if armed { engine.deadline = ContinuousClock.now + .seconds(1) }
            _ = try route.value.call([engine.string(routes), engine.string(message), engine.string("{}"), engine.number(2000), engine.number(1000), engine.number(1e7)]).toString()
            engine.deadline = nil
        }
        let elapsed = ContinuousClock.now - started
        print("route call, watchdog \(armed)", (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(count))
    }
    let jsonata = try JSONataEngine()
    let edges = [FlowEdge(target: "n", mapperJSON: #"{"a":"'x'"}"#, path: "p")]
    for round in 0..<3 {
        let count = 20000
        var started = ContinuousClock.now
        for _ in 0..<count { _ = try jsonata.route(message, over: edges, flowVariablesJSON: "{}") }
        var elapsed = ContinuousClock.now - started
        print("JSONataEngine.route \(round)", (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(count))
        started = ContinuousClock.now
        for _ in 0..<count { _ = try jsonata.evaluate("'x'", inputJSON: message) }
        elapsed = ContinuousClock.now - started
        print("JSONataEngine.evaluate \(round)", (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(count))
    }
    let noop = try engine.evaluate("(function (a, b) { return 'x'; })", sourceURL: "x").protect()
    let date = try engine.evaluate("(function (a, b) { return String(Date.now()); })", sourceURL: "x").protect()
    let big = String(repeating: "y", count: 2000)
    for (label, function, argument, deadline) in [("noop", noop, "a", false), ("noop 2KB", noop, big, false), ("noop deadline", noop, "a", true), ("Date.now", date, "a", false)] {
        let count = 50000
        let started = ContinuousClock.now
        for _ in 0..<count {
            if deadline { engine.deadline = ContinuousClock.now + .seconds(1) }
            _ = try function.value.call([engine.string(argument), engine.string("b")]).toString()
            engine.deadline = nil
        }
        let elapsed = ContinuousClock.now - started
        print(label, (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(count))
    }
}

/// Where one message's time over an edge goes: a mapper of one literal (the call's own cost), one path, J1's
/// twenty fields with and without `$moment`, and `$moment` alone. Prints one JSON object of microseconds.
func routeTimings() throws {
    let message = #"{"id":"x","attachments":{},"body":{"id":5,"firstName":"Ada","lastName":"Lovelace5","email":"ADA5@EXAMPLE.ORG","items":[{"price":2.5,"quantity":3},{"price":10,"quantity":1}],"tags":["a","internal","b"]},"headers":{},"metadata":{},"passthrough":{"step_1":{"body":{}}}}"#
    let fields = [
        #""id":"id""#, #""firstName":"firstName""#, #""lastName":"lastName""#, #""email":"$lowercase(email)""#, #""items":"items""#,
        #""tags":"tags""#, #""fullName":"firstName & ' ' & lastName""#, #""initials":"$substring(firstName, 0, 1) & $substring(lastName, 0, 1)""#,
        #""domain":"$substringAfter(email, '@')""#, #""itemCount":"$count(items)""#, #""total":"$sum(items.(price * quantity))""#,
        #""maxPrice":"$max(items.price)""#, #""tagList":"$join(tags, ',')""#, #""publicTags":"tags[$ != 'internal']""#,
        #""isLarge":"$sum(items.(price * quantity)) > 20""#, #""upper":"$uppercase(lastName)""#, #""padded":"$pad($string(id), 8, '0')""#,
        #""source":"'burst'""#, #""version":"2""#,
    ]
    let moment = #""day":"$moment('2026-12-07T10:00:00Z').format('YYYY-MM-DD')""#
    let mappers = [
        ("literal", #"{"a":"'x'"}"#), ("path", #"{"a":"id"}"#), ("moment", "{\(moment)}"),
        ("nineteen", "{" + fields.joined(separator: ",") + "}"), ("twenty", "{" + (fields + [moment]).joined(separator: ",") + "}"),
    ]
    let engine = try JSONataEngine()
    var results: [String] = []
    for (label, mapper) in mappers {
        let edges = [FlowEdge(target: "next", mapperJSON: mapper, path: "graph.edges[0]")]
        for _ in 0..<2000 { _ = try engine.route(message, over: edges, flowVariablesJSON: "{}") }
        let count = 20000
        let started = ContinuousClock.now
        for _ in 0..<count { _ = try engine.route(message, over: edges, flowVariablesJSON: "{}") }
        let elapsed = ContinuousClock.now - started
        let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(count)
        results.append(#""\#(label)":\#((micros * 100).rounded() / 100)"#)
    }
    // As a service's worker routes a group of 64 messages: one call for all.
    let edges = [FlowEdge(target: "next", mapperJSON: mappers[4].1, path: "graph.edges[0]")]
    let group = Array(repeating: message, count: 64)
    for _ in 0..<40 { _ = try engine.route(group, over: edges, flowVariablesJSON: "{}") }
    let started = ContinuousClock.now
    for _ in 0..<400 { _ = try engine.route(group, over: edges, flowVariablesJSON: "{}") }
    let elapsed = ContinuousClock.now - started
    let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(400 * 64)
    results.append(#""twenty, 64 a call":\#((micros * 100).rounded() / 100)"#)
    print("{" + results.joined(separator: ",") + "}")
}

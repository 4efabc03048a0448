import Foundation
import JSONata
import Testing

/// What jshost adds around JSONata: its limits, elastic.io's extensions, errors with a caret, and edges.
@Suite struct JSONataEngineTests {
    @Test func aRunawayRecursionIsStoppedByTheDepthLimit() throws {
        let engine = try JSONataEngine(limits: JSONataLimits(timeout: .seconds(10), maxDepth: 500))
        #expect(throws: JSONataError.self) { try engine.evaluate("($f := function($x){ $x + $f($x) }; $f(1))", inputJSON: nil) }
        do {
            _ = try engine.evaluate("($f := function($x){ $x + $f($x) }; $f(1))", inputJSON: nil)
        } catch {
            #expect(error.code == "U1001")
        }
        #expect(try engine.evaluate("$count([1..100000])", inputJSON: nil) == "100000", "deep data is not deep evaluation")
    }

    @Test func aRunawayLoopIsStoppedByTheTimeLimit() throws {
        let engine = try JSONataEngine(limits: JSONataLimits(timeout: .milliseconds(300)))
        let started = ContinuousClock.now
        var code: String?
        do {
            _ = try engine.evaluate("(function($f){$f($f)})(function($f){$f($f)})", inputJSON: nil)
        } catch {
            code = error.code
        }
        #expect(code == "U1002")
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(try engine.evaluate("1 + 1", inputJSON: nil) == "2", "the engine goes on after a stopped evaluation")
    }

    @Test func aResultLargerThanTheLimitIsRefused() throws {
        let engine = try JSONataEngine(limits: JSONataLimits(maxResultBytes: 1000))
        var code: String?
        do {
            _ = try engine.evaluate("[1..1000]", inputJSON: nil)
        } catch {
            code = error.code
        }
        #expect(code == "U1003")
    }

    @Test func elasticiosExtensionsAnswerFromTheContext() throws {
        let engine = try JSONataEngine()
        let context = JSONataContext(passthroughJSON: #"{"step_1":{"body":{"id":7}}}"#, flowVariablesJSON: #"{"env":"prod"}"#)
        #expect(try engine.evaluate("$getPassthrough().step_1.body.id & '-' & $getFlowVariables().env", inputJSON: "{}", context: context) == #""7-prod""#)
        #expect(try engine.evaluate(#"$moment("2026-01-31T12:00:00Z").utc().add(1, "months").format("YYYY-MM-DD HH:mm")"#, inputJSON: nil) == #""2026-02-28 12:00""#)
        #expect(try engine.evaluate(#"$moment("05.03.2026", "DD.MM.YYYY").utcOffset(120).format("dddd, MMMM Do YYYY")"#, inputJSON: nil) != nil)
    }

    @Test func anErrorPointsAtItsToken() throws {
        let engine = try JSONataEngine()
        let error = try #require(engine.syntaxError(in: "Price * (Quantity"))
        #expect(error.code == "S0203")
        #expect(error.pointer(in: "Price * (Quantity") == "Price * (Quantity\n                 ^")
        let type = try #require(engine.syntaxError(in: "a.b[") )
        #expect(type.isSyntaxError)
        #expect(engine.syntaxError(in: "$sum(a.b)") == nil)
        var thrown: JSONataError?
        do { _ = try engine.evaluate(#""a" + 1"#, inputJSON: nil) } catch { thrown = error }
        #expect(thrown?.code == "T2001")
        #expect(thrown?.pointer(in: #""a" + 1"#) == "\"a\" + 1\n    ^")
    }

    @Test func edgesRouteByConditionThenTheDefaultAndMapTheBody() throws {
        let engine = try JSONataEngine()
        let edges = [
            FlowEdge(target: "big", condition: "amount > 100", mapperJSON: #"{"size":"\"big\"","amount":"amount","missing":"nothing"}"#, path: "graph.edges[0]"),
            FlowEdge(target: "red", condition: "colour = 'red'", path: "graph.edges[1]"),
            FlowEdge(target: "other", mapperJSON: #""{'size': 'other'}""#, path: "graph.edges[2]"),
        ]
        func targets(_ body: String) throws -> [String] {
            try engine.route(#"{"body":\#(body)}"#, over: edges, flowVariablesJSON: nil).deliveries.map { edges[$0.edge].target }
        }
        #expect(try targets(#"{"amount":500,"colour":"red"}"#) == ["big", "red"], "every edge whose condition holds")
        #expect(try targets(#"{"amount":5}"#) == ["other"], "the default edge when none holds")
        let big = try engine.route(#"{"body":{"amount":500},"headers":{"h":1}}"#, over: edges, flowVariablesJSON: nil)
        #expect(try big.deliveries[0].result.get() == #"{"body":{"size":"big","amount":500},"headers":{"h":1}}"#)
        let noDefault = try engine.route(#"{"body":{"amount":5}}"#, over: Array(edges.prefix(2)), flowVariablesJSON: nil)
        #expect(noDefault.unrouted && noDefault.deliveries.isEmpty)
        let failing = try engine.route(#"{"body":{"amount":"lots"}}"#, over: edges, flowVariablesJSON: nil)
        guard case .failure(let error)? = failing.deliveries.first?.result else { Issue.record("no failure"); return }
        #expect(error.code == "T2009", "a string compared with a number")
        #expect(error.path == "graph.edges[0].config.condition")
        // Many messages in one go, over several calls into the engine: each routed as it would be alone.
        let bodies = (0..<150).map { #"{"body":{"amount":\#($0 % 3 == 0 ? 500 : 5)}}"# }
        let together = try engine.route(bodies, over: Array(edges.prefix(2)), flowVariablesJSON: nil)
        #expect(together.count == 150)
        #expect(together.filter(\.unrouted).count == 100)
        #expect(together.enumerated().allSatisfy { index, routing in routing.unrouted == (index % 3 != 0) })
        #expect(try together[3].deliveries.first?.result.get() == #"{"body":{"size":"big","amount":500}}"#)
        let problems = try engine.check(edges: [FlowEdge(target: "x", condition: "a =", mapperJSON: #"{"f":{"g":"$sum("}}"#, path: "graph.edges[4]")])
        #expect(problems.map(\.path) == ["graph.edges[4].config.condition", "graph.edges[4].config.mapper.f.g"])
    }
}

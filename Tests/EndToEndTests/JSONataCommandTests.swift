import Foundation
import Testing

/// `jshost jsonata` as a developer tries expressions, and `jshost flow run` on the samples with mappers and a router.
@Suite struct JSONataCommandTests {
    @Test func anExpressionIsEvaluatedAgainstItsInput() throws {
        let workspace = try Workspace()
        try workspace.write("order.json", #"{"lines":[{"price":2.5,"quantity":4},{"price":1,"quantity":3}],"at":"2026-12-07T09:30:00Z"}"#)
        let input = workspace.root + "/order.json"
        let sum = try workspace.jshost(["jsonata", "$sum(lines.(price * quantity)) * $rate", "--input", input, "--bindings", #"{"rate":2}"#])
        #expect(sum.status == 0, "\(sum.stderr)")
        #expect(sum.stdout == "26\n")
        let date = try workspace.jshost(["jsonata", #"$moment(at).format("HH:mm") & " " & $fromMillis($toMillis(at), "[D01].[M01].[Y]")"#, "--input", input])
        #expect(date.stdout == #""09:30 07.12.2026""# + "\n", "\(date.stderr)")
        let nothing = try workspace.jshost(["jsonata", "missing.field", "--input", input])
        #expect(nothing.status == 0 && nothing.stdout.isEmpty, "undefined prints nothing")
    }

    @Test func errorsShowTheirCodeAndACaret() throws {
        let workspace = try Workspace()
        let syntax = try workspace.jshost(["jsonata", "lines[0].price +"])
        #expect(syntax.status == 2)
        #expect(syntax.stderr.contains("S0207"), "\(syntax.stderr)")
        #expect(syntax.stderr.contains("lines[0].price +\n                ^"), "\(syntax.stderr)")
        let type = try workspace.jshost(["jsonata", #"'a' - 1"#])
        #expect(type.status == 1)
        #expect(type.stderr.contains("T2001 at 5: The left side of the - operator must evaluate to a number"), "\(type.stderr)")
        let spin = try workspace.jshost(["jsonata", "(function($f){$f($f)})(function($f){$f($f)})", "--timeout", "0.3"])
        #expect(spin.status == 1)
        #expect(spin.stderr.contains("U1002"), "\(spin.stderr)")
    }

    @Test func theSampleFlowsMapAndRouteOnAFlowRun() throws {
        let workspace = try Workspace()
        let order = #"{"body":{"id":42,"customer":{"name":"Ada"},"lines":[{"price":10,"quantity":2},{"price":5.5,"quantity":4}],"placedAt":"2026-12-01T10:00:00Z"},"method":"POST"}"#
        let mapped = try workspace.jshost(["flow", "run", "examples/flows/map-order.json", "--msg", order, "--variables", #"{"currency":"USD"}"#])
        #expect(mapped.status == 0, "\(mapped.stdout)\(mapped.stderr)")
        let received = try #require(mapped.stdout.split(separator: "\n").first { $0.contains(#""event":"mapped""#) })
        #expect(received.contains(#""body":{"orderId":"42","customer":"ADA","items":2,"net":42,"gross":49.98,"currency":"USD","status":"received","receivedOn":"2026-12-01","method":"POST"}"#),
                "flow variables from --variables replace the flow's own; a field whose expression is undefined is left out: \(received)")

        for (body, step) in [(#"{"id":1,"lines":[{"price":600,"quantity":2}]}"#, "large"), (#"{"id":2,"shipping":"express","lines":[]}"#, "express"),
                             (#"{"id":3,"lines":[]}"#, "standard")] {
            let routed = try workspace.jshost(["flow", "run", "examples/flows/route-order.json", "--msg", #"{"body":\#(body)}"#])
            #expect(routed.status == 0, "\(routed.stderr)")
            let steps = Set(routed.stdout.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["step"] as? String
            })
            #expect(steps == ["step_1", "router", step], "\(body) went to \(steps)")
        }

        let failing = try workspace.jshost(["flow", "run", "examples/flows/map-order.json", "--msg", #"{"body":{"id":1,"lines":[{"price":"ten","quantity":1}]}}"#])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains(#"{"step":"step_2","event":"error","data":{"name":"JSONataError","#), "\(failing.stdout)")
        #expect(failing.stdout.contains(#""code":"T2001""#))
    }
}

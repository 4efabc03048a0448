import Foundation
import Testing

/// Flows exported from elastic.io, with JSONata on their edges, on `jshost serve`: the router's conditions and
/// default edge, mappers with flow variables, passthrough and $moment, a failing mapper as its step's error,
/// expressions checked before a flow is served, and a hostile expression stopped while other flows run on.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ServeMapperTests {
    func snapshot(_ workspace: Workspace, _ flow: String, _ step: String) throws -> [String: Any]? {
        try workspace.storedSnapshot(flow: flow, step: step)
    }

    /// `record:take` passes a webhook's body on; `record:keep` keeps every body it receives in its snapshot and
    /// passes it on.
    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.write("components/record/component.json", #"""
            {"title":"record","triggers":{"take":{"main":"./take.js"}},"actions":{"keep":{"main":"./keep.js"}}}
            """#)
        try workspace.write("components/record/take.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        try workspace.write("components/record/keep.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.received = (snapshot.received || []).concat([msg.body]);
              await this.emit('snapshot', snapshot);
              return { body: msg.body };
            };
            """)
        try workspace.echoFlow()
        return workspace
    }

    /// An exported flow's shape: webhook → router → three mapped branches (two conditions and the default) →
    /// a reply, and an error handler.
    func ordersFlow(_ workspace: Workspace) throws {
        let webhook = "\(Binary.packageRoot)/components/webhook:receive"
        let reply = "\(Binary.packageRoot)/components/http-reply:reply"
        try workspace.write("flows/orders.json", #"""
            {"data":{"type":"flow","id":"orders","attributes":{"name":"orders","status":"active","type":"ordinary",
             "variables":{"currency":"EUR","desk":"north"},
             "graph":{
              "nodes":[
               {"id":"step_1","command":"\#(webhook)","name":"Webhook","fields":{}},
               {"id":"step_2","command":"elasticio/router:route@latest","name":"Router","fields":{}},
               {"id":"step_3","command":"../components/record:keep","name":"Large"},
               {"id":"step_4","command":"../components/record:keep","name":"Express"},
               {"id":"step_5","command":"../components/record:keep","name":"Standard"},
               {"id":"step_6","command":"\#(reply)","name":"Reply","fields":{"statusCode":200}},
               {"id":"errors","command":"../components/record:keep","name":"Errors","error":true}
              ],
              "edges":[
               {"source":"step_1","target":"step_2"},
               {"id":"e_large","source":"step_2","target":"step_3","config":{
                 "condition":"$sum(lines.(price * quantity)) >= 1000",
                 "mapper":{"route":"\"large\"","orderId":"$string(id)","total":"$sum(lines.(price * quantity))",
                           "currency":"$getFlowVariables().currency","placed":"$moment(placedAt).format(\"DD.MM.YYYY\")",
                           "method":"$getPassthrough().step_1.body._method","customer":{"name":"$uppercase(customer.name)","vip":"customer.vip"}}}},
               {"id":"e_express","source":"step_2","target":"step_4","config":{
                 "condition":"shipping = \"express\"",
                 "mapper":{"route":"\"express\"","orderId":"$string(id)","items":"$count(lines)"}}},
               {"id":"e_default","source":"step_2","target":"step_5","config":{
                 "mapper":"{\"route\": \"standard\", \"orderId\": $string(id), \"desk\": $getFlowVariables().desk}"}},
               {"source":"step_3","target":"step_6"},{"source":"step_4","target":"step_6"},{"source":"step_5","target":"step_6"},
               {"source":"errors","target":"error_all"}
              ]},
             "nodes_config":{}}}}
            """#)
    }

    @Test func anExportedFlowRoutesAndMapsEachMessageAsThePlatformDoes() async throws {
        let workspace = try workspace()
        try ordersFlow(workspace)
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--webhook-timeout", "10"])

        let large = try await service.post("/hook/orders", json: #"""
            {"id":1,"placedAt":"2026-03-04T10:00:00Z","customer":{"name":"Ada","vip":true},"lines":[{"price":600,"quantity":2}]}
            """#)
        #expect(large.status == 200, "\(large.text)\n\(service.stderr)")
        #expect(large.text == #"{"route":"large","orderId":"1","total":1200,"currency":"EUR","placed":"04.03.2026","method":"POST","customer":{"name":"ADA","vip":true}}"#)

        let express = try await service.post("/hook/orders", json: #"{"id":2,"shipping":"express","lines":[{"price":5,"quantity":1}]}"#)
        #expect(express.status == 200, "\(express.text)")
        #expect(express.text == #"{"route":"express","orderId":"2","items":1}"#)

        let standard = try await service.post("/hook/orders", json: #"{"id":3,"lines":[]}"#)
        #expect(standard.status == 200, "\(standard.text)")
        #expect(standard.text == #"{"route":"standard","orderId":"3","desk":"north"}"#)

        // What each step received: the large branch only the large order, mapped; a missing field left out.
        let largeStep = try #require(try snapshot(workspace, "orders", "step_3"))
        #expect((largeStep["received"] as? [[String: Any]])?.map { $0["orderId"] as? String } == ["1"])
        let expressStep = try #require(try snapshot(workspace, "orders", "step_4")?["received"] as? [[String: Any]])
        #expect(expressStep.map { $0["orderId"] as? String } == ["2"] && expressStep[0]["route"] as? String == "express",
                "the express branch only the express order")
        let standardStep = try #require(try snapshot(workspace, "orders", "step_5")?["received"] as? [[String: Any]])
        #expect(standardStep.map { $0["orderId"] as? String } == ["3"], "the default edge takes only what no condition took")
        #expect(try snapshot(workspace, "orders", "errors") == nil)

        // The API's run list shows the message the mapper made for the step.
        let runs = try await service.control("GET", "/v2/flows/orders/steps/step_5/runs")
        let run = try #require((runs.json?["data"] as? [[String: Any]])?.first?["attributes"] as? [String: Any], "\(runs.text)")
        #expect(((run["received"] as? [String: Any])?["body"] as? [String: Any])?["desk"] as? String == "north", "\(runs.text)")
    }

    @Test func aFailingMapperIsItsStepsErrorAndTheFlowsErrorHandlerGetsIt() async throws {
        let workspace = try workspace()
        try workspace.write("flows/strict.json", ServeWebhookTests.flow("strict",
            nodes: #"[{"id":"step_1","command":"../components/record:take"},{"id":"step_2","command":"../components/record:keep"},"#
                + #"{"id":"errors","command":"../components/record:keep","error":true}]"#,
            edges: #"[{"source":"step_1","target":"step_2","config":{"mapper":{"n":"$number(code)","code":"code"}}},"#
                + #"{"source":"errors","target":"error_all"}]"#))
        let service = try await RunningService(workspace, folder: "flows", arguments: ["--webhook-timeout", "10"])
        let good = try await service.post("/hook/strict", json: #"{"code":"42"}"#)
        #expect(good.status == 200, "\(good.text)\n\(service.stderr)")
        let bad = try await service.post("/hook/strict", json: #"{"code":"forty-two"}"#)
        #expect(bad.status == 500, "\(bad.text)")
        let error = (bad.json?["error"] as? [String: Any])
        #expect(error?["code"] as? String == "D3030", "\(bad.text)")
        #expect(error?["path"] as? String == "graph.edges[0].config.mapper.n")
        #expect(error?["expression"] as? String == "$number(code)")

        let ran = try #require(try snapshot(workspace, "strict", "step_2")?["received"] as? [[String: Any]])
        #expect(ran.count == 1, "the step ran only the message whose mapping worked; its snapshot stayed as it was")
        #expect(ran.first?["n"] as? Int == 42)
        // The error handler runs after the step's failed run is committed, and the caller has its answer by then.
        #expect(try await eventually { try snapshot(workspace, "strict", "errors") != nil })
        let handled = try #require(try snapshot(workspace, "strict", "errors")?["received"] as? [[String: Any]])
        #expect(handled.count == 1)
        #expect((handled.first?["error"] as? [String: Any])?["code"] as? String == "D3030")
        #expect(((handled.first?["errorInput"] as? [String: Any])?["body"] as? [String: Any])?["code"] as? String == "forty-two")
        // Consumed, not retried: nothing is left queued for the step.
        let runs = try await service.control("GET", "/v2/flows/strict/steps/step_2/runs")
        #expect(runs.status == 200, "\(runs.text)")
        #expect(runs.text.components(separatedBy: "\"completed-with-errors\"").count - 1 == 1, "\(runs.text)")
    }

    @Test func aFlowWithABadExpressionIsNotServedAndTheOthersAre() async throws {
        let workspace = try workspace()
        try workspace.write("flows/broken.json", ServeWebhookTests.flow("broken",
            nodes: #"[{"id":"step_1","command":"../components/record:take"},{"id":"step_2","command":"../components/record:keep"}]"#,
            edges: #"[{"source":"step_1","target":"step_2","config":{"condition":"amount >","mapper":{"total":"$sum(lines.price"}}}]"#))
        let service = try await RunningService(workspace, folder: "flows")
        let echo = try await service.post("/hook/echo", json: #"{"n":1}"#)
        #expect(echo.status == 200)
        let broken = try await service.post("/hook/broken", json: #"{"n":1}"#)
        #expect(broken.status == 404)
        #expect(service.stderr.contains("graph.edges[0].config.condition: S0207"), "\(service.stderr)")
        #expect(service.stderr.contains("graph.edges[0].config.mapper.total: S0203"), "\(service.stderr)")
        #expect(service.stderr.contains("$sum(lines.price\n") || service.stderr.contains("$sum(lines.price"), "\(service.stderr)")
    }

    @Test func aHostileExpressionIsStoppedWhileAnotherFlowKeepsAnswering() async throws {
        let workspace = try workspace()
        try workspace.write("flows/spin.json", ServeWebhookTests.flow("spin",
            nodes: #"[{"id":"step_1","command":"../components/record:take"},{"id":"step_2","command":"../components/record:keep"},"#
                + #"{"id":"errors","command":"../components/record:keep","error":true}]"#,
            edges: #"[{"source":"step_1","target":"step_2","config":{"mapper":{"loop":"(function($f){$f($f)})(function($f){$f($f)})"}}},"#
                + #"{"source":"errors","target":"error_all"}]"#))
        let service = try await RunningService(workspace, folder: "flows",
                                               arguments: ["--webhook-timeout", "30", "--expression-timeout", "8"])
        async let spinning = service.post("/hook/spin", json: #"{"n":1}"#)
        // While the expression spins in the spin flow's step, another flow answers as fast as ever.
        try await Task.sleep(for: .milliseconds(300))
        for n in 1...3 {
            let started = ContinuousClock.now
            let echo = try await service.post("/hook/echo", json: #"{"n":\#(n)}"#)
            #expect(echo.status == 200)
            // Blocked, it would wait out the spin's eight seconds.
            #expect(ContinuousClock.now - started < .seconds(4), "the echo flow waited on the spinning one")
        }
        let spin = try await spinning
        #expect(spin.status == 500, "\(spin.text)")
        #expect((spin.json?["error"] as? [String: Any])?["code"] as? String == "U1002", "\(spin.text)")
        #expect(try await eventually { try snapshot(workspace, "spin", "errors") != nil })
        let handled = try #require(try snapshot(workspace, "spin", "errors")?["received"] as? [[String: Any]])
        #expect((handled.first?["error"] as? [String: Any])?["code"] as? String == "U1002")
        let after = try await service.post("/hook/echo", json: #"{"n":9}"#)
        #expect(after.status == 200, "the service serves on")
    }
}

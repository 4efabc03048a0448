import JSONata
import Foundation
import Testing
@testable import Flows
import StepRuntime
import TestSupport

/// A folder of flows written for a test, with a component beside it.
struct FlowFolder {
    private let scratch: ScratchFolder
    var root: URL { URL(fileURLWithPath: scratch.root) }
    var flows: URL { root.appendingPathComponent("flows") }

    init() throws {
        scratch = try ScratchFolder("jshost-flows")
        try FileManager.default.createDirectory(at: flows, withIntermediateDirectories: true)
        let component = root.appendingPathComponent("components/sample")
        try FileManager.default.createDirectory(at: component.appendingPathComponent("lib"), withIntermediateDirectories: true)
        try #"{"title":"sample","triggers":{"poll":{"main":"./lib/poll.js"}},"actions":{"send":{"main":"./lib/send.js"}}}"#
            .write(to: component.appendingPathComponent("component.json"), atomically: true, encoding: .utf8)
        for name in ["poll", "send"] {
            try "exports.process = async function () {};".write(to: component.appendingPathComponent("lib/\(name).js"), atomically: true, encoding: .utf8)
        }
    }

    /// Writes a flow with these nodes and edges (JSON text) and extra attributes.
    func write(_ name: String, id: String? = nil, nodes: String, edges: String = "[]", extra: String = "") throws {
        let text = #"{"data":{"type":"flow","id":"\#(id ?? name)","attributes":{"name":"\#(name)","status":"active",\#(extra)"graph":{"nodes":\#(nodes),"edges":\#(edges)}}}}"#
        try text.write(to: flows.appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
    }

    func problems() throws -> [FlowProblem] { try FlowValidator(folder: flows.path, componentsFolder: root.appendingPathComponent("components").path).check().problems }
}

@Suite struct FlowValidatorTests {
    @Test func aGoodFlowHasNoProblemsAndReadsItsSteps() throws {
        let folder = try FlowFolder()
        try folder.write("good", nodes: #"[{"id":"step_1","command":"../components/sample:poll","fields":{"a":1}},{"id":"step_2","command":"team/sample:send@latest"}]"#,
                         edges: #"[{"source":"step_1","target":"step_2","config":{"mapper_type":"jsonata","condition":null,"mapper":{}}}]"#,
                         extra: #""cron":"*/5 * * * * *","nodes_config":{"step_2":{"passthrough":{"disabled":true}}},"#)
        #expect(try folder.problems() == [])
        let flow = try FlowDocument.read(file: folder.flows.appendingPathComponent("good.json").path).get()
        #expect(flow.nodes.map(\.id) == ["step_1", "step_2"])
        #expect(flow.nodes[0].fieldsJSON == #"{"a":1}"#)
        #expect(flow.passthroughDisabled == ["step_2"])
        #expect(flow.cron == "*/5 * * * * *")
    }

    @Test func everyProblemIsListedWithItsFileAndPath() throws {
        let folder = try FlowFolder()
        try folder.write("a-cycle", nodes: #"[{"id":"s1","command":"../components/sample:poll"},{"id":"s2","command":"../components/sample:send"},{"id":"s3","command":"../components/sample:send"}]"#,
                         edges: #"[{"source":"s1","target":"s2"},{"source":"s2","target":"s3"},{"source":"s3","target":"s2"}]"#)
        try folder.write("b-action-first", nodes: #"[{"id":"s1","command":"../components/sample:send"}]"#, extra: #""cron":"61 * * * *","#)
        try folder.write("c-unknown", nodes: #"[{"id":"s1","command":"../components/sample:nope"},{"id":"s1","command":"../components/missing:poll"}]"#,
                         edges: #"[{"source":"s1","target":"s9","config":{"mapper":{"x":"body.x", "y":{"z":"$sum(body.n"}},"condition":"body.ok ="}}]"#)
        try folder.write("f-two-defaults", nodes: #"[{"id":"s1","command":"../components/sample:poll"},{"id":"s2","command":"../components/sample:send"},{"id":"s3","command":"../components/sample:send"},{"id":"s4","command":"../components/sample:send"}]"#,
                         edges: #"[{"source":"s1","target":"s2","config":{"condition":"ok"}},{"source":"s1","target":"s3"},{"source":"s1","target":"s4"}]"#)
        try folder.write("d-duplicate", id: "a-cycle", nodes: #"[{"id":"s1","command":"../components/sample:poll"}]"#)
        try "not json".write(to: folder.flows.appendingPathComponent("e-broken.json"), atomically: true, encoding: .utf8)
        let problems = try folder.problems()
        let shown = problems.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent) \($0.path): \($0.message)" }
        func has(_ file: String, _ path: String, _ text: String) {
            #expect(shown.contains { $0.hasPrefix("\(file) $.data\(path): ") && $0.contains(text) }, "\(file) \(path) \(text) in \(shown)")
        }
        has("a-cycle.json", ".attributes.graph.edges", "the steps form a cycle: s2 → s3 → s2")
        has("b-action-first.json", ".attributes.graph.nodes[0].command", "starts the flow but ../components/sample:send is an action")
        has("b-action-first.json", ".attributes.cron", "minute \"61\" is not in 0-59")
        has("c-unknown.json", ".attributes.graph.nodes[0].command", "nope")
        has("c-unknown.json", ".attributes.graph.nodes[1].id", "step id \"s1\" is used twice")
        has("c-unknown.json", ".attributes.graph.edges[0].target", "no step has the id \"s9\"")
        has("c-unknown.json", ".attributes.graph.edges[0].config.mapper.y.z", "S0203 at 11: Expected \")\" before end of expression\n    $sum(body.n\n               ^")
        has("c-unknown.json", ".attributes.graph.edges[0].config.condition", "S0207")
        #expect(!shown.contains { $0.contains("config.mapper.x") }, "an expression that compiles is no problem")
        has("f-two-defaults.json", ".attributes.graph.edges[2]", "more than one edge without a condition (edges 1, 2)")
        has("d-duplicate.json", ".id", "flow id \"a-cycle\" is also the id of")
        #expect(shown.contains { $0.hasPrefix("e-broken.json $: is not a JSON object") }, "\(shown)")
    }

    @Test func commandsResolveAsPathsOrElasticioNames() throws {
        let flow = "/srv/flows/orders.json"
        #expect(try ComponentCommand.resolve("../components/x:poll", flowFile: flow, componentsFolder: nil).get()
                == ComponentCommand(componentDirectory: "/srv/components/x", function: "poll"))
        #expect(try ComponentCommand.resolve("acme/shop-component:getOrders@1.2.0", flowFile: flow, componentsFolder: "/opt/components").get()
                == ComponentCommand(componentDirectory: "/opt/components/shop-component", function: "getOrders"))
        #expect(throws: CommandProblem.self) { try ComponentCommand.resolve("acme/shop:get", flowFile: flow, componentsFolder: nil).get() }
        #expect(throws: CommandProblem.self) { try ComponentCommand.resolve("no-function", flowFile: flow, componentsFolder: nil).get() }
    }
}

@Suite struct FlowEdgeReadingTests {
    @Test func mappersKeepTheirFieldOrderAndFlowsTheirVariables() throws {
        let folder = try FlowFolder()
        try folder.write("mapped", nodes: #"[{"id":"s1","command":"../components/sample:poll"},{"id":"r","command":"platform/router:route"},{"id":"s2","command":"../components/sample:send"}]"#,
                         edges: #"[{"source":"s1","target":"r"},{"source":"r","target":"s2","config":{"condition":"ok","mapper":{"zeta":"1","alpha":{"y":"2","b":"3"},"mid":"4"}}}]"#,
                         extra: #""variables":{"region":"eu","limit":5},"#)
        #expect(try folder.problems() == [])
        let flow = try FlowDocument.read(file: folder.flows.appendingPathComponent("mapped.json").path).get()
        #expect(flow.edges[1].mapperJSON == #"{"zeta":"1","alpha":{"y":"2","b":"3"},"mid":"4"}"#)
        #expect(flow.edges[1].condition == "ok")
        #expect(flow.variablesJSON == #"{"region":"eu","limit":5}"#, "as written, in order")
        let forwarding = flow.forwarding(for: "r")
        #expect(forwarding.edges?.map(\.path) == ["graph.edges[1]"])
        #expect(flow.forwarding(for: "s1").edges == nil, "an edge without expressions needs no routing")
        #expect(FlowVariables.merged(#"{"a":1,"b":2}"#, with: #"{"b":3,"c":4}"#) == #"{"a":1,"b":3,"c":4}"#)
    }
}

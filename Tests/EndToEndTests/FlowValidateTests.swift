import Foundation
import Testing

/// `jshost flow validate`: the sample flows are valid; a broken folder lists each problem and exits 2.
@Suite struct FlowValidateTests {
    @Test func theSampleFlowsAreValid() throws {
        let run = try Workspace().jshost(["flow", "validate", "examples/flows"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout == "examples/flows: 4 flows valid\n")
    }

    @Test func aBrokenFolderListsEveryProblemAndExitsTwo() throws {
        let workspace = try Workspace()
        try workspace.write("flows/broken.json", #"""
            {"data":{"type":"flow","id":"broken","attributes":{"name":"broken","cron":"* * *","graph":{
              "nodes":[{"id":"step_1","command":"\#(Binary.packageRoot)/components/iteration-counter:nope"}],"edges":[]}}}}
            """#)
        let run = try workspace.jshost(["flow", "validate", workspace.root + "/flows"])
        #expect(run.status == 2)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("✘ \(workspace.root)/flows/broken.json: $.data.attributes.cron: cron \"* * *\" has 3 fields") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("✘ \(workspace.root)/flows/broken.json: $.data.attributes.graph.nodes[0].command:") && $0.contains("nope") }, "\(lines)")
        #expect(lines.last == "2 problems in \(workspace.root)/flows")
        let missing = try workspace.jshost(["flow", "validate", workspace.root + "/nowhere"])
        #expect(missing.status == 2 && missing.stderr.contains("cannot read the flow folder"), "\(missing.stderr)")
    }
}

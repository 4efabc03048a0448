import Foundation
import Testing

@Suite struct DeveloperWorkflowTests {
    static let samples = ["iteration-counter", "timestamp-poller", "webhook", "http-reply"]

    @Test(arguments: samples)
    func everySamplePassesItsOwnTests(_ sample: String) throws {
        let run = try Workspace().jshost(["test", "components/\(sample)"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasSuffix(" passed, 0 failed\n"))
    }

    @Test func countingByTwoFailsWithADiff() throws {
        let workspace = try Workspace()
        let copy = workspace.root + "/iteration-counter"
        try FileManager.default.copyItem(atPath: Binary.packageRoot + "/components/iteration-counter", toPath: copy)
        let source = copy + "/lib/triggers/count.js"
        let code = try String(contentsOfFile: source, encoding: .utf8)
        #expect(code.contains("snapshot.iteration += 1;"))
        try code.replacingOccurrences(of: "snapshot.iteration += 1;", with: "snapshot.iteration += 2;")
            .write(toFile: source, atomically: true, encoding: .utf8)
        let run = try workspace.jshost(["test", copy, "--junit", workspace.root + "/report.xml"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("✘ three-runs: events differ from test/golden/three-runs.json"))
        #expect(run.stdout.range(of: #"\n  - +"iteration": 1\n  \+ +"iteration": 2\n"#, options: .regularExpression) != nil)
        #expect(run.stdout.hasSuffix("0 passed, 3 failed\n"))
        let report = try String(contentsOfFile: workspace.root + "/report.xml", encoding: .utf8)
        #expect(report.contains(#"tests="3" failures="3""#))

        let filtered = try workspace.jshost(["test", copy, "--filter", "resumes"])
        #expect(filtered.stdout.contains("fixture.resumesFromSnapshot"))
        #expect(!filtered.stdout.contains("three-runs"))

        let update = try workspace.jshost(["test", copy, "--update"])
        #expect(update.status == 0)
        #expect(try workspace.jshost(["test", copy]).status == 0)
    }

    @Test func initThenTestPassesWithNoEdits() throws {
        let workspace = try Workspace()
        let directory = workspace.root + "/orders"
        let created = try workspace.jshost(["init", directory, "--trigger", "getOrders", "--action", "createOrder"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created \(directory)/lib/triggers/getOrders.js"))
        let tested = try workspace.jshost(["test", directory])
        #expect(tested.status == 0, "\(tested.stdout)")
        #expect(tested.stdout.hasSuffix("3 passed, 0 failed\n"))
        #expect(try workspace.jshost(["validate", directory]).status == 0)
        let again = try workspace.jshost(["init", directory])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists and is not empty"))
    }

    @Test func validateReportsThreeDifferentDefects() throws {
        let workspace = try Workspace()
        try workspace.write("cmp/component.json", """
            {"triggers": {"get-orders": {"main": "./lib/get.js"}},
             "actions": {"create": {"main": "./lib/missing.js"},
                         "lookup": {"main": "./lib/lookup.js", "dynamicMetadata": true}}}
            """)
        try workspace.write("cmp/lib/get.js", "exports.process = async () => {};")
        try workspace.write("cmp/lib/lookup.js", "exports.process = async () => {};")
        let run = try workspace.jshost(["validate", workspace.root + "/cmp"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("✘ triggers.get-orders: id \"get-orders\" must match"))
        #expect(run.stdout.contains("✘ actions.create: main file ./lib/missing.js does not exist"))
        #expect(run.stdout.contains("✘ actions.lookup: dynamicMetadata is set but getMetaModel is not exported"))
        #expect(run.stdout.contains("3 problems in"))
    }

    @Test func errorsShowSourceLineAndCaretForPeople() throws {
        let workspace = try Workspace()
        try workspace.write("cmp/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("cmp/t.js", "exports.process = async function () {\n  const order = {};\n  return order.items.length;\n};\n")
        let pretty = try workspace.jshost(["run", workspace.root + "/cmp", "--pretty", "--no-commit"])
        #expect(pretty.status == 1)
        #expect(pretty.stdout.contains("t.js:3:21"))
        #expect(pretty.stdout.contains("> 3 |   return order.items.length;"))
        #expect(pretty.stdout.contains("|                     ^"))
        let json = try workspace.jshost(["run", workspace.root + "/cmp", "--no-commit"])
        #expect(json.stdoutLines.first?.hasPrefix(#"{"event":"error","data":{"name":"TypeError""#) == true)
        #expect(!json.stdout.contains("^"))
        // The event's stack reads as V8 writes it, frames into the component's file, none of jshost's own.
        let event = try #require(try JSONSerialization.jsonObject(with: Data((json.stdoutLines.first ?? "").utf8)) as? [String: Any])
        let stack = try #require((event["data"] as? [String: Any])?["stack"] as? String)
        #expect(stack.hasPrefix("TypeError: Cannot read properties of undefined (reading 'length')\n    at "), "\(stack)")
        #expect(stack.contains("t.js:3:21") && !stack.contains("jshost:internal") && !stack.contains("@"), "\(stack)")
    }
}

/// elastic.io builds a component's image with the Node its package.json asks for; jshost behaves as that Node.
struct NodeVersionTests {
    @Test(arguments: [("24.x", "v24", "Expected property name or '}' in JSON at position 1 (line 1 column 2)"),
                      (">=18", "v20", "Expected property name or '}' in JSON at position 1")])
    func aComponentGetsTheNodeItsEnginesAskFor(engines: String, version: String, message: String) throws {
        let workspace = try Workspace()
        try workspace.write("cmp/package.json", #"{"name":"cmp","engines":{"node":"\#(engines)"}}"#)
        try workspace.write("cmp/component.json", #"{"triggers":{"t":{"main":"./t.js"}}}"#)
        try workspace.write("cmp/t.js", """
            exports.process = async function () {
              let message;
              try { JSON.parse('{x'); } catch (e) { message = e.message; }
              return { body: { version: process.version.split('.')[0], message } };
            };
            """)
        let run = try workspace.jshost(["run", workspace.root + "/cmp", "--no-commit"])
        #expect(run.dataBodies == [#"{"message":"\#(message)","version":"\#(version)"}"#], "\(run.stdout)\(run.stderr)")
    }
}

/// sailor resolves only the function being run: a definition without `main` fails that function alone.
struct LazyFunctionResolutionTests {
    @Test func aTriggerWithoutMainDoesNotStopTheOthers() throws {
        let workspace = try Workspace()
        try workspace.write("cmp/component.json", #"{"triggers":{"broken":{"title":"no main"},"good":{"main":"./good.js"}}}"#)
        try workspace.write("cmp/good.js", "exports.process = async () => ({ body: { ok: true } });")
        let good = try workspace.jshost(["run", workspace.root + "/cmp", "--function", "good"])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.dataBodies == [#"{"ok":true}"#])
        let broken = try workspace.jshost(["run", workspace.root + "/cmp", "--function", "broken"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains(#"trigger "broken" has no "main" file"#), "\(broken.stderr)")
        let validate = try workspace.jshost(["validate", workspace.root + "/cmp"])
        #expect(validate.status == 1)
        #expect(validate.stdout.contains("has no \"main\" file") || validate.stderr.contains("has no \"main\" file"))
    }
}

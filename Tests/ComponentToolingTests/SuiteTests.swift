import Foundation
import Testing
import TestSupport
import ComponentRuntime
@testable import ComponentTooling

/// A component folder written for one test.
final class ComponentFolder {
    private let folder: ScratchFolder
    var path: String { folder.root }
    init(_ files: [String: String]) throws {
        folder = try ScratchFolder("jshost-tooling", files: files)
    }
    func read(_ relative: String) throws -> String { try String(contentsOfFile: path + "/" + relative, encoding: .utf8) }
    func write(_ relative: String, _ text: String) throws { try text.write(toFile: path + "/" + relative, atomically: true, encoding: .utf8) }
}

@Suite struct SuiteTests {
    static let counter = [
        "component.json": #"{"triggers":{"count":{"main":"./count.js"}},"actions":{"other":{"main":"./other.js"}}}"#,
        "count.js": """
            exports.process = async function (msg, cfg, snapshot) {
              const n = (snapshot.n || 0) + 1;
              await this.emit('snapshot', { n });
              return { body: { n, token: cfg.token, at: new Date().toISOString(), env: process.env.FROM_GLOBAL_ENV } };
            };
            """,
        "other.js": "exports.process = async () => ({ body: 'other' });",
        "test/fixture.json": #"{"fixtures":{"count":{"msg":{"body":{}},"cfg":{"token":"{{API_TOKEN}}"}},"other-first":{"msg":{},"cfg":{}}}}"#,
        ".env": "API_TOKEN=secret-from-env\n",
        "test/.globalEnv": "FROM_GLOBAL_ENV=global\n",
        "test/cases/chain.json": #"{"function":"count","runs":3,"now":"2030-05-01T10:00:00Z","env":{"FROM_GLOBAL_ENV":"case"}}"#,
    ]

    func suite(_ folder: ComponentFolder) throws -> ComponentTestSuite {
        ComponentTestSuite(component: try ComponentDescriptor(directory: folder.path))
    }

    @Test func loadsFixturesAndCaseFiles() throws {
        let folder = try ComponentFolder(Self.counter)
        let cases = try suite(folder).cases()
        #expect(cases.map(\.name) == ["chain", "fixture.count", "fixture.other-first"])
        #expect(cases.map(\.function) == ["count", "count", "other"])
        guard case .process(let runs) = cases[1].call else { Issue.record("expected a process case"); return }
        #expect(runs.first?.cfgJSON == #"{"token":"secret-from-env"}"#)
    }

    @Test func updateThenPassThenFailWithADiff() throws {
        let folder = try ComponentFolder(Self.counter)
        var updating = try suite(folder)
        updating.update = true
        let written = try updating.run(try updating.cases())
        #expect(written.allSatisfy { $0.updated })
        let chain = try folder.read("test/golden/chain.json")
        #expect(chain.contains(#""at": "2030-05-01T10:00:00.000Z""#))
        #expect(chain.contains(#""env": "case""#))
        #expect(chain.components(separatedBy: #""event": "snapshot""#).count == 4)
        #expect(chain.contains(#""n": 3"#))
        #expect(try folder.read("test/golden/fixture.count.json").contains(#""env": "global""#))

        let checking = try suite(folder)
        #expect(try checking.run(try checking.cases()).allSatisfy { $0.passed })

        try folder.write("count.js", try folder.read("count.js").replacingOccurrences(of: "+ 1", with: "+ 2"))
        let outcomes = try checking.run(try checking.cases())
        let chainOutcome = try #require(outcomes.first { $0.name == "chain" })
        #expect(!chainOutcome.passed)
        #expect(chainOutcome.summary == "events differ from test/golden/chain.json")
        // A line diff of the golden file against this run: the first run's snapshot now counts 2 where it counted 1.
        #expect(chainOutcome.details.hasPrefix("--- test/golden/chain.json\n+++ this run\n"))
        #expect(chainOutcome.details.contains("-             \"n\": 1\n+             \"n\": 2\n"))
        #expect(chainOutcome.details.contains("-             \"n\": 2\n+             \"n\": 4\n"))
        #expect(outcomes.first { $0.name == "fixture.other-first" }?.passed == true)
    }

    @Test func missingGoldenFileFails() throws {
        let folder = try ComponentFolder(Self.counter)
        let outcomes = try suite(folder).run(try suite(folder).cases())
        #expect(outcomes.allSatisfy { !$0.passed && $0.summary.contains("no golden file") })
    }

    @Test func filterSelectsCases() throws {
        let folder = try ComponentFolder(Self.counter)
        var filtered = try suite(folder)
        filtered.filter = "fixture."
        #expect(try filtered.cases().map(\.name) == ["fixture.count", "fixture.other-first"])
    }

    @Test func casesDoNotTouchTheStateStoreAndRunFresh() throws {
        var files = Self.counter
        files["count.js"] = """
            globalThis.loads = (globalThis.loads || 0) + 1;
            exports.process = async function () { return { body: { loads: globalThis.loads } }; };
            """
        let folder = try ComponentFolder(files)
        var updating = try suite(folder)
        updating.update = true
        _ = try updating.run(try updating.cases())
        // Every run of the chain loaded the module afresh: a new context per run.
        #expect(try folder.read("test/golden/chain.json").components(separatedBy: #""loads": 1"#).count == 4)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/.jshost"))
    }

    @Test func fixtureForAComponentWithSeveralFunctionsMustNameOne() throws {
        var files = Self.counter
        files["test/fixture.json"] = #"{"fixtures":{"mystery":{"msg":{},"cfg":{}}}}"#
        let folder = try ComponentFolder(files)
        #expect(throws: TestCaseError.self) { try suite(folder).cases() }
    }

    @Test func serviceCallCases() throws {
        let folder = try ComponentFolder([
            "component.json": #"{"actions":{"lookup":{"main":"./lookup.js"}}}"#,
            "lookup.js": "exports.process = () => {}; exports.getMetaModel = async (cfg) => ({ in: {}, out: { k: cfg.k } });",
            "verifyCredentials.js": "module.exports = async (cfg) => ({ verified: cfg.k === 1 });",
            "test/cases/meta.json": #"{"function":"lookup","model":"getMetaModel","cfg":{"k":1}}"#,
            "test/cases/verify.json": #"{"verifyCredentials":true,"cfg":{"k":2}}"#,
        ])
        var updating = try suite(folder)
        updating.update = true
        _ = try updating.run(try updating.cases())
        #expect(try folder.read("test/golden/meta.json").contains(#""k": 1"#))
        #expect(try folder.read("test/golden/verify.json").contains(#""verified": false"#))
    }

    @Test func badCaseFilesSayWhereAndWhy() throws {
        var files = Self.counter
        files["test/cases/chain.json"] = #"{"function":"count","runs":"three"}"#
        let folder = try ComponentFolder(files)
        do {
            _ = try suite(folder).cases()
            Issue.record("expected an error")
        } catch let error as TestCaseError {
            #expect(error.file.hasSuffix("test/cases/chain.json"))
            #expect(error.message.contains("\"runs\""))
        }
    }
}

@Suite struct ValidatorTests {
    @Test func reportsEveryProblem() throws {
        let folder = try ComponentFolder([
            "component.json": """
                {"triggers": {"1bad": {"main": "./ok.js"}, "missingFile": {"main": "./nope.js"}},
                 "actions": {"noProcess": {"main": "./lib.js", "dynamicMetadata": true,
                                           "fields": {"list": {"viewClass": "SelectView", "model": "listThings"}},
                                           "metadata": {"in": "./schemas/in.json", "out": {"type": "thing"}}},
                             "1bad": {"main": "./ok.js"}}}
                """,
            "ok.js": "exports.process = () => {};",
            "lib.js": "exports.helper = () => {};",
            "schemas/in.json": "{not json",
        ])
        let problems = ComponentValidator(directory: folder.path).problems().map(\.description)
        #expect(problems.contains { $0.contains("id \"1bad\" must match") })
        #expect(problems.contains { $0.contains("id \"1bad\" is also used by") })
        #expect(problems.contains { $0 == "triggers.missingFile: main file ./nope.js does not exist" })
        #expect(problems.contains { $0 == "actions.noProcess: ./lib.js does not export process (exports.process = function (msg, cfg, snapshot) {…})" })
        #expect(problems.contains { $0 == "actions.noProcess.fields.list: select model function listThings is not exported by its main file" })
        #expect(problems.contains { $0 == "actions.noProcess: dynamicMetadata is set but getMetaModel is not exported" })
        #expect(problems.contains { $0.hasPrefix("actions.noProcess.metadata.in: schema file ./schemas/in.json is not valid JSON") })
        #expect(problems.contains { $0.hasPrefix("actions.noProcess.metadata.out: /: \"type\" must be one of") })
    }

    @Test func samplesAreValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for sample in ["iteration-counter", "timestamp-poller", "webhook", "http-reply"] {
            #expect(ComponentValidator(directory: root.appendingPathComponent("components/\(sample)").path).problems().isEmpty)
        }
    }
}

@Suite struct ScaffoldTests {
    @Test func initThenTestPasses() throws {
        let scratch = try ScratchFolder("jshost-init")
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path("my-component")
        let written = try Scaffold(directory: directory, triggers: ["getOrders"], actions: ["createOrder", "greet"]).create()
        #expect(written.contains("lib/triggers/getOrders.js"))
        #expect(written.contains("lib/actions/createOrder.js"))
        #expect(written.contains("README.md"))
        #expect(written.contains("test/fixture.json"))
        let suite = ComponentTestSuite(component: try ComponentDescriptor(directory: directory))
        let outcomes = try suite.run(try suite.cases())
        #expect(outcomes.count == 4)
        #expect(outcomes.allSatisfy { $0.passed })
        #expect(ComponentValidator(directory: directory).problems().isEmpty)
    }

    @Test func refusesBadNamesAndNonEmptyFolders() throws {
        #expect(throws: Scaffold.Failure.self) { try Scaffold(directory: "/tmp/x-\(UUID())", triggers: ["bad-name"], actions: []).create() }
        let folder = try ComponentFolder(["existing.txt": "x"])
        #expect(throws: Scaffold.Failure.self) { try Scaffold(directory: folder.path, triggers: [], actions: []).create() }
    }
}

@Suite struct CodeFrameTests {
    @Test func rendersLineAndCaret() throws {
        let folder = try ComponentFolder(["a.js": "one\n  two();\nthree\n"])
        let frame = try #require(CodeFrame.render(.init(file: folder.path + "/a.js", line: 2, column: 3), displayPath: "a.js"))
        #expect(frame == "a.js:2:3\n  1 | one\n> 2 |   two();\n    |   ^\n  3 | three\n  4 | \n")
    }

    @Test func findsTheFirstFileFrameAndUndoesTheWrapperOffsetOnLineOne() throws {
        let folder = try ComponentFolder(["a.js": "throw new Error('x');\n"])
        // ModuleWrapper.prefix is 62 characters.
        let stack = "inner@jshost:internal/executor:3:4\nouter@\(folder.path)/a.js:1:\(62 + 6)\nPromise@[native code]"
        let location = try #require(CodeFrame.firstFileLocation(inStack: stack))
        #expect(location.file == folder.path + "/a.js")
        #expect(location.line == 1)
        #expect(location.column == 6)
    }
}

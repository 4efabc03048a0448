import JSHostCore
import Foundation
import ComponentRuntime

/// Reads a component's test cases: elasticio-cli's `test/fixture.json` unchanged, and jshost's `test/cases/*.json`.
///
/// An elasticio-cli fixture names no function: it runs the component's only function, or, when there are several,
/// the function whose name the fixture's name starts with (`getOrders`, `getOrders-empty`, `getOrders.paged`).
public struct TestCaseLoader {
    public let component: ComponentDescriptor
    /// `.env` of the component, then the process environment for names it lacks: what `{{VAR}}` is filled from.
    let placeholderValues: [String: String]
    /// What the component's process.env gains: `.env` and `test/.globalEnv`, as elasticio-cli loads them.
    public let environment: [String: String]

    public init(component: ComponentDescriptor, processEnvironment: [String: String] = ProcessInfo.processInfo.environment) {
        self.component = component
        let dotEnv = DotEnv.read(component.directory + "/.env")
        let globalEnv = DotEnv.read(component.directory + "/test/.globalEnv")
        placeholderValues = dotEnv.merging(processEnvironment) { fromFile, _ in fromFile }
        environment = dotEnv.merging(globalEnv) { _, global in global }
    }

    public var fixtureFile: String { component.directory + "/test/fixture.json" }
    public var casesDirectory: String { component.directory + "/test/cases" }

    public func load() throws -> [TestCase] {
        var cases = try loadFixtures()
        cases += try loadCaseFiles()
        return cases.sorted { $0.name < $1.name }
    }

    // MARK: elasticio-cli fixtures

    func loadFixtures() throws -> [TestCase] {
        guard let text = try? String(contentsOfFile: fixtureFile, encoding: .utf8) else { return [] }
        let filled = Placeholders.fill(text, values: placeholderValues)
        let root: Any
        do { root = try JSONText.parse(filled) } catch {
            throw TestCaseError(file: fixtureFile, message: "not valid JSON after filling {{placeholders}} (\(JSONText.describe(error)))")
        }
        guard let fixtures = (root as? [String: Any])?["fixtures"] as? [String: Any] else {
            throw TestCaseError(file: fixtureFile, message: #"expected {"fixtures": {"<name>": {"msg": …, "cfg": …}}}"#)
        }
        return try fixtures.keys.sorted().map { name in
            guard let fixture = fixtures[name] as? [String: Any] else {
                throw TestCaseError(file: fixtureFile, message: "fixture \"\(name)\" must be an object with msg and cfg")
            }
            return TestCase(
                name: "fixture." + name, function: try functionForFixture(named: name),
                call: .process(runs: [TestCase.RunInput(messageJSON: JSONText.compact(fixture["msg"] ?? [String: Any]()),
                                                        cfgJSON: JSONText.compact(fixture["cfg"] ?? [String: Any]()))]),
                snapshotJSON: JSONText.compact(fixture["snapshot"] ?? [String: Any]()),
                now: TestCase.defaultNow, environment: environment)
        }
    }

    private func functionForFixture(named name: String) throws -> String {
        let all = component.triggers + component.actions
        if all.count == 1 { return all[0].name }
        let matching = all.filter { name == $0.name || name.hasPrefix($0.name + "-") || name.hasPrefix($0.name + ".") }
        guard let chosen = matching.max(by: { $0.name.count < $1.name.count }) else {
            throw TestCaseError(file: fixtureFile, message: "fixture \"\(name)\" does not say which function it is for: name it after one of \(all.map(\.name).joined(separator: ", ")) (e.g. \"\(all[0].name)-\(name)\"), or write a case in test/cases/")
        }
        return chosen.name
    }

    // MARK: jshost case files

    func loadCaseFiles() throws -> [TestCase] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: casesDirectory) else { return [] }
        return try names.filter { $0.hasSuffix(".json") }.sorted().map { try loadCaseFile(casesDirectory + "/" + $0) }
    }

    func loadCaseFile(_ path: String) throws -> TestCase {
        func fail(_ message: String) -> TestCaseError { TestCaseError(file: path, message: message) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw fail("cannot be read") }
        let parsed: Any
        do { parsed = try JSONText.parse(Placeholders.fill(text, values: placeholderValues)) } catch {
            throw fail("not valid JSON (\(JSONText.describe(error)))")
        }
        guard let spec = parsed as? [String: Any] else { throw fail("a case file holds one JSON object") }
        let known: Set<String> = ["description", "function", "now", "env", "msg", "cfg", "snapshot", "runs", "verifyCredentials", "model"]
        if let unknown = spec.keys.first(where: { !known.contains($0) }) {
            throw fail("unknown key \"\(unknown)\"; a case may have \(known.sorted().joined(separator: ", "))")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let cfg = JSONText.compact(spec["cfg"] ?? [String: Any]())
        let message = spec["msg"] ?? ["body": [String: Any](), "headers": [String: Any]()]

        var now = TestCase.defaultNow
        if let text = spec["now"] {
            guard let string = text as? String, let date = UTCTimestamp.parse(string) else {
                throw fail("\"now\" must be an ISO-8601 instant such as 2024-01-01T00:00:00Z")
            }
            now = date
        }
        var environment = self.environment
        if let env = spec["env"] {
            guard let map = env as? [String: Any] else { throw fail("\"env\" must map names to strings") }
            for (key, value) in map { environment[key] = (value as? String) ?? "\(value)" }
        }
        let function = spec["function"] as? String

        let call: TestCase.Call
        if spec["verifyCredentials"] as? Bool == true {
            call = .verifyCredentials(cfgJSON: cfg)
        } else if let model = spec["model"] {
            guard let method = model as? String else { throw fail("\"model\" names the method to call, e.g. \"getMetaModel\"") }
            guard function != nil || (component.triggers + component.actions).count == 1 else {
                throw fail("a model call needs \"function\": the trigger or action that exports \(method)")
            }
            call = .model(method: method, cfgJSON: cfg)
        } else {
            call = .process(runs: try runs(spec["runs"], message: message, cfg: spec["cfg"] ?? [String: Any](), fail: fail))
        }
        return TestCase(name: name, function: function, call: call,
                        snapshotJSON: JSONText.compact(spec["snapshot"] ?? [String: Any]()), now: now, environment: environment)
    }

    /// `runs`: absent (one run), a count (that many identical chained runs), or a list of per-run `msg`/`cfg` overrides.
    private func runs(_ value: Any?, message: Any, cfg: Any, fail: (String) -> TestCaseError) throws -> [TestCase.RunInput] {
        let base = TestCase.RunInput(messageJSON: JSONText.compact(message), cfgJSON: JSONText.compact(cfg))
        switch value {
        case nil:
            return [base]
        case let count as Int where count >= 1 && count <= 1000:
            return Array(repeating: base, count: count)
        case let list as [Any] where !list.isEmpty:
            return try list.map { item in
                guard let overrides = item as? [String: Any] else { throw fail("each entry of \"runs\" is an object with msg and/or cfg") }
                return TestCase.RunInput(messageJSON: overrides["msg"].map(JSONText.compact) ?? base.messageJSON,
                                         cfgJSON: overrides["cfg"].map(JSONText.compact) ?? base.cfgJSON)
            }
        default:
            throw fail("\"runs\" is a count from 1 to 1000 or a non-empty list of {msg, cfg} objects")
        }
    }
}

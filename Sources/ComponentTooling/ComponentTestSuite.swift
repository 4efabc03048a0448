import JSHostCore
import JSEngine
import Foundation
import ComponentRuntime

/// What happened to one case.
public struct CaseOutcome: Sendable {
    public var name: String
    public var passed: Bool
    /// One line: why it failed ("differs from its golden file", "no golden file yet"…).
    public var summary: String
    /// The diff, or the problem with its code frame.
    public var details: String
    public var logs: String
    public var seconds: Double
    /// The golden file was written (with --update).
    public var updated: Bool
}

/// `jshost test`: runs every case of a component and compares each record with its golden file
/// (`test/golden/<case>.json`), or writes the golden files with `update`.
public struct ComponentTestSuite {
    public var component: ComponentDescriptor
    public var update = false
    /// Only cases whose name contains this text.
    public var filter: String?
    public var runner: CaseRunner

    public init(component: ComponentDescriptor) {
        self.component = component
        runner = CaseRunner(component: component)
    }

    public var goldenDirectory: String { component.directory + "/test/golden" }

    public func cases() throws -> [TestCase] {
        let all = try TestCaseLoader(component: component).load()
        guard let filter, !filter.isEmpty else { return all }
        return all.filter { $0.name.contains(filter) }
    }

    /// Runs the cases, calling `progress` after each.
    public func run(_ cases: [TestCase], progress: (CaseOutcome) -> Void = { _ in }) throws -> [CaseOutcome] {
        var outcomes: [CaseOutcome] = []
        for testCase in cases {
            let started = ContinuousClock.now
            let result = runner.run(testCase)
            let actual = JSONText.canonical(result.document) + "\n"
            let goldenPath = goldenDirectory + "/" + testCase.goldenFileName
            let relativeGolden = "test/golden/" + testCase.goldenFileName
            var outcome = CaseOutcome(name: testCase.name, passed: true, summary: "", details: "", logs: result.logs,
                                      seconds: 0, updated: false)
            if update {
                let existing = try? String(contentsOfFile: goldenPath, encoding: .utf8)
                if existing != actual {
                    try FileManager.default.createDirectory(atPath: goldenDirectory, withIntermediateDirectories: true)
                    try actual.write(toFile: goldenPath, atomically: true, encoding: .utf8)
                    outcome.updated = true
                }
                if let problem = result.problem {
                    outcome.details = problem
                }
            } else if let expected = try? String(contentsOfFile: goldenPath, encoding: .utf8) {
                let diff = LineDiff.unified(expected: expected, actual: actual, expectedLabel: relativeGolden, actualLabel: "this run")
                if !diff.isEmpty {
                    outcome.passed = false
                    outcome.summary = "events differ from \(relativeGolden)"
                    outcome.details = diff + (result.problem.map { "\n" + $0 } ?? "")
                }
            } else {
                outcome.passed = false
                outcome.summary = "no golden file \(relativeGolden); run `jshost test --update` to record one"
                outcome.details = actual + (result.problem.map { "\n" + $0 } ?? "")
            }
            outcome.seconds = started.duration(to: .now).inSeconds
            progress(outcome)
            outcomes.append(outcome)
        }
        return outcomes
    }

    public func junit(_ outcomes: [CaseOutcome]) -> String {
        JUnitReport.xml(suite: component.name, results: outcomes)
    }
}

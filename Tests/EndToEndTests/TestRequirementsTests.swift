import Testing
import TestSupport

/// Where nothing may be skipped (scripts/test, CI), everything the suites compare against must be installed.
@Suite struct TestRequirementsTests {
    @Test func everythingTheSuitesNeedIsInstalledWhereNothingMaySkip() {
        // The Node the oracle suites compare against, in the test log.
        print("Node oracle: \(TestRequirements.nodeVersion ?? "not installed")")
        guard TestRequirements.requireAll else { return }
        for requirement in TestRequirements.all where !requirement.met {
            Issue.record("\(requirement.name) is missing: run scripts/install-dependencies test")
        }
        #expect(TestRequirements.nodeVersion?.hasPrefix("v20.") == true, "the oracle suites compare against Node v20")
    }
}

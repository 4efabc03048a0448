import Foundation
import TestSupport
import Testing

/// The snapshot page in a real browser: Tests/Browser/page_test.py drives Debian's chromium through selenium
/// against a real `jshost serve`, and checks each result through the API and the command line. Its screenshots
/// go to .build/screenshots.
@Suite(.enabled(if: TestRequirements.met(TestRequirements.browser), "needs chromium, chromium-driver and python3-selenium"))
struct PageBrowserTests {
    @Test func thePageEditsMeetsAConflictRollsBackAndResetsInARealBrowser() async throws {
        let screenshots = "\(Binary.packageRoot)/.build/screenshots"
        let workspace = try Workspace()
        let run = try await offThePool {
            try workspace.execute("/usr/bin/python3", ["\(Binary.packageRoot)/Tests/Browser/page_test.py", Binary.path,
                                                       Binary.packageRoot, screenshots])
        }
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("every check held"))
        #expect(FileManager.default.fileExists(atPath: "\(screenshots)/05-conflict.png"))
    }
}

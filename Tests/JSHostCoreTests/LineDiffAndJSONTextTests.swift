import Foundation
import Testing
@testable import JSHostCore

@Suite struct LineDiffAndJSONTextTests {
    @Test func diffShowsRemovedThenAddedWithContext() {
        let expected = "a\nb\nc\nd\ne\nf\ng\nh\ni"
        let actual = "a\nb\nc\nd\nE\nf\ng\nh\ni"
        let diff = LineDiff.unified(expected: expected, actual: actual, expectedLabel: "golden", actualLabel: "run")
        #expect(diff == "--- golden\n+++ run\n  …\n  b\n  c\n  d\n- e\n+ E\n  f\n  g\n  h\n  …\n")
        #expect(LineDiff.unified(expected: "same", actual: "same", expectedLabel: "g", actualLabel: "r").isEmpty)
    }

    @Test func canonicalJSONIsSortedAndIndented() {
        let value: [String: Any] = ["b": [1, "two", [String: Any]()], "a": ["nested": true, "empty": [Any]()]]
        #expect(JSONText.canonical(value) == """
            {
              "a": {
                "empty": [],
                "nested": true
              },
              "b": [
                1,
                "two",
                {}
              ]
            }
            """)
    }
}

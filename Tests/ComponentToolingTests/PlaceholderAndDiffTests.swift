import Testing
@testable import ComponentTooling

@Suite struct PlaceholderTests {
    @Test func fillsEscapesAndBlanksLikeHandlebars() {
        let values = ["TOKEN": "abc", "URL": "https://x.test/?a=1&b=2", "QUOTE": #"say "hi""#]
        #expect(Placeholders.fill(#"{"t":"{{TOKEN}}","s":"{{ TOKEN }}"}"#, values: values) == #"{"t":"abc","s":"abc"}"#)
        #expect(Placeholders.fill("{{URL}}", values: values) == "https://x.test/?a&#x3D;1&amp;b&#x3D;2")
        #expect(Placeholders.fill("{{{URL}}}", values: values) == "https://x.test/?a=1&b=2")
        #expect(Placeholders.fill("{{QUOTE}}", values: values) == "say &quot;hi&quot;")
        #expect(Placeholders.fill("[{{MISSING}}]", values: values) == "[]")
        #expect(Placeholders.fill("no placeholders {single}", values: values) == "no placeholders {single}")
        #expect(Placeholders.fill("unclosed {{TOKEN", values: values) == "unclosed {{TOKEN")
    }

    @Test func readsDotEnvFiles() {
        let parsed = DotEnv.parse("""
            # comment
            PLAIN=value
            export EXPORTED=yes
            QUOTED="two words\\nnext"
            SINGLE='kept $as is'
            TRAILING=x # comment
            EMPTY=
            """)
        #expect(parsed == ["PLAIN": "value", "EXPORTED": "yes", "QUOTED": "two words\nnext", "SINGLE": "kept $as is",
                           "TRAILING": "x", "EMPTY": ""])
    }
}

@Suite struct DiffAndJSONTests {
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

    @Test func normalizerHidesRunSpecificValues() {
        let normalizer = EventNormalizer(componentDirectory: "/work/cmp")
        let value: [String: Any] = [
            "id": "9f6184a4-7043-403e-a80d-b5c09f0da91a",
            "error": ["stack": "f@/work/cmp/a.js:1:2", "message": "in /work/cmp/a.js"],
        ]
        let normalized = normalizer.normalize(value) as? [String: Any]
        #expect(normalized?["id"] as? String == "<uuid>")
        #expect((normalized?["error"] as? [String: Any])?["stack"] as? String == "<stack>")
        #expect((normalized?["error"] as? [String: Any])?["message"] as? String == "in <component>/a.js")
    }

    @Test func junitEscapesAndCounts() {
        let outcomes = [
            CaseOutcome(name: "ok", passed: true, summary: "", details: "", logs: "", seconds: 0.5, updated: false),
            CaseOutcome(name: "bad <one>", passed: false, summary: "differs", details: "- a\n+ b & c", logs: "log", seconds: 0.25, updated: false),
        ]
        let xml = JUnitReport.xml(suite: "cmp", results: outcomes)
        #expect(xml.contains(#"<testsuite name="cmp" tests="2" failures="1" time="0.750">"#))
        #expect(xml.contains(#"<testcase classname="cmp" name="ok" time="0.500"/>"#))
        #expect(xml.contains(#"name="bad &lt;one&gt;""#))
        #expect(xml.contains("<failure message=\"differs\">- a\n+ b &amp; c</failure>"))
    }
}

import Testing
@testable import ComponentTooling

@Suite struct EventNormalizerAndJUnitTests {
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

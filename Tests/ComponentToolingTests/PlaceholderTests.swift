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

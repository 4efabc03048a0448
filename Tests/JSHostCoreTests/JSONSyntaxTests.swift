import Foundation
import Testing
import JSHostCore

@Suite struct JSONSyntaxTests {
    @Test(arguments: [
        "{}", "[]", "0", "-0.5e+10", "\"\\ud83d\"", "\"\\udc00x\"", " {\"a\" : [1, true, null, \"x\"]} ",
        String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
    ])
    func acceptsWhatTheGrammarAllows(text: String) {
        #expect(JSONSyntax.check(text) == nil, "\(text.prefix(40))")
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "\"a\u{0}b\"", "\"\\x\"", "\"\\u12\"", "tru", "{} {}", "{'a':1}", "[1 2]"])
    func refusesWhatItDoesNot(text: String) {
        #expect(JSONSyntax.check(text) != nil, "\(text)")
    }

    @Test func theCanonicalFormIgnoresSpacingKeyOrderAndEscapes() throws {
        let compact = #"{"b":[1,2.5,"é"],"a":{"y":null,"x":true},"s":"\ud83d"}"#
        let rewritten = #"{ "s": "\ud83d", "a": {"x": true, "y": null}, "b": [1.0, 25e-1, "\u00e9"] }"#
        #expect(try JSONSyntax.canonical(compact) == #"{"a":{"x":true,"y":null},"b":[1,2.5,"é"],"s":"\ud83d"}"#)
        #expect(try JSONSyntax.canonical(rewritten) == JSONSyntax.canonical(compact))
        #expect(try JSONSyntax.compact(rewritten) == #"{"s":"\ud83d","a":{"x":true,"y":null},"b":[1,2.5,"é"]}"#)
        #expect(try JSONSyntax.canonical(#"{"a":1,"a":2}"#) == #"{"a":2}"#, "the last duplicate wins, as in JSON.parse")
        #expect(try JSONSyntax.canonical(#""\u0001\n\"\\/""#) == #""\u0001\n\"\\/""#)
    }

    @Test(arguments: [(1e21, "1e+21"), (1e20, "100000000000000000000"), (0.000001, "0.000001"), (1e-7, "1e-7"),
                      (-1.5, "-1.5"), (123.456, "123.456"), (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
                      (0.1, "0.1"), (100, "100"), (-0.0, "0")])
    func numbersAreWrittenAsJavaScriptWritesThem(value: Double, text: String) throws {
        #expect(try JSONSyntax.canonical("\(value)") == text)
    }

    @Test func membersAsWrittenKeepEachValuesTextAndOrder() throws {
        let members = try JSONSyntax.membersAsWritten(#" { "b" : [1, {"x":"\u00e9"}] , "a\n":"s", "b":2 } "#)
        #expect(members?.map(\.name) == ["b", "a\n", "b"])
        #expect(members?.map(\.json) == [#"[1, {"x":"\u00e9"}]"#, #""s""#, "2"])
        #expect(try JSONSyntax.membersAsWritten("{}")?.isEmpty == true)
        #expect(try JSONSyntax.membersAsWritten("[1]") == nil)
        #expect(throws: JSONSyntax.Failure.self) { try JSONSyntax.membersAsWritten(#"{"a":1"#) }
        #expect(throws: JSONSyntax.Failure.self) { try JSONSyntax.membersAsWritten(#"{"a":1} x"#) }
        #expect(throws: JSONSyntax.Failure.self) { try JSONSyntax.membersAsWritten(#"{"a":tru}"#) }
    }

    @Test func elementsAsWrittenKeepEachElementsText() throws {
        #expect(try JSONSyntax.elementsAsWritten(#" [ {"b":1, "a":[2]} , "x" ,3 ] "#) == [#"{"b":1, "a":[2]}"#, #""x""#, "3"])
        #expect(try JSONSyntax.elementsAsWritten("[]") == [])
        #expect(try JSONSyntax.elementsAsWritten("{}") == nil)
        #expect(throws: JSONSyntax.Failure.self) { try JSONSyntax.elementsAsWritten("[1,") }
        #expect(throws: JSONSyntax.Failure.self) { try JSONSyntax.elementsAsWritten("[1 2]") }
    }
}

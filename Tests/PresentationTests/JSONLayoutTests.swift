import Testing
@testable import Presentation

@Suite struct JSONLayoutTests {
    @Test func layoutIsNodesStringifyWithTwoSpacesInTheOrderWritten() {
        let text = #"{"id":"7","attachments":{},"body":{"items":[1,2.50,{"z":true,"a":null}],"empty":[]},"headers":{},"metadata":{"s":"a\"b"}}"#
        let expected = """
            {
              "id": "7",
              "attachments": {},
              "body": {
                "items": [
                  1,
                  2.50,
                  {
                    "z": true,
                    "a": null
                  }
                ],
                "empty": []
              },
              "headers": {},
              "metadata": {
                "s": "a\\"b"
              }
            }
            """
        #expect(JSONLayout.indented(text) == expected)
        #expect(JSONLayout.indented("  [ ]  ") == "[]")
        #expect(JSONLayout.indented("42") == "42")
        #expect(JSONLayout.indented("{\"a\":") == "{\"a\":", "not JSON: returned as it is")
    }

    @Test func longStringsAreFoldedWithHowMuchWasLeftOut() {
        let text = #"{"k":"\#(String(repeating: "x", count: 30))"}"#
        #expect(JSONLayout.indented(text, foldStringsOver: 10) == "{\n  \"k\": \"xxxxxxxxxx…\" (20 more characters)\n}")
        #expect(JSONLayout.indented(#"{"a_long_key_name":1}"#, foldStringsOver: 3) == "{\n  \"a_long_key_name\": 1\n}", "keys are never folded")
    }

    @Test func colourMarksStringsNumbersAndLiterals() {
        let painted = JSONLayout.indented(#"{"a":"s","b":1,"c":true}"#, paint: Paint(enabled: true))
        #expect(painted.contains("\u{1B}["))
        #expect(Paint.stripped(painted) == JSONLayout.indented(#"{"a":"s","b":1,"c":true}"#))
    }
}

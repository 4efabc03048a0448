import Testing
@testable import JSEngine

@Suite struct EvaluationTests {
    @Test func evaluatesAndConvertsValues() throws {
        let engine = JSEngine()
        #expect(try engine.evaluate("1 + 2", sourceURL: "t.js").toInt() == 3)
        #expect(try engine.evaluate("'a' + 'b'", sourceURL: "t.js").toString() == "ab")
        #expect(try engine.evaluate("undefined", sourceURL: "t.js").isUndefined)
        #expect(try engine.evaluate("[]", sourceURL: "t.js").isArray)
        #expect(try engine.evaluate("(function () {})", sourceURL: "t.js").isFunction)
    }

    @Test func exceptionCarriesMessageFileLineAndStack() throws {
        let engine = JSEngine()
        let source = """
            function inner() { return x.nope.deeper; }
            function outer() { return inner(); }
            outer();
            """
        let exception = try #require(thrownException { try engine.evaluate(source, sourceURL: "component.js") })
        #expect(exception.name == "ReferenceError")
        #expect(exception.message.contains("x"))
        #expect(exception.sourceURL == "component.js")
        #expect(exception.line == 1)
        let stack = try #require(exception.stack)
        #expect(stack.contains("inner@component.js:1"))
        #expect(stack.contains("outer@component.js:2"))
    }

    @Test func syntaxErrorNamesFileAndLine() throws {
        let engine = JSEngine()
        let exception = try #require(thrownException { try engine.evaluate("let a = 1;\nlet b = ;\n", sourceURL: "broken.js") })
        #expect(exception.name == "SyntaxError")
        #expect(exception.location?.hasPrefix("broken.js:2") == true)
    }

    @Test func thrownNonErrorValuesAreReported() throws {
        let engine = JSEngine()
        let object = try #require(thrownException { try engine.evaluate("throw {code: 42}", sourceURL: "t.js") })
        #expect(object.thrownJSON == #"{"code":42}"#)
        let string = try #require(thrownException { try engine.evaluate("throw 'plain'", sourceURL: "t.js") })
        #expect(string.message == "plain")
    }

    @Test func topLevelDeclarationsPersistInTheContext() throws {
        let engine = JSEngine()
        try engine.evaluate("var counter = 1", sourceURL: "a.js")
        try engine.evaluate("counter += 1", sourceURL: "b.js")
        #expect(try engine.evaluate("counter", sourceURL: "c.js").toInt() == 2)
    }
}

@Suite struct JSONBridgeTests {
    @Test func parsesAndStringifies() throws {
        let engine = JSEngine()
        let value = try #require(engine.parseJSON(#"{"a":[1,2],"s":"ü€😀"}"#))
        #expect(value["a"].isArray)
        #expect(try value.toJSON() == #"{"a":[1,2],"s":"ü€😀"}"#)
        #expect(engine.parseJSON("{not json") == nil)
        #expect(try engine.undefined.toJSON() == nil)
        #expect(try engine.parseJSON("\"bare\"")?.toJSON() == "\"bare\"")
    }

    @Test func cyclesThrow() throws {
        let engine = JSEngine()
        let cyclic = try engine.evaluate("(() => { const o = {}; o.self = o; return o; })()", sourceURL: "t.js")
        #expect(throws: JSEngineError.self) { try cyclic.toJSON() }
    }
}

/// The JS exception `body` throws, or nil when it throws none (or fails otherwise).
func thrownException<T>(_ body: () throws -> T) -> JSException? {
    do {
        _ = try body()
        return nil
    } catch JSEngineError.exception(let exception) {
        return exception
    } catch {
        return nil
    }
}

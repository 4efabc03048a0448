import Testing
@testable import JSEngine

/// Values Swift makes one after another survive a collection while the next is made: the collector does not see
/// Swift arrays, so each must be reachable from the moment it is made (see FreshValues).
@Suite struct FreshValuesTests {
    /// A string big enough to live in the heap, with its number in it.
    func text(_ number: Int) -> String { "value \(number) " + String(repeating: "x", count: 200) }

    @Test func anArrayMadeItemByItemKeepsEveryItemThroughACollection() throws {
        let engine = JSEngine()
        let array = engine.array(0..<64) { number -> JSValue in
            if number % 16 == 15 { engine.collectGarbage() }
            return engine.string(text(number))
        }
        engine.global["made"] = array
        let kept = try engine.evaluate("made.map(s => s.split(' ')[1]).join(',')", sourceURL: "t.js").toString()
        #expect(kept == (0..<64).map(String.init).joined(separator: ","))
    }

    @Test func argumentsMadeOneAfterAnotherReachTheCallAlive() throws {
        let engine = JSEngine()
        let join = try engine.evaluate("(function () { return Array.from(arguments, s => s.split(' ')[1]).join(','); })", sourceURL: "t.js")
        let makers: [() -> JSValue] = (0..<32).map { number in
            {
                if number % 8 == 7 { engine.collectGarbage() }
                return engine.string(text(number))
            }
        }
        let joined = try engine.withValues(making: makers) { arguments in try join.call(arguments) }.toString()
        #expect(joined == (0..<32).map(String.init).joined(separator: ","))
    }

    @Test func keptValuesSurviveWhatTheBodyMakes() throws {
        let engine = JSEngine()
        let values = (0..<8).map { engine.string(text($0)) }
        let joined = try engine.keeping(values) { () throws -> String in
            engine.collectGarbage()
            engine.global["kept"] = engine.array(values)
            return try engine.evaluate("kept.map(s => s.split(' ')[1]).join(',')", sourceURL: "t.js").toString()
        }
        #expect(joined == (0..<8).map(String.init).joined(separator: ","))
    }
}

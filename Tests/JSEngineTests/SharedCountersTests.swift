import Foundation
import Testing
@testable import JSEngine

@Suite struct SharedCountersTests {
    @Test func whatJavaScriptWritesAnotherThreadReads() async throws {
        let counters = SharedCounters(count: 2)
        let engine = JSEngine()
        let write = try engine.evaluate("(function (a) { a[0] = 42; a[1] = (a[1] + 1) | 0; return a.length; })", sourceURL: "t.js")
        let array = engine.int32Array(over: counters)
        #expect(try write.call(this: nil, [array]).toInt() == 2)
        _ = try write.call(this: nil, [array])
        let seen = await Task.detached { (counters.load(0), counters.load(1)) }.value
        #expect(seen.0 == 42)
        #expect(seen.1 == 2)
    }

    @Test func theArrayKeepsItsMemoryAliveAfterTheHostLetsGo() throws {
        let engine = JSEngine()
        var counters: SharedCounters? = SharedCounters(count: 1)
        weak let watcher = counters
        let array = engine.int32Array(over: counters!)
        counters = nil
        #expect(watcher != nil)
        let set = try engine.evaluate("(function (a) { a[0] = 7; return a[0]; })", sourceURL: "t.js")
        #expect(try set.call(this: nil, [array]).toInt() == 7)
    }
}

import Testing
@testable import JSEngine

/// An engine with a heap limit stops the call that outgrows it, whatever the deadline, and calls within it run.
@Suite struct HeapLimitTests {
    @Test func aCallWhoseHeapOutgrowsTheLimitIsStopped() throws {
        let engine = JSEngine()
        engine.heapLimitBytes = 64 << 20
        // A backstop: without the heap limit the hog ends as a timeout, and the test fails rather than hangs.
        engine.deadline = ContinuousClock.now.advanced(by: .seconds(20))
        #expect(try engine.evaluate("[1, 2, 3].map(x => ({ x })).length", sourceURL: "small.js").toInt() == 3)
        do {
            try engine.evaluate("globalThis.kept = []; for (;;) kept.push(new Array(1000).fill('x' + kept.length));", sourceURL: "hog.js")
            Issue.record("expected the heap limit to stop the call")
        } catch {
            guard case .heapLimitExceeded(let bytes) = error else { Issue.record("unexpected \(error)"); return }
            #expect(bytes == 64 << 20)
        }
        #expect(engine.heapBytes > 64 << 20, "what the call kept is still there: the engine is to be let go")
    }

    @Test func aDeadlinePassingUnderAHeapLimitIsStillATimeout() throws {
        let engine = JSEngine()
        engine.heapLimitBytes = 512 << 20
        engine.deadline = ContinuousClock.now.advanced(by: .milliseconds(200))
        do {
            try engine.evaluate("for (;;) {}", sourceURL: "spin.js")
            Issue.record("expected a timeout")
        } catch {
            guard case .executionTimedOut = error else { Issue.record("unexpected \(error)"); return }
        }
    }
}

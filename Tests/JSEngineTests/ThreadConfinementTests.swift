import Foundation
import Testing
@testable import JSEngine

/// An engine is confined to the thread that made it, and that is checked: another thread calling in stops the
/// process with a message instead of corrupting the VM.
@Suite struct ThreadConfinementTests {
    @Test func theCreatingThreadMayCallIn() throws {
        let engine = JSEngine()
        #expect(try engine.evaluate("1 + 1", sourceURL: "t.js").toInt() == 2)
    }

    @Test func anotherThreadCallingInStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let engine = JSEngine()
            let done = DispatchSemaphore(value: 0)
            let unchecked = UncheckedEngine(engine: engine)
            Thread {
                _ = try? unchecked.engine.evaluate("1 + 1", sourceURL: "t.js")
                done.signal()
            }.start()
            done.wait()
        }
    }
}

/// Hands an engine to another thread on purpose, which the type system would rightly refuse.
struct UncheckedEngine: @unchecked Sendable {
    let engine: JSEngine
}

#if canImport(Glibc)
import Glibc
#endif

/// JavaScriptCore options for how jshost runs: one component per process, on machines whose few cores the host
/// wants for parallel runs. The concurrent GC's marker threads are off; JIT compilation stays on its own thread.
/// Measured on 2 cores (100,000 messages, alternating, 7 runs each): one stream 1.30 s with the concurrent JIT off
/// against 1.14 s with it on, two in parallel 1.69 s against 1.59 s, so it stays on (an earlier version of the
/// stream path gained a little with it off; background commits changed that). Concurrent GC on or off: within the
/// noise (1.11 s / 1.63 s with everything at JavaScriptCore's defaults). Options the user sets in the environment win.
enum EngineTuning {
    static let options = [
        "JSC_useConcurrentGC": "false",
        "JSC_numberOfGCMarkers": "1",
    ]

    /// Must run before the first JavaScriptCore VM is created: JSC reads these once.
    static func apply() {
        for (name, value) in options { setenv(name, value, 0) }
    }
}

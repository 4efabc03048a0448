#if canImport(Glibc)
import Glibc
#endif

/// JavaScriptCore options for how jshost runs: one component per process, on machines whose few cores the host
/// wants for parallel runs. JavaScriptCore's concurrent JIT and GC threads compete with a second stream for them.
/// Measured on 2 cores (100,000 messages, alternating A/B): one stream alone 2.06 s with these options against
/// 2.09 s without; two in parallel 2.34 s against 2.42 s; in a quieter hour 1.82–1.88× parallel speedup against
/// 1.38–1.77×. A small gain, within this machine's noise at worst. Options the user sets in the environment win.
enum EngineTuning {
    static let options = [
        "JSC_useConcurrentJIT": "false",
        "JSC_useConcurrentGC": "false",
        "JSC_numberOfGCMarkers": "1",
    ]

    /// Must run before the first JavaScriptCore VM is created: JSC reads these once.
    static func apply() {
        for (name, value) in options { setenv(name, value, 0) }
    }
}

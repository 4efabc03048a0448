#if canImport(Glibc)
import Glibc
#endif

/// JavaScriptCore options for how jshost runs: one component per process, on a machine whose cores the host
/// wants for parallel runs. JavaScriptCore's concurrent JIT and GC threads compete with a second stream for the
/// cores; without them two streams in parallel ran 1.82–1.88× as fast as one, against 1.38–1.77× with them, and
/// one stream alone was no slower (benchmarks/run, B5 and B2). Options set in the environment by the user win.
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

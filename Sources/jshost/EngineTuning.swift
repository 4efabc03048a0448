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
        // JavaScriptCore reserves 1 GiB of address space for JIT code by default; a component's code needs a few
        // MiB, and past the reservation the engine interprets instead of failing. The smaller reservation is what
        // lets jshost start under an address-space limit (ulimit -v) of 5 GiB.
        "JSC_jitMemoryReservationSize": String(128 << 20),
    ]

    /// The least address space (RLIMIT_AS) a run starts in, measured: JavaScriptCore reserves 4 GiB for its
    /// structure heap (a fixed size in this build, untouched until used) on top of the JIT reservation, the
    /// binary and the libraries; 4.58 GiB started, 4.39 GiB aborted inside JSC::initialize.
    static let minimumAddressSpace = 4_800_000 * 1024

    /// Nil when the address-space limit leaves room for the engine, else what to tell the user.
    static func addressSpaceProblem() -> String? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max,
              limit.rlim_cur < rlim_t(minimumAddressSpace) else { return nil }
        return "the address-space limit (ulimit -v) is \(limit.rlim_cur / 1024) KiB, and the JavaScript engine reserves about \(minimumAddressSpace / 1024) KiB of address space at start (reserved, not used: --max-memory limits what is used); raise it with ulimit -v \(minimumAddressSpace / 1024) or more"
    }

    /// Must run before the first JavaScriptCore VM is created: JSC reads these once.
    static func apply() {
        for (name, value) in options { setenv(name, value, 0) }
    }
}

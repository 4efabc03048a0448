import Foundation
import JSEngine

/// The native half of `process`: exit and abort, memory and CPU use.
enum ProcessBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func argument(_ arguments: [JSValue], _ index: Int) -> JSValue { index < arguments.count ? arguments[index] : engine.undefined }
        define("exit") { [unowned runtime] engine, _, args in
            runtime.requestExit(Int32(clamping: argument(args, 0).toInt()))
            // Unwind the current script; the loop sees the request and stops.
            throw JSHostError("process.exit() called", code: "JSHOST_PROCESS_EXIT")
        }

        let abortEndsProcess = runtime.options.abortEndsProcess
        define("abort") { [unowned runtime] engine, _, _ in
            if abortEndsProcess { abort() }
            runtime.requestAbort()
            throw JSHostError("process.abort() called", code: "JSHOST_PROCESS_EXIT")
        }

        define("residentSetBytes") { engine, _, _ in
            // /proc/self/statm: size resident … in pages.
            guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
                  let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return engine.number(0) }
            return engine.number(pages * Int(sysconf(Int32(_SC_PAGESIZE))))
        }
        // resourceUsage() → getrusage(RUSAGE_SELF) in Node's order and units (times in microseconds, sizes in KiB)
        define("resourceUsage") { engine, _, _ in
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            func micro(_ time: timeval) -> Int { Int(time.tv_sec) * 1_000_000 + Int(time.tv_usec) }
            let fields = [micro(usage.ru_utime), micro(usage.ru_stime), usage.ru_maxrss, usage.ru_ixrss, usage.ru_idrss, usage.ru_isrss,
                          usage.ru_minflt, usage.ru_majflt, usage.ru_nswap, usage.ru_inblock, usage.ru_oublock, usage.ru_msgsnd,
                          usage.ru_msgrcv, usage.ru_nsignals, usage.ru_nvcsw, usage.ru_nivcsw]
            return engine.array(fields.map { engine.number(Int($0)) })
        }
        // identity() → [uid, gid, euid, egid, supplementary groups]
        define("identity") { engine, _, _ in
            var groups = [gid_t](repeating: 0, count: 64)
            let count = getgroups(Int32(groups.count), &groups)
            return engine.array([engine.number(Int(getuid())), engine.number(Int(getgid())), engine.number(Int(geteuid())),
                                 engine.number(Int(getegid())), engine.array(groups.prefix(max(0, Int(count))).map { engine.number(Int($0)) })])
        }
        define("cpuMicroseconds") { engine, _, _ in
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            let result = engine.object()
            result["user"] = engine.number(Int(usage.ru_utime.tv_sec) * 1_000_000 + Int(usage.ru_utime.tv_usec))
            result["system"] = engine.number(Int(usage.ru_stime.tv_sec) * 1_000_000 + Int(usage.ru_stime.tv_usec))
            return result
        }
    }
}

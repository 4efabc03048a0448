import Foundation
import JSEngine

/// The native half of `os`: memory, uptime and load from the system.
enum OSBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }

        define("memoryInfo") { engine, _, _ in
            // [total, free, uptime] from /proc, as Node's os module reports them.
            func field(_ text: String, _ name: String) -> Double {
                guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
                      let kib = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
                return kib * 1024
            }
            let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
            let uptime = (try? String(contentsOfFile: "/proc/uptime", encoding: .utf8))?.split(separator: " ").first.flatMap { Double($0) } ?? 0
            return engine.array([engine.number(field(meminfo, "MemTotal")), engine.number(field(meminfo, "MemAvailable")),
                                 engine.number(uptime.rounded(.down))])
        }
        // priority(pid) → the nice value, as getpriority(2) reports it
        define("priority") { engine, _, args in
            let pid = args.first.map { id_t(truncatingIfNeeded: $0.toInt()) } ?? 0
            errno = 0
            let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), pid)
            if value == -1 && errno != 0 {
                let code = errno == ESRCH ? "ESRCH" : "EPERM"
                throw JSHostError("A system error occurred: uv_os_getpriority returned \(code) (\(String(cString: strerror(errno)).lowercased()))", code: "ERR_SYSTEM_ERROR")
            }
            return engine.number(Int(value))
        }
        define("loadAverage") { engine, _, _ in
            var loads = [Double](repeating: 0, count: 3)
            _ = getloadavg(&loads, 3)
            return engine.array(loads.map { engine.number($0) })
        }
    }
}

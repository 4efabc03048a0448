import Foundation
import JSEngine

/// The native half of the bootstrap scripts: one object of host functions they receive as `host`.
enum HostBindings {
    static func make(for runtime: NodeRuntime) -> JSValue {
        let engine = runtime.engine
        let host = engine.object()
        let stderr = runtime.options.stderr
        let cwd = runtime.options.workingDirectory

        func define(_ name: String, _ body: @escaping HostFunction.Body) {
            host[name] = engine.function(name, body)
        }
        func argument(_ arguments: [JSValue], _ index: Int) -> JSValue {
            index < arguments.count ? arguments[index] : engine.undefined
        }

        define("writeStderr") { engine, _, args in
            stderr(argument(args, 0).toString())
            return engine.undefined
        }
        define("cwd") { engine, _, _ in engine.string(cwd) }
        define("monotonicMs") { [unowned runtime] engine, _, _ in engine.number(runtime.monotonicNanoseconds() / 1e6) }
        define("monotonicNs") { [unowned runtime] engine, _, _ in engine.number(runtime.monotonicNanoseconds()) }

        define("timerStart") { [unowned runtime] engine, _, args in
            runtime.timers.start(id: argument(args, 0).toInt(), delayMilliseconds: argument(args, 1).toDouble(),
                                 refed: argument(args, 2).isTruthy, now: .now)
            return engine.undefined
        }
        define("timerClear") { [unowned runtime] engine, _, args in
            runtime.timers.clear(id: argument(args, 0).toInt())
            return engine.undefined
        }
        define("timerRef") { [unowned runtime] engine, _, args in
            runtime.timers.setRef(id: argument(args, 0).toInt(), refed: argument(args, 1).isTruthy)
            return engine.undefined
        }

        define("ticksPending") { [unowned runtime] engine, _, _ in
            runtime.ticksPending = true
            return engine.undefined
        }
        define("uncaught") { [unowned runtime] engine, _, args in
            runtime.recordUncaught(engine.exception(from: argument(args, 0).ref))
            return engine.undefined
        }
        define("unhandledRejection") { [unowned runtime] engine, _, args in
            runtime.unhandledRejectionReporter(argument(args, 0).toString())
            return engine.undefined
        }
        define("exit") { [unowned runtime] engine, _, args in
            runtime.requestExit(Int32(clamping: argument(args, 0).toInt()))
            // Unwind the current script; the loop sees the request and stops.
            throw JSHostError("process.exit() called", code: "JSHOST_PROCESS_EXIT")
        }

        let abortEndsProcess = runtime.options.abortEndsProcess
        define("abort") { [unowned runtime] engine, _, _ in
            if abortEndsProcess { abort() }
            runtime.requestExit(134)
            throw JSHostError("process.abort() called", code: "JSHOST_PROCESS_EXIT")
        }

        define("fileKind") { engine, _, args in
            var info = stat()
            guard stat(argument(args, 0).toString(), &info) == 0 else { return engine.number(0) }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return engine.number(1)
            case S_IFDIR: return engine.number(2)
            default: return engine.number(0)
            }
        }
        let permissions = runtime.options.permissions
        define("readFile") { engine, _, args in
            let path = argument(args, 0).toString()
            // The loader reads sources and package.json files under the same permissions as fs (plus the module
            // roots): a credentials file is just a .json file, and a parse error would show its content.
            if let denial = permissions.moduleDenial(path) {
                throw JSHostError("Cannot load '\(path)': \(denial)", code: "ERR_ACCESS_DENIED")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw JSHostError("ENOENT: no such file or directory, open '\(path)'", code: "ENOENT")
            }
            return engine.string(String(decoding: data, as: UTF8.self))
        }
        define("realpath") { engine, _, args in
            let path = argument(args, 0).toString()
            guard let resolved = Foundation.realpath(path, nil) else { return engine.string(path) }
            defer { free(resolved) }
            return engine.string(String(cString: resolved))
        }
        define("compile") { engine, _, args in
            let text = argument(args, 0).toString()
            let source = ModuleWrapper.prefix + (CatchBindings.rewrite(text) ?? text) + ModuleWrapper.suffix
            return try engine.evaluateInHostCall(source, sourceURL: argument(args, 1).toString())
        }
        define("residentSetBytes") { engine, _, _ in
            // /proc/self/statm: size resident … in pages.
            guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
                  let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return engine.number(0) }
            return engine.number(pages * Int(sysconf(Int32(_SC_PAGESIZE))))
        }
        define("cpuMicroseconds") { engine, _, _ in
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            let result = engine.object()
            result["user"] = engine.number(Int(usage.ru_utime.tv_sec) * 1_000_000 + Int(usage.ru_utime.tv_usec))
            result["system"] = engine.number(Int(usage.ru_stime.tv_sec) * 1_000_000 + Int(usage.ru_stime.tv_usec))
            return result
        }
        define("isatty") { engine, _, args in
            // fd 1 carries jshost's events, never a terminal as far as a component is concerned.
            let fd = Int32(clamping: argument(args, 0).toInt())
            return engine.boolean(fd != 1 && Foundation.isatty(fd) == 1)
        }
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
        define("loadAverage") { engine, _, _ in
            var loads = [Double](repeating: 0, count: 3)
            _ = getloadavg(&loads, 3)
            return engine.array(loads.map { engine.number($0) })
        }
        define("randomHex") { engine, _, args in
            let count = max(1, min(65536, argument(args, 0).toInt()))
            var bytes = [UInt8](repeating: 0, count: count)
            SecureRandom.fill(&bytes)
            let digits: [UInt8] = Array("0123456789abcdef".utf8)
            var hex = [UInt8]()
            hex.reserveCapacity(count * 2)
            for byte in bytes {
                hex.append(digits[Int(byte >> 4)])
                hex.append(digits[Int(byte & 0x0f)])
            }
            return engine.string(String(decoding: hex, as: UTF8.self))
        }
        return host
    }
}

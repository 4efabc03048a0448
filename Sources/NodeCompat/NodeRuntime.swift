import COpenSSL
import Foundation
import JSEngine

/// A JavaScriptCore context made to look like Node 20 for CommonJS code: globals, `require`, and an event loop.
/// Confined to its creating thread, like the engine it owns.
public final class NodeRuntime {
    public let engine: JSEngine
    public let options: NodeOptions
    private var internalsValue: ProtectedJSValue!
    var timers = TimerQueue()
    private var uncaught: JSException?
    /// Results of socket work and lookups done off the JS thread.
    let inbox = IOInbox()
    /// Open client sockets by id, until the JS side destroys them.
    var sockets: [Int: SocketConnection] = [:]
    /// Open OpenSSL ciphers by handle (nil once finished).
    var ciphers: [OpaquePointer?] = []
    /// Open zlib streams by handle (nil once finished).
    var zlibStreams: [ZlibStream?] = []
    /// Contexts made by `vm.createContext`, kept for the runtime's life.
    var vmContexts: [SiblingContext] = []
    /// process.nextTick queued work from a promise job; drained once the call that queued it has returned.
    var ticksPending = false
    private var exitRequest: Int32?
    private let startInstant = ContinuousClock.now

    /// Reports an unhandled promise rejection (already formatted). Defaults to a warning on stderr, as sailor logs it.
    public var unhandledRejectionReporter: (String) -> Void

    public init(options: NodeOptions = NodeOptions(), engine: JSEngine = JSEngine()) throws(JSEngineError) {
        self.engine = engine
        var options = options
        // require reads the system libraries and NODE_PATH's folders, as Node does, whatever fs may read.
        let nodePath = options.environment["NODE_PATH"].map { $0.split(separator: ":").map(String.init) } ?? []
        options.permissions = options.permissions.addingModuleRoots(options.libraryRoots + nodePath)
        self.options = options
        let stderr = options.stderr
        unhandledRejectionReporter = { text in stderr("jshost: unhandled promise rejection: \(text)\n") }
        try bootstrap()
    }

    deinit {
        // A socket's thread would otherwise outlive the runtime that can no longer hear from it.
        for socket in sockets.values { socket.send(.destroy) }
        for cipher in ciphers { ccrypto_cipher_free(cipher) }
    }

    /// The object shared by jshost's own scripts (format, inspect, Module, …). Not visible to components.
    public var internals: JSValue { internalsValue.value }

    private func bootstrap() throws(JSEngineError) {
        let internals = engine.object()
        internalsValue = internals.protect()
        internals["libraryRoots"] = engine.array(options.libraryRoots.map { engine.string($0) })
        let host = HostBindings.make(for: self)
        let path = try run(PathScript.source, "path", [host])
        try run(FormatScript.source, "format", [internals])
        try run(ErrorMessagesScript.source, "error-messages", [host, internals, engine.number(ModuleWrapper.prefix.count)])
        try run(ConsoleScript.source, "console", [host, internals])
        try run(RandomScript.source, "random", [host, internals])
        try run(TimersScript.source, "timers", [host, internals])
        try run(ProcessScript.source, "process", [host, internals, processInfo()])
        try run(LoaderScript.source, "loader", [host, internals, path])
        try run(EncodingScript.source, "encoding", [internals])
        try run(JSONErrorScript.source, "json", [internals])
        try run(EventsScript.source, "events", [internals])
        try run(UtilScript.source, "util", [internals])
        try run(LibraryBuiltinsScript.source, "library-builtins", [internals])
        try run(SmallBuiltinsScript.source, "small-builtins",
                [host, internals, engine.function("systemInfo") { [unowned self] _, _, _ in systemInfo() }])
        // Builtins most components never touch are evaluated on first use: a cold run saves about 4 ms.
        try run(DeferScript.source, "defer", [internals])
        try deferScript("url", modules: ["url", "punycode"], globals: ["URL", "URLSearchParams"]) { runtime in
            try runtime.run(URLScript.source, "url", [internals])
        }
        try deferScript("assert", modules: ["assert", "assert/strict"]) { runtime in
            try runtime.run(AssertScript.source, "assert", [internals])
        }
        try deferScript("crypto", modules: ["crypto"], globals: ["crypto"]) { runtime in
            CryptoBindings.install(on: host, engine: runtime.engine)
            OpenSSLCryptoBindings.install(on: host, runtime: runtime)
            try runtime.run(CryptoScript.source, "crypto", [host, internals])
            try runtime.run(CryptoKeysScript.source, "crypto-keys", [host, internals])
        }
        try deferScript("fs", modules: ["fs", "fs/promises"]) { runtime in
            FSBindings.install(on: host, runtime: runtime)
            try runtime.run(FSScript.source, "fs", [host, internals])
        }
        try deferScript("http", modules: ["http", "https"]) { runtime in
            try runtime.run(HTTPAgentScript.source, "http-agent", [internals])
            try runtime.run(HTTPIncomingScript.source, "http-incoming", [internals])
            try runtime.run(HTTPScript.source, "http", [internals])
            let entries = try runtime.engine.evaluate(HTTPSEntryScript.source, sourceURL: HTTPSEntryScript.sourceURL)
            try entries.call(this: nil, [internals])
        }
        try deferScript("net", modules: ["net", "tls", "dns", "dns/promises"]) { runtime in
            SocketBindings.install(on: host, runtime: runtime)
            try runtime.run(NetScript.source, "net", [host, internals])
            try runtime.run(TLSScript.source, "tls", [host, internals])
            try runtime.run(DNSScript.source, "dns", [host, internals])
        }
        try deferScript("fetch", globals: ["fetch", "Headers", "Request", "Response"]) { runtime in
            try runtime.run(FetchScript.source, "fetch", [internals])
        }
        try deferScript("zlib", modules: ["zlib"]) { runtime in
            ZlibBindings.install(on: host, runtime: runtime)
            try runtime.run(ZlibScript.source, "zlib", [host, internals])
        }
        try deferScript("vm", modules: ["vm"]) { runtime in
            VMBindings.install(on: host, runtime: runtime)
            try runtime.run(VMScript.source, "vm", [host, internals])
        }
        if let frozen = options.frozenNow {
            try run(ClockScript.source, "clock", [engine.number(frozen.timeIntervalSince1970 * 1000)])
        }
        let reporter = try engine.evaluate(
            "(function (internals) { return function (promise, reason) { internals.reportUnhandledRejection(reason); }; })",
            sourceURL: "jshost:internal/rejections")
        engine.setUnhandledRejectionCallback(try reporter.call(this: nil, [internals]))
    }

    /// Registers a builtin script to be evaluated when one of its modules is required or one of its globals read.
    private func deferScript(_ name: String, modules: [String] = [], globals: [String] = [],
                             load: @escaping (NodeRuntime) throws -> Void) throws(JSEngineError) {
        let loader = engine.function("load_\(name)") { [unowned self] engine, _, _ in
            try load(self)
            return engine.undefined
        }
        try internals["defer"].call(this: internals, [
            loader, engine.array(modules.map { engine.string($0) }), engine.array(globals.map { engine.string($0) }),
        ])
    }

    /// Evaluates one of jshost's bootstrap scripts (a function expression) and calls it.
    @discardableResult
    private func run(_ source: String, _ name: String, _ arguments: [JSValue]) throws(JSEngineError) -> JSValue {
        let factory = try engine.evaluate(source, sourceURL: "jshost:internal/\(name)")
        return try factory.call(this: nil, arguments)
    }

    /// Evaluates a script of jshost's own that is a function expression, then calls it with `arguments`.
    public func runInternalScript(_ source: String, name: String, arguments: [JSValue]) throws(JSEngineError) -> JSValue {
        try run(source, name, arguments)
    }

    private func processInfo() -> JSValue {
        let info = engine.object()
        let env = engine.object()
        for (key, value) in options.environment { env[key] = engine.string(value) }
        info["env"] = env
        info["argv"] = engine.array(options.arguments.map { engine.string($0) })
        info["execPath"] = engine.string(CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "jshost")
        info["pid"] = engine.number(Int(getpid()))
        info["ppid"] = engine.number(Int(getppid()))
        #if arch(arm64)
        info["arch"] = engine.string("arm64")
        #else
        info["arch"] = engine.string("x64")
        #endif
        info["version"] = engine.string("v\(Self.nodeVersion)")
        let versions = engine.object()
        versions["node"] = engine.string(Self.nodeVersion)
        versions["jshost"] = engine.string(Self.jshostVersion)
        versions["javascriptcore"] = engine.string(JSEngine.javaScriptCoreVersion)
        info["versions"] = versions
        return info
    }

    /// What the `os` module reports about this machine and user.
    private func systemInfo() -> JSValue {
        let info = engine.object()
        var name = utsname()
        uname(&name)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        info["osRelease"] = engine.string(text(name.release))
        info["osVersion"] = engine.string(text(name.version))
        info["machine"] = engine.string(text(name.machine))
        info["hostname"] = engine.string(text(name.nodename))
        #if arch(arm64)
        info["arch"] = engine.string("arm64")
        #else
        info["arch"] = engine.string("x64")
        #endif
        info["cpuCount"] = engine.number(ProcessInfo.processInfo.activeProcessorCount)
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last
        info["cpuModel"] = engine.string(model.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown")
        info["uid"] = engine.number(Int(getuid()))
        info["gid"] = engine.number(Int(getgid()))
        if let entry = getpwuid(getuid()) {
            info["username"] = engine.string(String(cString: entry.pointee.pw_name))
            info["homedir"] = engine.string(String(cString: entry.pointee.pw_dir))
            info["shell"] = engine.string(String(cString: entry.pointee.pw_shell))
        }
        return info
    }

    /// The Node release whose behaviour jshost follows.
    public static let nodeVersion = "20.0.0"
    public static let jshostVersion = "0.1.0"

    // MARK: modules

    /// Serves `require(name)` with `factory()`'s result, ahead of node_modules (e.g. `elasticio-node`).
    public func registerHostModule(_ name: String, factory: JSValue) {
        let map = internals["hostModules"]
        _ = try? map["set"].call(this: map, [engine.string(name), factory])
    }

    /// Loads `filename` as Node would load its entry script, and returns its `module.exports`.
    public func requireMain(_ filename: String) throws(NodeRuntimeError) -> JSValue {
        try invoke(internals["requireMain"], this: internals, [engine.string(filename)])
    }

    // MARK: calls and the loop

    /// Calls into JS as a macrotask would: a throw or a pending uncaught exception surfaces as `NodeRuntimeError`.
    @discardableResult
    public func invoke(_ function: JSValue, this: JSValue?, _ arguments: [JSValue]) throws(NodeRuntimeError) -> JSValue {
        let result: JSValue
        do {
            result = try function.call(this: this, arguments)
            try drainPendingTicks()
        } catch {
            try checkHostRequests()
            switch error {
            case .executionTimedOut: throw .timedOut
            case .exception(let exception): throw .uncaughtException(exception)
            case .typeMismatch(let what): throw .uncaughtException(JSException(name: "TypeError", message: what))
            }
        }
        try checkHostRequests()
        return result
    }

    /// Node's order: after a macrotask and its microtasks, the ticks they queued, then their microtasks, and so on.
    private func drainPendingTicks() throws(JSEngineError) {
        guard ticksPending else { return }
        let drain = internals["drainTicks"]
        while ticksPending {
            ticksPending = false
            try drain.call(this: internals, [])
        }
    }

    private func checkHostRequests() throws(NodeRuntimeError) {
        if let code = exitRequest { throw .exited(code: code) }
        if let exception = uncaught {
            uncaught = nil
            throw .uncaughtException(exception)
        }
    }

    /// Runs timers and immediates until nothing keeps the loop alive, or `shouldStop` says so.
    /// The engine's deadline bounds both script execution and waiting.
    public func runLoop(until shouldStop: () -> Bool = { false }) throws(NodeRuntimeError) {
        let fireTimer = internals["fireTimer"]
        let runImmediate = internals["runImmediate"]
        let immediateCount = internals["immediateCount"]
        let hasRefedImmediates = internals["hasRefedImmediates"]
        let ioEvent = internals["ioEvent"]
        while true {
            if ticksPending { try invoke(internals["drainTicks"], this: internals, []) }
            if shouldStop() { return }
            let now = ContinuousClock.now
            if let deadline = engine.deadline, now >= deadline { throw .timedOut }
            for event in inbox.take() {
                try invoke(ioEvent, this: internals, [
                    engine.number(event.id), engine.string(event.kind), event.text.map(engine.string) ?? engine.undefined,
                    event.bytes.map(engine.uint8Array) ?? engine.undefined, engine.number(event.number),
                ])
            }
            while let id = timers.popDue(now: now) {
                try invoke(fireTimer, this: internals, [engine.number(id)])
            }
            let pendingImmediates = try invoke(immediateCount, this: internals, []).toInt()
            for _ in 0..<pendingImmediates {
                try invoke(runImmediate, this: internals, [])
            }
            if shouldStop() { return }
            let immediatesAlive = try invoke(hasRefedImmediates, this: internals, []).isTruthy
            if immediatesAlive { continue }
            let ioAlive = inbox.hasPendingOperations
            if timers.refedCount == 0 && !ioAlive { return }
            // Sleep until the next timer or the run's deadline; an I/O event wakes the loop earlier.
            var wakeUp = timers.nextDeadline()
            if let deadline = engine.deadline { wakeUp = wakeUp.map { min($0, deadline) } ?? deadline }
            let date = wakeUp.map { Date().addingTimeInterval(max(0, ContinuousClock.now.duration(to: $0).inSeconds)) }
            inbox.wait(until: date)
        }
    }

    // MARK: host requests (called by HostBindings)

    func recordUncaught(_ exception: JSException) {
        if uncaught == nil { uncaught = exception }
    }

    func requestExit(_ code: Int32) {
        if exitRequest == nil { exitRequest = code }
    }

    func monotonicNanoseconds() -> Double {
        let elapsed = startInstant.duration(to: ContinuousClock.now)
        return Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    }
}

import COpenSSL
import Foundation
import JSEngine

/// A JavaScriptCore context made to look like Node 20 for CommonJS code: globals, `require`, and an event loop.
/// Confined to its creating thread, like the engine it owns.
public final class NodeRuntime {
    public let engine: JSEngine
    public let options: NodeOptions
    private var internalsValue: ProtectedJSValue!
    /// What a builtin loaded on first use is given: kept here, as the loader's closure (in the engine's heap) must not
    /// hold the engine.
    private var builtinHost: ProtectedJSValue!
    private var builtinPath: ProtectedJSValue!
    var timers = TimerQueue()
    private var uncaught: JSException?
    /// Results of socket work and lookups done off the JS thread.
    let inbox = IOInbox()
    /// Open client sockets by id, until the JS side destroys them.
    var sockets: [Int: SocketConnection] = [:]
    /// Open OpenSSL ciphers by handle (nil once finished).
    var ciphers: [OpaquePointer?] = []
    /// OpenSSL keys of KeyObjects, certificates of X509Certificates and Diffie-Hellman states, by number.
    let asymmetricKeys = NativeRegistry(kind: "key object") { ckeys_free($0) }
    let certificates = NativeRegistry(kind: "certificate") { cx509_free($0) }
    let diffieHellmanStates = NativeRegistry(kind: "Diffie-Hellman state") { ccrypto_dh_free($0) }
    /// Open zlib and Brotli streams by handle.
    let compressionCodecs = CompressionCodecs()
    /// Files the component opened with `fs.open`; closed with the runtime.
    let openFiles = OpenFiles()
    /// Contexts made by `vm.createContext`, kept for the runtime's life.
    var vmContexts: [SiblingContext] = []
    /// process.nextTick queued work from a promise job; drained once the call that queued it has returned.
    var ticksPending = false
    private var exitRequest: Int32?
    private var abortRequested = false
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
        internals["libraryRoots"] = engine.array(options.libraryRoots) { engine.string($0) }
        let host = HostBindings.make(for: self)
        var path = engine.undefined
        var deferred: [Builtin] = []
        var deferredNames: [(modules: [String], globals: [String])] = []
        for builtin in Builtin.all where builtin.included(options) {
            switch builtin.loading {
            case .atStart:
                builtin.natives?(host, self)
                for script in builtin.scripts {
                    let result = try run(script, host: host, path: path)
                    if script.name == "path" { path = result }
                }
            case .onFirstUse(let modules, let globals):
                deferred.append(builtin)
                deferredNames.append((modules, globals))
            }
        }
        // Deferred builtins are registered in one call, with one loader that takes the builtin's index: a host
        // function and a call into JS for each of them showed in a cold run's start-up.
        // The collector does not see the loader's closure: `host` and `path` are protected for it, by the runtime.
        builtinHost = host.protect()
        builtinPath = path.protect()
        let deferredBuiltins = deferred
        try engine.withValues(making: [
            {
                self.engine.function("loadBuiltin") { [unowned self] engine, _, args in
                    let builtin = deferredBuiltins[args.first?.toInt() ?? 0]
                    builtin.natives?(builtinHost.value, self)
                    for script in builtin.scripts { try run(script, host: builtinHost.value, path: builtinPath.value) }
                    return engine.undefined
                }
            },
            {
                self.engine.array(deferredNames.indices) { index in
                    self.engine.array(making: [
                        { self.engine.number(index) },
                        { self.engine.array(deferredNames[index].modules) { self.engine.string($0) } },
                        { self.engine.array(deferredNames[index].globals) { self.engine.string($0) } },
                    ])
                }
            },
        ]) { arguments throws(JSEngineError) in
            _ = try internals["deferAll"].call(this: internals, arguments)
        }
        let reporter = try engine.evaluate(
            "(function (internals) { return function (promise, reason) { internals.reportUnhandledRejection(reason); }; })",
            sourceURL: "jshost:internal/rejections")
        engine.setUnhandledRejectionCallback(try reporter.call(this: nil, [internals]))
    }

    /// Evaluates a builtin's script (a function expression) and calls it with what it asks for.
    @discardableResult
    private func run(_ script: Builtin.Script, host: JSValue, path: JSValue) throws(JSEngineError) -> JSValue {
        // Compiled first, and the arguments made after it, each kept as it is made (see JSEngine's FreshValues);
        // `host` and `path` are the caller's live values, which the collector sees on the stack.
        let factory = try engine.evaluate(script.source, sourceURL: script.sourceURL ?? "jshost:internal/\(script.name)")
        return try engine.withValues(making: script.arguments.map { argument in
            { [unowned self] in
                switch argument {
                case .host: return host
                case .internals: return internals
                case .path: return path
                case .processInfo: return processInfo()
                case .moduleWrapperLength: return engine.number(ModuleWrapper.prefix.count)
                case .systemInfo: return engine.function("systemInfo") { [unowned self] _, _, _ in systemInfo() }
                case .frozenNow: return engine.number((options.frozenNow?.timeIntervalSince1970 ?? 0) * 1000)
                }
            }
        }) { arguments throws(JSEngineError) in try factory.call(this: nil, arguments) }
    }

    /// Evaluates a script of jshost's own that is a function expression, then calls it with `arguments`.
    /// The arguments are kept while the script compiles.
    public func runInternalScript(_ source: String, name: String, arguments: [JSValue]) throws(JSEngineError) -> JSValue {
        try engine.keeping(arguments) { () throws(JSEngineError) in
            try engine.evaluate(source, sourceURL: "jshost:internal/\(name)").call(this: nil, arguments)
        }
    }

    private func processInfo() -> JSValue {
        let info = engine.object()
        let env = engine.object()
        for (key, value) in options.environment { env[key] = engine.string(value) }
        info["env"] = env
        info["argv"] = engine.array(options.arguments) { engine.string($0) }
        info["execPath"] = engine.string(CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "jshost")
        info["pid"] = engine.number(Int(getpid()))
        info["ppid"] = engine.number(Int(getppid()))
        #if arch(arm64)
        info["arch"] = engine.string("arm64")
        #else
        info["arch"] = engine.string("x64")
        #endif
        let version = Self.nodeVersion(major: options.nodeMajor)
        info["version"] = engine.string("v\(version)")
        info["major"] = engine.number(options.nodeMajor)
        let versions = engine.object()
        versions["node"] = engine.string(version)
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
    /// The Node version `process.version` reports for the Node whose behaviour the runtime has.
    public static func nodeVersion(major: Int) -> String { major >= 24 ? "24.0.0" : "20.0.0" }
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
            case .heapLimitExceeded(let bytes): throw .outOfMemory(bytes: bytes)
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
        if let code = exitRequest { throw abortRequested ? .aborted : .exited(code: code) }
        if let exception = uncaught {
            uncaught = nil
            throw .uncaughtException(exception)
        }
    }

    // MARK: host requests (called by HostBindings)

    func recordUncaught(_ exception: JSException) {
        if uncaught == nil { uncaught = exception }
    }

    func requestExit(_ code: Int32) {
        if exitRequest == nil { exitRequest = code }
    }

    /// process.abort() where it does not end the process: the run ends as an exit with Node's abort status would.
    func requestAbort() {
        if exitRequest == nil {
            exitRequest = 134
            abortRequested = true
        }
    }

    func monotonicNanoseconds() -> Double {
        let elapsed = startInstant.duration(to: ContinuousClock.now)
        return Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    }
}

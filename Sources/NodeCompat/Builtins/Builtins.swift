import JSEngine

/// Every builtin jshost provides, in the order they are set up: its JavaScript (the `.js` files beside this one,
/// embedded at build time as `EmbeddedScripts`), what each script is given, when it runs, and its native half.
/// `NodeRuntime` sets builtins up from this table and nothing else; adding one is a folder and a row here.
struct Builtin: Sendable {
    /// What a script's factory function is called with.
    enum Argument: Sendable {
        /// The native functions (`HostBindings`, plus what a unit's `natives` add).
        case host
        /// jshost's own shared object, never visible to components.
        case internals
        /// What the `path` script returned (the loader resolves with it).
        case path
        /// `process`'s facts: env, argv, pid, versions.
        case processInfo
        /// How many characters the module wrapper puts before a module's first line.
        case moduleWrapperLength
        /// A function that asks the system what `os` reports, called on first use.
        case systemInfo
        /// The frozen clock's instant, in milliseconds.
        case frozenNow
    }

    struct Script: Sendable {
        var name: String
        var source: String
        var arguments: [Argument]
        /// Where stacks say the code is; `jshost:internal/<name>` unless a library must see another name.
        var sourceURL: String?

        init(_ name: String, _ source: String, _ arguments: [Argument], sourceURL: String? = nil) {
            self.name = name
            self.source = source
            self.arguments = arguments
            self.sourceURL = sourceURL
        }
    }

    enum Loading: Sendable {
        /// Run while the context is made: what every component uses, or what others are built on.
        case atStart
        /// Run on the first `require` of one of `modules` or first read of one of `globals`: most components
        /// never touch these, and a cold run is spared evaluating them.
        case onFirstUse(modules: [String], globals: [String])
    }

    var name: String
    var scripts: [Script]
    var loading: Loading = .atStart
    /// The native half: functions added to the host object before the scripts run.
    var natives: (@Sendable (_ host: JSValue, _ runtime: NodeRuntime) -> Void)?
    /// Whether the runtime has the builtin at all (the frozen clock only with `--now`).
    var included: @Sendable (NodeOptions) -> Bool = { _ in true }

    static let all: [Builtin] = [
        Builtin(name: "path", scripts: [Script("path", EmbeddedScripts.path, [.host, .internals])]),
        Builtin(name: "format", scripts: [Script("format", EmbeddedScripts.format, [.internals])]),
        Builtin(name: "error-messages",
                scripts: [Script("error-messages", EmbeddedScripts.errorMessages, [.host, .internals, .moduleWrapperLength])]),
        Builtin(name: "console", scripts: [Script("console", EmbeddedScripts.console, [.host, .internals])]),
        Builtin(name: "random", scripts: [Script("random", EmbeddedScripts.random, [.host, .internals])],
                natives: { host, runtime in RandomBindings.install(on: host, runtime: runtime) }),
        Builtin(name: "timers", scripts: [Script("timers", EmbeddedScripts.timers, [.host, .internals])],
                natives: { host, runtime in TimerBindings.install(on: host, runtime: runtime) }),
        Builtin(name: "process", scripts: [Script("process", EmbeddedScripts.process, [.host, .internals, .processInfo])],
                natives: { host, runtime in ProcessBindings.install(on: host, runtime: runtime) }),
        // error-messages reads source lines through the loader's readFile, at call time only.
        Builtin(name: "loader", scripts: [Script("module-resolution", EmbeddedScripts.moduleResolution, [.host, .internals, .path]),
                                          Script("loader", EmbeddedScripts.loader, [.host, .internals, .path])],
                natives: { host, runtime in LoaderBindings.install(on: host, runtime: runtime) }),
        Builtin(name: "encoding", scripts: [Script("encoding", EmbeddedScripts.encoding, [.internals])]),
        Builtin(name: "json", scripts: [Script("json", EmbeddedScripts.jsonErrors, [.internals])]),
        Builtin(name: "events", scripts: [Script("events", EmbeddedScripts.events, [.internals])]),
        Builtin(name: "util", scripts: [Script("util", EmbeddedScripts.util, [.internals])]),
        Builtin(name: "buffer", scripts: [Script("buffer", EmbeddedScripts.buffer, [.internals])]),
        Builtin(name: "library", scripts: [Script("library-builtins", EmbeddedScripts.libraryBuiltins, [.internals])]),
        Builtin(name: "timers/promises", scripts: [Script("timers-promises", EmbeddedScripts.timersPromises, [.internals])]),
        Builtin(name: "web", scripts: [Script("web-globals", EmbeddedScripts.webGlobals, [.host, .internals])]),
        // Sets up first-use loading for the rows below it.
        Builtin(name: "defer", scripts: [Script("defer", EmbeddedScripts.defer, [.internals])]),
        Builtin(name: "path-win32", scripts: [Script("path-win32", EmbeddedScripts.pathWin32, [.internals])],
                loading: .onFirstUse(modules: ["path/win32"], globals: [])),
        Builtin(name: "path-glob", scripts: [Script("path-glob", EmbeddedScripts.pathGlob, [.internals])],
                loading: .onFirstUse(modules: ["jshost:path-glob"], globals: [])),
        // util.types' checks touch many of the engine's intrinsics, which it makes on first touch: only when asked.
        Builtin(name: "types", scripts: [Script("types", EmbeddedScripts.types, [.internals])],
                loading: .onFirstUse(modules: ["jshost:types"], globals: [])),
        Builtin(name: "dom-events", scripts: [Script("dom-events", EmbeddedScripts.domEvents, [.host, .internals])],
                loading: .onFirstUse(modules: [], globals: ["DOMException", "Event", "CustomEvent", "EventTarget", "AbortController",
                                                            "AbortSignal"])),
        Builtin(name: "esm", scripts: [Script("esm-transform", EmbeddedScripts.esmTransform, [.internals]),
                                       Script("esm", EmbeddedScripts.esm, [.host, .internals])],
                loading: .onFirstUse(modules: ["jshost:esm"], globals: [])),
        Builtin(name: "stream", scripts: [Script("stream", EmbeddedScripts.stream, [.internals])],
                loading: .onFirstUse(modules: ["stream", "stream/promises", "stream/consumers"], globals: [])),
        Builtin(name: "webstreams", scripts: [Script("webstreams", EmbeddedScripts.webstreams, [.internals])],
                loading: .onFirstUse(modules: ["stream/web"],
                                     globals: ["ReadableStream", "ReadableStreamDefaultReader", "ReadableStreamBYOBReader",
                                               "ReadableStreamBYOBRequest", "ReadableByteStreamController",
                                               "ReadableStreamDefaultController", "TransformStream",
                                               "TransformStreamDefaultController", "WritableStream",
                                               "WritableStreamDefaultWriter", "WritableStreamDefaultController",
                                               "ByteLengthQueuingStrategy", "CountQueuingStrategy", "TextEncoderStream",
                                               "TextDecoderStream", "CompressionStream", "DecompressionStream"])),
        Builtin(name: "messaging", scripts: [Script("messaging", EmbeddedScripts.messaging, [.internals])],
                loading: .onFirstUse(modules: [], globals: ["MessageChannel", "MessagePort", "MessageEvent", "BroadcastChannel"])),
        // Node 22 and later have a WebSocket global; Node 20 has it only behind a flag.
        Builtin(name: "websocket", scripts: [Script("websocket", EmbeddedScripts.websocket, [.internals])],
                loading: .onFirstUse(modules: [], globals: ["WebSocket", "CloseEvent"]),
                included: { $0.nodeMajor >= 24 }),
        Builtin(name: "blob", scripts: [Script("blob", EmbeddedScripts.blob, [.internals])],
                loading: .onFirstUse(modules: [], globals: ["Blob", "File"])),
        Builtin(name: "util-extras", scripts: [Script("util-extras", EmbeddedScripts.utilExtras, [.internals])],
                loading: .onFirstUse(modules: ["util", "sys"], globals: [])),
        Builtin(name: "url", scripts: [Script("url", EmbeddedScripts.url, [.internals])],
                loading: .onFirstUse(modules: ["url", "punycode"], globals: ["URL", "URLSearchParams"])),
        Builtin(name: "assert", scripts: [Script("assert", EmbeddedScripts.assert, [.internals])],
                loading: .onFirstUse(modules: ["assert", "assert/strict"], globals: [])),
        Builtin(name: "crypto",
                scripts: [Script("crypto", EmbeddedScripts.crypto, [.host, .internals]),
                          Script("crypto-keys", EmbeddedScripts.cryptoKeys, [.host, .internals]),
                          Script("crypto-keyobject", EmbeddedScripts.cryptoKeyobject, [.host, .internals]),
                          Script("crypto-ciphers", EmbeddedScripts.cryptoCiphers, [.host, .internals]),
                          Script("crypto-x509", EmbeddedScripts.cryptoX509, [.host, .internals]),
                          Script("crypto-webcrypto", EmbeddedScripts.cryptoWebcrypto, [.host, .internals])],
                loading: .onFirstUse(modules: ["crypto"], globals: ["crypto", "Crypto", "CryptoKey", "SubtleCrypto"]),
                natives: { host, runtime in
                    CryptoBindings.install(on: host, engine: runtime.engine)
                    OpenSSLCryptoBindings.install(on: host, runtime: runtime)
                    KeyBindings.install(on: host, runtime: runtime)
                    X509Bindings.install(on: host, runtime: runtime)
                    DiffieHellmanBindings.install(on: host, runtime: runtime)
                }),
        Builtin(name: "fs",
                scripts: [Script("fs", EmbeddedScripts.fs, [.host, .internals]),
                          Script("fs-dir", EmbeddedScripts.fsDir, [.host, .internals]),
                          Script("fs-streams", EmbeddedScripts.fsStreams, [.host, .internals]),
                          Script("fs-promises", EmbeddedScripts.fsPromises, [.host, .internals]),
                          Script("fs-module", EmbeddedScripts.fsModule, [.host, .internals])],
                loading: .onFirstUse(modules: ["fs", "fs/promises"], globals: []),
                natives: { host, runtime in FSBindings.install(on: host, runtime: runtime) }),
        Builtin(name: "http",
                scripts: [Script("http-agent", EmbeddedScripts.httpAgent, [.internals]),
                          Script("http-incoming", EmbeddedScripts.httpIncoming, [.internals]),
                          Script("http", EmbeddedScripts.http, [.internals]),
                          // agent-base reads the stack for https's entry points, which must look like Node's.
                          Script("https-entry", EmbeddedScripts.httpsEntry, [.internals], sourceURL: "node:https")],
                loading: .onFirstUse(modules: ["http", "https"], globals: [])),
        Builtin(name: "net",
                scripts: [Script("ip-syntax", EmbeddedScripts.ipSyntax, [.internals]),
                          Script("net", EmbeddedScripts.net, [.host, .internals]),
                          Script("net-addresses", EmbeddedScripts.netAddresses, [.host, .internals]),
                          Script("tls", EmbeddedScripts.tls, [.host, .internals]),
                          Script("dns", EmbeddedScripts.dns, [.host, .internals])],
                loading: .onFirstUse(modules: ["net", "tls", "dns", "dns/promises"], globals: []),
                natives: { host, runtime in SocketBindings.install(on: host, runtime: runtime) }),
        Builtin(name: "fetch", scripts: [Script("fetch", EmbeddedScripts.fetch, [.internals])],
                loading: .onFirstUse(modules: [], globals: ["fetch", "Headers", "Request", "Response", "FormData"])),
        Builtin(name: "zlib", scripts: [Script("zlib", EmbeddedScripts.zlib, [.host, .internals])],
                loading: .onFirstUse(modules: ["zlib"], globals: []),
                natives: { host, runtime in ZlibBindings.install(on: host, runtime: runtime) }),
        Builtin(name: "vm", scripts: [Script("vm", EmbeddedScripts.vm, [.host, .internals])],
                loading: .onFirstUse(modules: ["vm"], globals: []),
                natives: { host, runtime in VMBindings.install(on: host, runtime: runtime) }),
        Builtin(name: "querystring", scripts: [Script("querystring", EmbeddedScripts.querystring, [.internals])],
                loading: .onFirstUse(modules: ["querystring"], globals: [])),
        Builtin(name: "os", scripts: [Script("os", EmbeddedScripts.os, [.host, .internals, .systemInfo])],
                loading: .onFirstUse(modules: ["os"], globals: []),
                natives: { host, runtime in OSBindings.install(on: host, runtime: runtime) }),
        Builtin(name: "constants", scripts: [Script("constants", EmbeddedScripts.constants, [.internals])],
                loading: .onFirstUse(modules: ["constants"], globals: [])),
        Builtin(name: "async_hooks",
                scripts: [Script("async_hooks", EmbeddedScripts.asyncHooks, [.internals]),
                          Script("diagnostics_channel", EmbeddedScripts.diagnosticsChannel, [.internals])],
                loading: .onFirstUse(modules: ["async_hooks", "diagnostics_channel"], globals: [])),
        Builtin(name: "perf_hooks", scripts: [Script("perf_hooks", EmbeddedScripts.perfHooks, [.host, .internals])],
                loading: .onFirstUse(modules: ["perf_hooks"],
                                     globals: ["performance", "Performance", "PerformanceEntry", "PerformanceMark", "PerformanceMeasure",
                                               "PerformanceObserver", "PerformanceObserverEntryList", "PerformanceResourceTiming"])),
        Builtin(name: "readline", scripts: [Script("readline", EmbeddedScripts.readline, [.internals])],
                loading: .onFirstUse(modules: ["readline", "readline/promises"], globals: [])),
        Builtin(name: "tty", scripts: [Script("tty", EmbeddedScripts.tty, [.host, .internals])],
                loading: .onFirstUse(modules: ["tty"], globals: []),
                natives: { host, runtime in TTYBindings.install(on: host, runtime: runtime) }),
        Builtin(name: "child_process", scripts: [Script("child_process", EmbeddedScripts.childProcess, [.internals])],
                loading: .onFirstUse(modules: ["child_process"], globals: [])),
        Builtin(name: "http2", scripts: [Script("http2", EmbeddedScripts.http2, [.internals])],
                loading: .onFirstUse(modules: ["http2"], globals: [])),
        Builtin(name: "unsupported", scripts: [Script("unsupported", EmbeddedScripts.unsupported, [.internals])],
                loading: .onFirstUse(modules: ["cluster", "worker_threads"], globals: [])),
        Builtin(name: "clock", scripts: [Script("clock", EmbeddedScripts.clock, [.frozenNow])],
                included: { $0.frozenNow != nil }),
    ]
}

/// The `.js` files of this module, one constant each (see the EmbedScripts plugin).
enum EmbeddedScripts {}

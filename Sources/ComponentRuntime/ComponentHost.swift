import Foundation
import JSEngine
import Logging
import NodeCompat
import JSHostCore

/// Runs one component's functions the way sailor does, on a Node-compatible JavaScriptCore context.
/// One host per process and thread; modules are loaded once and `init` runs once, before the first message.
public final class ComponentHost {
    public let component: ComponentDescriptor
    public let configuration: HostConfiguration
    private let runtime: NodeRuntime
    private var executor: ProtectedJSValue!
    private let onEvent: (ComponentEvent) -> Void
    private let logger: Logger
    private var modules: [String: ProtectedJSValue] = [:]
    private var initialised = false
    private var warnedAbout: Set<String> = []
    /// Gives a reason to refuse an `httpReply` or `updateKeys` event (the component's emit then rejects with it),
    /// or nil to take it; a host that carries such events somewhere sets it.
    public var refuseEvent: ((ComponentEvent) -> String?)?
    /// Events a host carries somewhere of its own: no warning that they have no local effect.
    public var carriedEvents: Set<String> = []

    // What the current call has seen.
    private var endEmitted = false
    private var errorCount = 0
    private var acceptedSnapshot: String?
    private var initFailed = false
    private var dataMessages: [String] = []
    private var serviceResult: Result<String, ComponentError>?
    private var batchDone = false
    /// When the engine does not police the timeout, each message of a batch marks its start here for a watcher on
    /// another thread: [0] its input line, [1] how many messages have started (it changes with every message).
    public let messageStarts = SharedCounters(count: 2)

    public init(component: ComponentDescriptor, configuration: HostConfiguration,
                onEvent: @escaping (ComponentEvent) -> Void) throws(ComponentError) {
        self.component = component
        self.configuration = configuration
        self.onEvent = onEvent
        let write = configuration.stderr
        let level = JSONLineLogHandler.level(named: configuration.logLevel) ?? .info
        logger = Logger(label: "jshost") { _ in JSONLineLogHandler(name: "jshost", level: level, write: write) }

        var environment = configuration.environment
        environment["ELASTICIO_FLOW_ID"] = environment["ELASTICIO_FLOW_ID"] ?? configuration.flowID
        var options = NodeOptions(environment: environment,
                                  arguments: [CommandLine.arguments.first ?? "jshost", component.directory],
                                  workingDirectory: configuration.workingDirectory ?? component.directory,
                                  frozenNow: configuration.frozenNow, stderr: write)
        options.permissions = configuration.permissions
        options.temporaryFolder = configuration.temporaryFolder
        options.nodeMajor = NodeOptions.nodeMajor(forComponentAt: component.directory)
        options.abortEndsProcess = configuration.abortEndsProcess
        do {
            runtime = try NodeRuntime(options: options, engine: JSEngine(name: component.name))
        } catch {
            throw .load("could not start the JavaScript runtime: \(error)")
        }
        runtime.engine.heapLimitBytes = configuration.heapLimitBytes
        let logger = self.logger
        runtime.unhandledRejectionReporter = { text in
            logger.warning("Unhandled promise rejection in component \(component.name): \(text)")
        }
        do {
            try installExecutor()
        } catch {
            throw .load("could not start the component executor: \(error)")
        }
    }

    private func installExecutor() throws(JSEngineError) {
        let engine = runtime.engine
        let host = engine.object()
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func text(_ args: [JSValue], _ index: Int) -> String? {
            index < args.count && !args[index].isNullOrUndefined ? args[index].toString() : nil
        }

        define("event") { [unowned self] engine, _, args in
            let event = ComponentEvent(name: text(args, 0) ?? "", json: text(args, 1))
            if let refuseEvent, event.name == "httpReply" || event.name == "updateKeys", let reason = refuseEvent(event) {
                return engine.string(reason)
            }
            record(event)
            return engine.undefined
        }
        define("describeOversize") { [unowned self] engine, _, args in
            let json = text(args, 0) ?? "null"
            return engine.string(configuration.snapshotLimit.violation(for: json)?.description
                                 ?? "snapshot is \(json.utf8.count) bytes, over the \(configuration.snapshotLimit.bytes)-byte limit")
        }
        define("snapshotCleared") { [unowned self] engine, _, _ in
            logger.info("snapshot of \(component.name) cleared by emit('snapshot', null)")
            return engine.undefined
        }
        if configuration.enginePolicesTimeout {
            define("messageStarted") { [unowned self] engine, _, _ in
                // Each message of a stream gets the whole --timeout, even inside one long call into JS.
                runtime.engine.deadline = ContinuousClock.now.advanced(by: configuration.timeout)
                return engine.undefined
            }
        } else {
            host["messageStarts"] = engine.int32Array(over: messageStarts)
        }
        define("batchDone") { [unowned self] engine, _, _ in
            batchDone = true
            return engine.undefined
        }
        define("log") { [unowned self] engine, _, args in
            configuration.stderr((text(args, 0) ?? "") + "\n")
            return engine.undefined
        }
        define("wallClock") { engine, _, _ in
            engine.string(UTCTimestamp.string(from: Date()))
        }
        define("initFailed") { [unowned self] engine, _, args in
            initFailed = true
            logger.error("init(cfg) of component \(component.name) failed; process was not called")
            record(ComponentEvent(name: "error", json: text(args, 0) ?? "{}"))
            return engine.undefined
        }
        define("result") { [unowned self] engine, _, args in
            serviceResult = .success(text(args, 0) ?? "null")
            return engine.undefined
        }
        define("serviceFailed") { [unowned self] engine, _, args in
            serviceResult = .failure(.functionFailed(replyJSON: text(args, 0) ?? "{}"))
            return engine.undefined
        }

        let options = engine.object()
        options["loggerName"] = engine.string(component.name)
        options["hostname"] = engine.string(JSONLineLogHandler.hostName)
        options["pid"] = engine.number(Int(getpid()))
        options["logLevel"] = engine.string(configuration.logLevel)
        options["snapshotLimit"] = engine.number(configuration.snapshotLimit.bytes)
        options["maxRunDataCharacters"] = engine.number(configuration.maxRunDataCharacters)
        options["batchDataCharacters"] = engine.number(configuration.batchDataCharacters)
        options["threadId"] = engine.string(RandomUUID.make())
        options["messageId"] = engine.string(RandomUUID.make())
        options["parentMessageId"] = engine.string(RandomUUID.make())
        let logFields = engine.object()
        for field in configuration.logFields { logFields[field.name] = engine.string(field.value) }
        options["logFields"] = logFields
        options["variables"] = engine.parseJSON(configuration.flowVariablesJSON) ?? engine.object()
        let environment = engine.object()
        for (key, value) in configuration.environment { environment[key] = engine.string(value) }
        options["environment"] = environment
        let settings = engine.object()
        settings["FLOW_ID"] = engine.string(configuration.flowID)
        if let step = configuration.stepID { settings["STEP_ID"] = engine.string(step) }
        settings["COMPONENT_PATH"] = engine.string(component.directory)
        settings["EXEC_ID"] = engine.string(RandomUUID.make())
        options["settings"] = settings

        let factory = try runtime.runInternalScript(EmbeddedScripts.executor, name: "executor",
                                                    arguments: [host, runtime.internals, options])
        executor = factory.protect()
        let elasticio = try runtime.runInternalScript(EmbeddedScripts.elasticioNode, name: "elasticio-node",
                                                      arguments: [runtime.internals["randomUUID"]])
        runtime.registerHostModule("elasticio-node", factory: elasticio)
    }

    private func contextObject(_ context: MessageContext) -> JSValue {
        let engine = runtime.engine
        let object = engine.object()
        object["messageId"] = engine.string(context.messageId)
        object["parentMessageId"] = context.parentMessageId.map(engine.string) ?? engine.undefined
        object["threadId"] = engine.string(context.threadId)
        if let replyTo = context.headers["reply_to"] { object["replyTo"] = engine.string(replyTo) }
        return object
    }

    private func record(_ event: ComponentEvent) {
        switch event.name {
        case "end": endEmitted = true
        case "data": dataMessages.append(event.json ?? "null")
        case "error": errorCount += 1
        case "rebound", "updateKeys", "httpReply":
            if !carriedEvents.contains(event.name), warnedAbout.insert(event.name).inserted {
                logger.warning("'\(event.name)' was recorded but has no local effect yet in jshost")
            }
        default: break
        }
        onEvent(event)
    }

    /// Collects the engine's garbage now and gives the memory it frees back to the system: what the last messages
    /// left, while the step is idle.
    public func collectGarbage() {
        runtime.engine.collectGarbage()
        JSEngine.releaseFreeMemory()
    }

    // MARK: running

    private func startClock() {
        runtime.engine.deadline = configuration.enginePolicesTimeout ? ContinuousClock.now.advanced(by: configuration.timeout) : nil
    }

    private func mapRuntimeError(_ error: NodeRuntimeError) -> ComponentError {
        switch error {
        case .timedOut: return .timedOut(seconds: configuration.timeout.inSeconds)
        case .uncaughtException(let exception): return .crashed(exception)
        case .exited(let code): return .exited(code: code)
        case .outOfMemory(let bytes): return .outOfMemory(bytes: bytes)
        case .aborted: return .aborted()
        }
    }

    /// Loads a function's module once per process, with sailor's load-error messages.
    private func module(for function: ComponentDescriptor.Function) throws(ComponentError) -> JSValue {
        if let loaded = modules[function.name] { return loaded.value }
        let path = component.mainPath(of: function)
        do {
            let exports = try runtime.requireMain(path)
            modules[function.name] = exports.protect()
            explainMissingProcess(exports, function: function, path: path)
            return exports
        } catch .uncaughtException(let exception) {
            if exception.code == "MODULE_NOT_FOUND" {
                throw .moduleLoad(message: "Failed to load file '\(function.main)': \(exception.message.split(separator: "\n").first ?? "")",
                                  cause: exception)
            }
            var detail = "\(exception.name): \(exception.message)"
            if let location = exception.location { detail += " at \(location)" }
            throw .moduleLoad(message: "Trigger or action '\(function.name)' is found, but can not be loaded. Please check if the file '\(function.main)' is correct. \(detail)",
                              cause: exception)
        } catch {
            throw mapRuntimeError(error)
        }
    }

    /// sailor's error event says only "Process function is not found"; the log says where and what to do.
    private func explainMissingProcess(_ exports: JSValue, function: ComponentDescriptor.Function, path: String) {
        guard !(exports.isObject && exports["process"].isFunction) else { return }
        var hint = "export it as exports.process = async function (msg, cfg, snapshot) {…}"
        if exports.isFunction {
            hint = "module.exports is itself a function; sailor calls exports.process, so write module.exports.process = … (or module.exports = { process })"
        } else if exports.isObject, exports["default"].isObject, exports["default"]["process"].isFunction {
            hint = "it is under exports.default (a transpiled ES module); add module.exports = require('./\(URL(fileURLWithPath: path).lastPathComponent)').default, or export process with CommonJS"
        }
        logger.error("\(path) (\(function.name)) exports no process function; \(hint)")
    }

    /// The names of the functions a trigger's or action's module exports (loading it if needed).
    public func exportedFunctionNames(of function: ComponentDescriptor.Function) throws(ComponentError) -> Set<String> {
        startClock()
        let exports = try module(for: function)
        guard exports.isObject,
              let names = try? runtime.engine.evaluate(
                  "(function (e) { const n = []; for (const k in e) if (typeof e[k] === 'function') n.push(k); return JSON.stringify(n); })",
                  sourceURL: "jshost:internal/exports").call(this: nil, [exports]).toString(),
              let list = try? JSONSerialization.jsonObject(with: Data(names.utf8)) as? [String]
        else { return [] }
        return Set(list)
    }

    private func resetCallState() {
        endEmitted = false
        errorCount = 0
        acceptedSnapshot = nil
        initFailed = false
        dataMessages = []
        serviceResult = nil
    }

    /// Runs `process(msg, cfg, snapshot)` of `function` until `end` was emitted and the event loop is idle
    /// (or idle without `end`, which completes the run with a warning). A nil `snapshotJSON` keeps the snapshot
    /// the previous message left in memory, as a sailor container does between messages.
    /// `context` identifies the message in log lines; nil keeps the one before (or the host's own, at first).
    public func process(function: ComponentDescriptor.Function, messageJSON: String, cfgJSON: String,
                        snapshotJSON: String?, context: MessageContext? = nil) throws(ComponentError) -> RunOutcome {
        resetCallState()
        startClock()
        let engine = runtime.engine
        let exports = try module(for: function)
        guard let message = engine.parseJSON(messageJSON) else { throw .usage("the message is not valid JSON") }
        guard let cfg = engine.parseJSON(cfgJSON) else { throw .usage("the configuration is not valid JSON") }
        let snapshot: JSValue
        if let snapshotJSON {
            guard let parsed = engine.parseJSON(snapshotJSON) else { throw .usage("the snapshot is not valid JSON") }
            snapshot = parsed
        } else {
            snapshot = engine.undefined
        }
        let runInit = !initialised
        initialised = true
        // Made while the message, cfg and snapshot are still this function's locals, which the collector sees: in the
        // argument list below they are in a Swift array, which it does not.
        let contextValue = context.map(contextObject) ?? engine.undefined
        do {
            try runtime.invoke(executor.value["start"], this: executor.value,
                               [exports, message, cfg, snapshot, engine.boolean(runInit), contextValue])
            try runtime.runLoop()
        } catch {
            throw mapRuntimeError(error)
        }
        let accepted = (try? runtime.invoke(executor.value["acceptedSnapshot"], this: executor.value, [])) ?? engine.undefined
        acceptedSnapshot = accepted.isString ? accepted.toString() : nil
        if !endEmitted && !initFailed && warnedAbout.insert("no end").inserted {
            // Once per process: a stream of messages from such a component would repeat it for every one.
            logger.warning("component \(component.name) (\(function.name)) finished without emitting 'end'; the run completes because nothing is left to do")
        }
        return RunOutcome(endEmitted: endEmitted, errorCount: errorCount, snapshotJSON: acceptedSnapshot,
                          dataMessages: dataMessages, initFailed: initFailed)
    }

    /// Runs the messages of `text` (JSON lines; the first is line `firstLine`) in order, inside JS, each until it
    /// emits `end` (or the event loop goes idle without it). `snapshotJSON` nil keeps the in-memory snapshot.
    /// Events come back as text, already tagged with their lines, rather than one call per event.
    /// `context` is the stream's: its messages share it (a file of JSON lines carries no headers of its own).
    public func processBatch(function: ComponentDescriptor.Function, text: String, firstLine: Int, cfgJSON: String,
                             snapshotJSON: String?, context: MessageContext? = nil) throws(BatchFailure) -> BatchResult {
        resetCallState()
        batchDone = false
        startClock()
        let engine = runtime.engine
        let exports: JSValue
        do { exports = try module(for: function) } catch { throw BatchFailure(error: error, completed: BatchResult()) }
        let runInit = !initialised
        initialised = true
        let driver = executor.value
        do {
            // Each argument kept as it is made (see JSEngine's FreshValues).
            try engine.withValues(making: [
                { exports }, { engine.string(text) }, { engine.number(firstLine) }, { engine.string(cfgJSON) },
                { snapshotJSON.map(engine.string) ?? engine.undefined }, { engine.boolean(runInit) },
                { [unowned self] in context.map(contextObject) ?? engine.undefined },
            ]) { arguments throws(NodeRuntimeError) in _ = try runtime.invoke(driver["runBatch"], this: driver, arguments) }
            while !batchDone {
                try runtime.runLoop(until: { [unowned self] in batchDone })
                // Idle with the current message not ended: it is complete; go on with the next.
                if !batchDone { try runtime.invoke(driver["abandonCurrent"], this: driver, []) }
            }
        } catch {
            var completed = takeBatch(completedOnly: true)
            if let context { completed.events.context = context }
            throw BatchFailure(error: mapRuntimeError(error), completed: completed)
        }
        var result = takeBatch(completedOnly: false)
        if let context { result.events.context = context }
        if let initError = result.initError {
            throw BatchFailure(error: .crashed(JSException(name: "InitError", message: "init(cfg) failed: \(initError)")),
                               completed: BatchResult())
        }
        return result
    }

    private func takeBatch(completedOnly: Bool) -> BatchResult {
        let driver = executor.value
        guard let taken = try? runtime.invoke(driver["takeBatch"], this: driver, [runtime.engine.boolean(completedOnly)]) else {
            return BatchResult()
        }
        func string(_ key: String) -> String? { let value = taken[key]; return value.isString ? value.toString() : nil }
        return BatchResult(
            events: BatchEvents(kinds: string("kinds") ?? "", jsons: string("jsons") ?? "", lines: string("lines") ?? ""),
            errors: taken["errors"].toInt(), messages: taken["messages"].toInt(), malformed: taken["malformed"].toInt(),
            lastLine: taken["lastLine"].toInt(), snapshotJSON: string("snapshot"), initError: string("initError"),
            consumed: taken["consumed"].toInt(), outboxCharacters: taken["dataCharacters"].toInt())
    }

    /// Splits on a byte (ASCII separators only); much cheaper than Character-level `split` for long batches.
    static func split(_ text: String, on separator: UInt8) -> [String] {
        guard !text.isEmpty else { return [] }
        var text = text
        return text.withUTF8 { bytes in
            var parts: [String] = []
            var start = 0
            for index in 0..<bytes.count where bytes[index] == separator {
                parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                start = index + 1
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self))
            return parts
        }
    }

    /// Runs verifyCredentials per sailor's service rules; returns `{"verified":…}` JSON.
    public func verifyCredentials(cfgJSON: String) throws(ComponentError) -> String {
        resetCallState()
        startClock()
        let engine = runtime.engine
        guard let cfg = engine.parseJSON(cfgJSON) else { throw .usage("the configuration is not valid JSON") }
        let verifier: JSValue
        let base = component.directory + "/verifyCredentials"
        if ["", ".js", "/index.js"].contains(where: { FileManager.default.fileExists(atPath: base + $0) && !Self.isDirectory(base + $0) }) {
            do {
                verifier = try runtime.requireMain(base)
            } catch .uncaughtException(let exception) {
                // sailor reports a broken verifyCredentials as not verified, with the reason.
                let reply: [String: Any] = ["verified": false, "reason": exception.message]
                let data = (try? JSONSerialization.data(withJSONObject: reply, options: [.sortedKeys])) ?? Data()
                return String(decoding: data, as: UTF8.self)
            } catch {
                throw mapRuntimeError(error)
            }
        } else {
            verifier = engine.null
        }
        return try runService("verifyCredentials of \(component.name)", executor.value["verify"], [verifier, cfg])
    }

    /// Calls getMetaModel or a select-model function of `function`; returns its JSON result.
    public func model(function: ComponentDescriptor.Function, method: String, cfgJSON: String) throws(ComponentError) -> String {
        resetCallState()
        startClock()
        let engine = runtime.engine
        let exports = try module(for: function)
        guard let cfg = engine.parseJSON(cfgJSON) else { throw .usage("the configuration is not valid JSON") }
        return try runService("\(method) of \(function.name)", executor.value["model"], [exports, engine.string(method), cfg, engine.string(function.name)])
    }

    /// Runs `init(cfg)` of `function`'s module now, once, as a sailor container does before its first message
    /// (a later `process` does not run it again). A failure is `.functionFailed` with sailor's error JSON
    /// (`{"name","message","stack"}`) as `replyJSON`.
    public func initialise(function: ComponentDescriptor.Function, cfgJSON: String) throws(ComponentError) {
        resetCallState()
        startClock()
        let engine = runtime.engine
        let exports = try module(for: function)
        guard let cfg = engine.parseJSON(cfgJSON) else { throw .usage("the configuration is not valid JSON") }
        initialised = true
        _ = try runService("init of \(function.name)", executor.value["init"], [exports, cfg])
    }

    /// Runs a flow hook of `function`'s module: `startup` (cfg) or `shutdown` (cfg, `dataJSON`: what startup
    /// returned); returns its result as JSON, `{}` when the module has no such hook.
    public func hook(_ name: String, function: ComponentDescriptor.Function, cfgJSON: String,
                     dataJSON: String = "{}") throws(ComponentError) -> String {
        resetCallState()
        startClock()
        let engine = runtime.engine
        let exports = try module(for: function)
        guard let cfg = engine.parseJSON(cfgJSON) else { throw .usage("the configuration is not valid JSON") }
        let data = engine.parseJSON(dataJSON) ?? engine.null
        return try runService("\(name) of \(function.name)", executor.value["hook"], [exports, engine.string(name), cfg, data])
    }

    private func runService(_ name: String, _ entry: JSValue, _ arguments: [JSValue]) throws(ComponentError) -> String {
        do {
            try runtime.invoke(entry, this: executor.value, arguments)
            try runtime.runLoop(until: { [unowned self] in serviceResult != nil })
        } catch {
            throw mapRuntimeError(error)
        }
        switch serviceResult {
        case .success(let json): return json
        case .failure(let error): throw error
        case nil: throw .load("\(name) finished without returning a result or calling its callback; return a value or a promise, or call the callback")
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// The `.js` files of this module (Scripts/), one constant each (see the EmbedScripts plugin).
enum EmbeddedScripts {}

import JSHostCore
import CJavaScriptCore
import Foundation

/// One JavaScriptCore virtual machine (context group) with one global context.
///
/// Confined to the thread that created it: JS values never leave it, only Swift values
/// (strings, JSON text, `JSException`) do. Calls made from Swift are "outermost" calls:
/// JavaScriptCore drains the microtask queue when they return, and the execution deadline applies to them.
public final class JSEngine {
    public let group: JSContextGroupRef
    public let context: JSGlobalContextRef
    let hostFunctionClass: JSClassRef

    /// Wall-clock instant after which script execution is stopped. Applies to every outermost call.
    public var deadline: ContinuousClock.Instant?
    /// Depth of host→JS re-entry; the deadline is armed only for depth 0.
    private var callDepth = 0
    /// Set by the watchdog callback; the termination can surface in the *next* call when it hit a microtask.
    private var watchdogFired = false
    /// The most the engine's heap may hold while script code runs: past it the running call is stopped with
    /// `JSEngineError.heapLimitExceeded`, and the engine should be let go (what filled it may still be reachable).
    /// Looked at on the watchdog's ticks, so a call can go over by what it allocates in one tick. Nil: no limit.
    public var heapLimitBytes: Int?
    /// Set by the watchdog callback when the heap was over `heapLimitBytes`.
    private var heapLimitFired = false
    /// How often the watchdog looks at the heap while a call runs under a heap limit.
    static let heapWatchInterval: Duration = .milliseconds(20)
    /// Protected by hand: a `ProtectedJSValue` holds its engine, and held by the engine it would keep it forever.
    private var unhandledRejectionHandler: JSValueRef?
    /// The thread that created the engine, the only one that may call into it.
    private let owner = pthread_self()

    public init(name: String = "jshost") {
        group = JSContextGroupCreate()
        context = JSGlobalContextCreateInGroup(group, nil)
        hostFunctionClass = HostFunction.makeClass()
        JSStrings.with(name) { JSGlobalContextSetName(context, $0) }
        JSGlobalContextSetInspectable(context, false)
    }

    deinit {
        if let unhandledRejectionHandler { JSValueUnprotect(context, unhandledRejectionHandler) }
        if Self.hasPrivateAPI { JSContextGroupClearExecutionTimeLimit(group) }
        JSGlobalContextRelease(context)
        JSContextGroupRelease(group)
        JSClassRelease(hostFunctionClass)
    }

    /// Whether this JavaScriptCore exports the private functions declared in shim.h with the signatures we use.
    /// They are not ABI-promised; WebKitGTK has exported them unchanged since well before 2.38 (checked on 2.50.6).
    public static let hasPrivateAPI: Bool = {
        let major = jsc_get_major_version(), minor = jsc_get_minor_version()
        return major > 2 || (major == 2 && minor >= 38)
    }()

    /// JavaScriptCore's version, e.g. "2.50.6".
    public static var javaScriptCoreVersion: String {
        "\(jsc_get_major_version()).\(jsc_get_minor_version()).\(jsc_get_micro_version())"
    }

    // MARK: values

    public var global: JSValue { JSValue(JSContextGetGlobalObject(context), self) }
    public var undefined: JSValue { JSValue(JSValueMakeUndefined(context), self) }
    public var null: JSValue { JSValue(JSValueMakeNull(context), self) }
    public func boolean(_ value: Bool) -> JSValue { JSValue(JSValueMakeBoolean(context, value), self) }
    public func number(_ value: Double) -> JSValue { JSValue(JSValueMakeNumber(context, value), self) }
    public func number(_ value: Int) -> JSValue { number(Double(value)) }
    public func string(_ value: String) -> JSValue {
        JSStrings.with(value) { JSValue(JSValueMakeString(context, $0), self) }
    }
    public func object() -> JSValue { JSValue(JSObjectMake(context, nil, nil), self) }
    public func array(_ values: [JSValue]) -> JSValue {
        let refs: [JSValueRef?] = values.map(\.ref)
        var exception: JSValueRef?
        return JSValue(JSObjectMakeArray(context, refs.count, refs, &exception), self)
    }

    /// A new Uint8Array holding a copy of `bytes`.
    public func uint8Array(_ bytes: [UInt8]) -> JSValue {
        var exception: JSValueRef?
        let array = JSObjectMakeTypedArray(context, kJSTypedArrayTypeUint8Array, bytes.count, &exception)!
        if !bytes.isEmpty, let pointer = JSObjectGetTypedArrayBytesPtr(context, array, &exception) {
            let offset = JSObjectGetTypedArrayByteOffset(context, array, &exception)
            bytes.withUnsafeBytes { (pointer + offset).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        }
        return JSValue(array, self)
    }

    /// An Int32Array over memory the host keeps: JS writes it, another thread may read it (`SharedCounters`).
    /// `counters` is kept alive until the array is collected.
    public func int32Array(over counters: SharedCounters) -> JSValue {
        var exception: JSValueRef?
        let owner = Unmanaged.passRetained(counters).toOpaque()
        let array = JSObjectMakeTypedArrayWithBytesNoCopy(
            context, kJSTypedArrayTypeInt32Array, counters.storage, counters.count * MemoryLayout<Int32>.stride,
            { _, owner in owner.map { Unmanaged<SharedCounters>.fromOpaque($0).release() } }, owner, &exception)!
        return JSValue(array, self)
    }

    /// An object whose collection runs `onCollect` (on whichever thread the collector is on): how native resources a
    /// JS object stands for are let go. The object is an empty ArrayBuffer; keep it where only the owner sees it.
    public func collectionToken(_ onCollect: @escaping @Sendable () -> Void) -> JSValue {
        final class Box: @unchecked Sendable {  // immutable after init; the collector only runs `action`
            let action: @Sendable () -> Void
            let byte = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
            init(_ action: @escaping @Sendable () -> Void) { self.action = action }
            deinit { byte.deallocate() }
        }
        var exception: JSValueRef?
        let box = Box(onCollect)
        let owner = Unmanaged.passRetained(box).toOpaque()
        let buffer = JSObjectMakeArrayBufferWithBytesNoCopy(context, box.byte, 0, { _, owner in
            guard let owner else { return }
            let box = Unmanaged<Box>.fromOpaque(owner).takeRetainedValue()
            box.action()
        }, owner, &exception)!
        return JSValue(buffer, self)
    }

    /// `JSON.parse(text)`; nil when the text is not valid JSON.
    public func parseJSON(_ text: String) -> JSValue? {
        checkThread()
        return JSStrings.with(text) { string in
            JSValueMakeFromJSONString(context, string).map { JSValue($0, self) }
        }
    }

    // MARK: running code

    /// Evaluates a script. `sourceURL` is what stacks and errors name.
    @discardableResult
    public func evaluate(_ source: String, sourceURL: String, startingLine: Int = 1) throws(JSEngineError) -> JSValue {
        let result: JSValueRef? = try entering { exception in
            JSStrings.with(source) { script in
                JSStrings.with(sourceURL) { url in
                    JSEvaluateScript(context, script, nil, url, Int32(startingLine), &exception)
                }
            }
        }
        return JSValue(result ?? JSValueMakeUndefined(context), self)
    }

    /// Evaluates a script from inside a host function: an exception is rethrown as the original JS value
    /// (`JSThrow`), so its location and stack reach the caller unchanged. `realm` runs it in a sibling context.
    public func evaluateInHostCall(_ source: String, sourceURL: String, realm: SiblingContext? = nil) throws -> JSValue {
        var exception: JSValueRef?
        let target = realm?.context ?? context
        let result = JSStrings.with(source) { script in
            JSStrings.with(sourceURL) { url in JSEvaluateScript(target, script, nil, url, 1, &exception) }
        }
        if let exception { throw JSThrow(JSValue(exception, self)) }
        return JSValue(result ?? JSValueMakeUndefined(context), self)
    }

    func call(_ function: JSValue, this: JSValue?, _ arguments: [JSValue]) throws(JSEngineError) -> JSValue {
        guard function.isFunction else { throw .typeMismatch("value is not a function") }
        let argv: [JSValueRef?] = arguments.map(\.ref)
        let result: JSValueRef? = try entering { exception in
            argv.withUnsafeBufferPointer { buffer in
                JSObjectCallAsFunction(context, function.ref, this?.ref, arguments.count, buffer.baseAddress, &exception)
            }
        }
        return JSValue(result ?? JSValueMakeUndefined(context), self)
    }

    /// Runs one API entry: arms the watchdog for outermost calls and converts exceptions.
    private func entering(_ body: (inout JSValueRef?) -> JSValueRef?) throws(JSEngineError) -> JSValueRef? {
        checkThread()
        let outermost = callDepth == 0
        if outermost {
            watchdogFired = false
            heapLimitFired = false
            try armWatchdog()
        }
        callDepth += 1
        var exception: JSValueRef?
        let result = body(&exception)
        callDepth -= 1
        if outermost {
            // A termination inside a microtask is swallowed by JSC and the call returns normally;
            // the flag still tells us the deadline passed.
            if heapLimitFired, let heapLimitBytes { throw .heapLimitExceeded(bytes: heapLimitBytes) }
            if watchdogFired || isPastDeadline { throw .executionTimedOut }
        }
        if let exception {
            let converted = self.exception(from: exception)
            if converted.message == "JavaScript execution terminated." && heapLimitFired, let heapLimitBytes {
                throw .heapLimitExceeded(bytes: heapLimitBytes)
            }
            if converted.message == "JavaScript execution terminated." && deadline != nil && isPastDeadline {
                throw .executionTimedOut
            }
            throw .exception(converted)
        }
        return result
    }

    /// Stops the process when another thread calls in: JavaScriptCore's VM is not safe to share, and a wrong
    /// thread would corrupt it silently rather than fail (a thread-identity read; it costs nothing measurable).
    public func checkThread() {
        precondition(pthread_equal(pthread_self(), owner) != 0,
                     "a JSEngine was used from a thread other than the one that created it; each engine is confined to its thread")
    }

    private var isPastDeadline: Bool {
        guard let deadline else { return false }
        return ContinuousClock.now >= deadline
    }

    private func armWatchdog() throws(JSEngineError) {
        guard Self.hasPrivateAPI else {
            // Without the watchdog only the event loop's own deadline checks apply.
            if isPastDeadline { throw .executionTimedOut }
            return
        }
        guard deadline != nil || heapLimitBytes != nil else {
            JSContextGroupClearExecutionTimeLimit(group)
            return
        }
        guard let wait = nextWatch(from: ContinuousClock.now) else { throw .executionTimedOut }
        JSContextGroupSetExecutionTimeLimit(group, wait.inSeconds, watchdogShouldTerminate,
                                            Unmanaged.passUnretained(self).toOpaque())
    }

    /// How long the watchdog waits before it looks again: until the deadline, or the next look at the heap if
    /// sooner. Nil when the deadline has passed.
    private func nextWatch(from now: ContinuousClock.Instant) -> Duration? {
        var wait: Duration = heapLimitBytes == nil ? .seconds(3600) : Self.heapWatchInterval
        if let deadline {
            let remaining = now.duration(to: deadline)
            guard remaining > .zero else { return nil }
            wait = min(wait, remaining)
        }
        return wait
    }

    /// Called by JavaScriptCore's watchdog on the JS thread. The host may have moved the deadline on while the call
    /// ran (a stream starting its next message inside one call): then the watchdog is re-armed for the time left.
    fileprivate func watchdogExpired(group: JSContextGroupRef, context: UnsafeMutableRawPointer) -> Bool {
        if let heapLimitBytes, heapBytes > heapLimitBytes {
            heapLimitFired = true
            return true
        }
        guard let wait = nextWatch(from: ContinuousClock.now) else {
            watchdogFired = true
            return true
        }
        JSContextGroupSetExecutionTimeLimit(group, wait.inSeconds, watchdogShouldTerminate, context)
        return false
    }

    /// The memory the engine's heap holds, as JavaScriptCore counts it: its blocks, in use or free (its capacity,
    /// which grows as soon as the script allocates; what the objects use is known only at the next collection),
    /// and what its objects keep outside it. 0 where its private API is missing.
    public var heapBytes: Int {
        guard Self.hasPrivateAPI, let statistics = JSGetMemoryUsageStatistics(context) else { return 0 }
        func field(_ name: String) -> Int {
            let value = JSStrings.with(name) { JSObjectGetProperty(context, statistics, $0, nil) }
            let number = JSValueToNumber(context, value, nil)
            return number.isFinite ? Int(number) : 0
        }
        return field("heapCapacity") + field("extraMemorySize")
    }

    // MARK: sibling contexts

    /// A new global context in this engine's group: its own globals (a separate realm, as Node's `vm` contexts
    /// are), sharing the VM, so values may pass between the two.
    public func makeSiblingContext() -> SiblingContext {
        SiblingContext(context: JSGlobalContextCreateInGroup(group, nil), engine: self)
    }

    // MARK: exceptions

    /// Reads name, message, location and stack from a thrown value.
    public func exception(from ref: JSValueRef) -> JSException {
        let value = JSValue(ref, self)
        guard value.isObject else {
            let json = (try? value.toJSON()) ?? nil
            return JSException(name: "Error", message: value.toString(), thrownJSON: json)
        }
        func text(_ key: String) -> String? {
            let property = value[key]
            return property.isNullOrUndefined ? nil : property.toString()
        }
        func integer(_ key: String) -> Int? {
            let property = value[key]
            return property.isNumber ? property.toInt() : nil
        }
        let isError = JSValueIsInstanceOfConstructor(context, ref, global["Error"].ref, nil)
        let stack = text("stack").flatMap { $0.isEmpty ? nil : $0 }
        let name = text("name") ?? "Error"
        return JSException(
            name: name,
            message: text("message") ?? (isError ? "" : value.toString()),
            sourceURL: text("sourceURL"),
            line: integer("line"),
            // JavaScriptCore's parser reports no column; a SyntaxError raised while other JS is running
            // carries the caller's column instead, which would point at the wrong place.
            column: name == "SyntaxError" ? nil : integer("column"),
            stack: stack,
            code: text("code"),
            thrownJSON: isError ? nil : ((try? value.toJSON()) ?? nil)
        )
    }

    /// Makes a JS Error object of the named global constructor.
    public func makeError(_ message: String, constructor: String = "Error", code: String? = nil) -> JSValue {
        let ctor = global[constructor]
        var exception: JSValueRef?
        let argument: [JSValueRef?] = [string(message).ref]
        let object = JSObjectCallAsConstructor(context, ctor.isFunction ? ctor.ref : global["Error"].ref, 1, argument, &exception)
        let error = JSValue(object ?? JSValueMakeUndefined(context), self)
        if let code { error["code"] = string(code) }
        return error
    }

    /// Rebuilds a JS error from a converted exception, keeping its constructor and location.
    public func makeError(rethrowing exception: JSException) -> JSValue {
        let error = makeError(exception.message, constructor: exception.name)
        // The new object carries the location of the code that made it; replace that with the original's.
        error["sourceURL"] = exception.sourceURL.map(string) ?? undefined
        error["line"] = exception.line.map(number) ?? undefined
        error["column"] = exception.column.map(number) ?? undefined
        if let stack = exception.stack { error["stack"] = string(stack) }
        if let code = exception.code { error["code"] = string(code) }
        return error
    }

    // MARK: host functions and promises

    /// A JS function whose body is Swift. Swift errors thrown by `body` become JS exceptions.
    public func function(_ name: String, _ body: @escaping HostFunction.Body) -> JSValue {
        HostFunction.make(name: name, engine: self, body: body)
    }

    /// A new pending promise and the functions that settle it.
    public func deferredPromise() -> (promise: JSValue, resolve: JSValue, reject: JSValue) {
        var resolve: JSObjectRef?
        var reject: JSObjectRef?
        var exception: JSValueRef?
        let promise = JSObjectMakeDeferredPromise(context, &resolve, &reject, &exception)!
        return (JSValue(promise, self), JSValue(resolve!, self), JSValue(reject!, self))
    }

    /// Called with (promise, reason) at the microtask checkpoint that finds a rejection without a handler.
    public func onUnhandledRejection(_ handler: @escaping (_ reason: JSValue) -> Void) {
        let function = self.function("unhandledRejection") { engine, _, arguments in
            handler(arguments.count > 1 ? arguments[1] : engine.undefined)
            return engine.undefined
        }
        setUnhandledRejectionCallback(function)
    }

    /// Makes `function(promise, reason)` the unhandled-rejection callback.
    public func setUnhandledRejectionCallback(_ function: JSValue) {
        guard Self.hasPrivateAPI else { return }
        JSValueProtect(context, function.ref)
        if let unhandledRejectionHandler { JSValueUnprotect(context, unhandledRejectionHandler) }
        unhandledRejectionHandler = function.ref
        var exception: JSValueRef?
        JSGlobalContextSetUnhandledRejectionCallback(context, function.ref, &exception)
    }

    /// Forces a full garbage collection now (tests use it to prove values are protected; an idle step's worker
    /// to give back what its last message left).
    public func collectGarbage() {
        JSSynchronousGarbageCollectForDebugging(context)
    }

    /// Gives the memory JavaScriptCore's allocator holds free (in every engine of the process) back to the system:
    /// without it, what a collection frees stays resident. Any thread may call it.
    public static func releaseFreeMemory() {
        guard hasPrivateAPI else { return }
        _ZN3WTF40releaseFastMallocFreeMemoryForThisThreadEv()
        _ZN3WTF27releaseFastMallocFreeMemoryEv()
    }
}

/// The C callback JavaScriptCore's watchdog calls; `context` is the engine.
private func watchdogShouldTerminate(_ ctx: JSContextRef?, _ context: UnsafeMutableRawPointer?) -> Bool {
    guard let ctx, let context else { return true }
    let engine = Unmanaged<JSEngine>.fromOpaque(context).takeUnretainedValue()
    return engine.watchdogExpired(group: JSContextGetGroup(ctx), context: context)
}

/// A global context sharing an engine's VM (see `JSEngine.makeSiblingContext`). Released with this object.
public final class SiblingContext {
    let context: JSGlobalContextRef
    private let engine: JSEngine

    init(context: JSGlobalContextRef, engine: JSEngine) {
        self.context = context
        self.engine = engine
    }

    deinit { JSGlobalContextRelease(context) }

    /// The context's global object.
    public var global: JSValue { JSValue(JSContextGetGlobalObject(context), engine) }
}

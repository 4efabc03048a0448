import CJavaScriptCore

/// A JavaScript value of one engine. Not Sendable: it must stay on the engine's thread and must not outlive it.
/// Values kept beyond the current call (in Swift properties) must be held through `ProtectedJSValue`.
public struct JSValue {
    public let ref: JSValueRef
    public unowned let engine: JSEngine

    init(_ ref: JSValueRef, _ engine: JSEngine) {
        self.ref = ref
        self.engine = engine
    }

    var ctx: JSGlobalContextRef { engine.context }

    public var isUndefined: Bool { JSValueIsUndefined(ctx, ref) }
    public var isNull: Bool { JSValueIsNull(ctx, ref) }
    public var isNullOrUndefined: Bool { isUndefined || isNull }
    public var isString: Bool { JSValueIsString(ctx, ref) }
    public var isNumber: Bool { JSValueIsNumber(ctx, ref) }
    public var isBoolean: Bool { JSValueIsBoolean(ctx, ref) }
    public var isObject: Bool { JSValueIsObject(ctx, ref) }
    public var isArray: Bool { JSValueIsArray(ctx, ref) }
    public var isFunction: Bool { isObject && JSObjectIsFunction(ctx, ref) }

    /// `===`.
    public func isStrictlyEqual(to other: JSValue) -> Bool { JSValueIsStrictEqual(ctx, ref, other.ref) }

    /// JavaScript's truthiness.
    public var isTruthy: Bool { JSValueToBoolean(ctx, ref) }

    /// `String(value)`; never throws (a throwing toString gives "").
    public func toString() -> String {
        var exception: JSValueRef?
        guard let string = JSValueToStringCopy(ctx, ref, &exception) else { return "" }
        defer { JSStringRelease(string) }
        return JSStrings.swiftString(string)
    }

    public func toDouble() -> Double {
        var exception: JSValueRef?
        return JSValueToNumber(ctx, ref, &exception)
    }

    public func toInt() -> Int {
        let number = toDouble()
        guard number.isFinite else { return 0 }
        return Int(max(min(number, Double(Int.max / 2)), Double(Int.min / 2)))
    }

    /// `JSON.stringify(value)`; nil for undefined, functions and symbols. Throws on cycles or a throwing toJSON.
    public func toJSON(indent: UInt32 = 0) throws -> String? {
        var exception: JSValueRef?
        let string = JSValueCreateJSONString(ctx, ref, indent, &exception)
        if let exception { throw JSEngineError.exception(engine.exception(from: exception)) }
        guard let string else { return nil }
        defer { JSStringRelease(string) }
        return JSStrings.swiftString(string)
    }

    public subscript(property: String) -> JSValue {
        get {
            guard isObject else { return engine.undefined }
            return JSStrings.with(property) { name in
                var exception: JSValueRef?
                let value = JSObjectGetProperty(ctx, ref, name, &exception)
                return JSValue(value ?? JSValueMakeUndefined(ctx), engine)
            }
        }
        nonmutating set {
            guard isObject else { return }
            JSStrings.with(property) { name in
                var exception: JSValueRef?
                JSObjectSetProperty(ctx, ref, name, newValue.ref, JSPropertyAttributes(kJSPropertyAttributeNone), &exception)
            }
        }
    }

    /// Calls this function with `this` and arguments; the outermost call drains microtasks and honours the deadline.
    @discardableResult
    public func call(this: JSValue? = nil, _ arguments: [JSValue] = []) throws(JSEngineError) -> JSValue {
        try engine.call(self, this: this, arguments)
    }

    /// The bytes of a typed array, DataView or ArrayBuffer (copied); nil for other values.
    public func bytes() -> [UInt8]? {
        guard isObject else { return nil }
        var exception: JSValueRef?
        let type = JSValueGetTypedArrayType(ctx, ref, &exception)
        if type == kJSTypedArrayTypeArrayBuffer {
            guard let pointer = JSObjectGetArrayBufferBytesPtr(ctx, ref, &exception) else { return [] }
            let count = JSObjectGetArrayBufferByteLength(ctx, ref, &exception)
            return Array(UnsafeRawBufferPointer(start: pointer, count: count))
        }
        guard type != kJSTypedArrayTypeNone else { return nil }
        guard let pointer = JSObjectGetTypedArrayBytesPtr(ctx, ref, &exception) else { return [] }
        let offset = JSObjectGetTypedArrayByteOffset(ctx, ref, &exception)
        let count = JSObjectGetTypedArrayByteLength(ctx, ref, &exception)
        return Array(UnsafeRawBufferPointer(start: pointer + offset, count: count))
    }

    /// The memory of a typed array, DataView or ArrayBuffer, in place (reads and writes go to the JS object);
    /// nil for other values. The memory is valid only inside `body`, which must not run JavaScript.
    public func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R? {
        guard isObject else { return nil }
        var exception: JSValueRef?
        let type = JSValueGetTypedArrayType(ctx, ref, &exception)
        if type == kJSTypedArrayTypeArrayBuffer {
            let count = JSObjectGetArrayBufferByteLength(ctx, ref, &exception)
            return try body(UnsafeMutableRawBufferPointer(start: JSObjectGetArrayBufferBytesPtr(ctx, ref, &exception), count: count))
        }
        guard type != kJSTypedArrayTypeNone else { return nil }
        let offset = JSObjectGetTypedArrayByteOffset(ctx, ref, &exception)
        let count = JSObjectGetTypedArrayByteLength(ctx, ref, &exception)
        let start = JSObjectGetTypedArrayBytesPtr(ctx, ref, &exception).map { $0 + offset }
        return try body(UnsafeMutableRawBufferPointer(start: count == 0 ? nil : start, count: count))
    }

    /// Keeps this value alive while Swift holds it.
    public func protect() -> ProtectedJSValue { ProtectedJSValue(self) }
}

/// A JSValue kept alive across calls (JSValueProtect); unprotected when this object goes away.
public final class ProtectedJSValue {
    public let value: JSValue
    // Strong, so the context is still alive when this unprotects.
    private let engine: JSEngine

    init(_ value: JSValue) {
        self.value = value
        self.engine = value.engine
        JSValueProtect(engine.context, value.ref)
    }

    deinit {
        JSValueUnprotect(engine.context, value.ref)
    }
}

import CJavaScriptCore
import Foundation

/// JS functions implemented in Swift: one JSClass with callAsFunction/finalize; the Swift closure
/// lives in the object's private slot.
public enum HostFunction {
    public typealias Body = (_ engine: JSEngine, _ this: JSValue, _ arguments: [JSValue]) throws -> JSValue

    final class Box {
        let body: Body
        unowned let engine: JSEngine
        init(body: @escaping Body, engine: JSEngine) {
            self.body = body
            self.engine = engine
        }
    }

    static func makeClass() -> JSClassRef {
        var definition = kJSClassDefinitionEmpty
        definition.className = staticClassName
        definition.callAsFunction = { ctx, function, thisObject, argumentCount, arguments, exception in
            guard let function, let raw = JSObjectGetPrivate(function) else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue()
            let engine = box.engine
            var args: [JSValue] = []
            args.reserveCapacity(argumentCount)
            for index in 0..<argumentCount {
                args.append(JSValue(arguments![index]!, engine))
            }
            let this = thisObject.map { JSValue($0, engine) } ?? engine.undefined
            do {
                return try box.body(engine, this, args).ref
            } catch let thrown as JSThrow {
                exception?.pointee = thrown.value.ref
            } catch let error as JSHostError {
                exception?.pointee = engine.makeError(error.message, constructor: error.constructor, code: error.code).ref
            } catch JSEngineError.exception(let inner) {
                exception?.pointee = engine.makeError(rethrowing: inner).ref
            } catch {
                exception?.pointee = engine.makeError(String(describing: error)).ref
            }
            return nil
        }
        definition.finalize = { object in
            // May run on any thread: only release the Swift box here, never call JSC.
            guard let object, let raw = JSObjectGetPrivate(object) else { return }
            Unmanaged<Box>.fromOpaque(raw).release()
        }
        return JSClassCreate(&definition)
    }

    // Written once, never mutated; JSClassDefinition needs a C string that outlives the class.
    nonisolated(unsafe) private static let staticClassName: UnsafePointer<CChar> = {
        UnsafePointer(strdup("HostFunction")!)
    }()

    static func make(name: String, engine: JSEngine, body: @escaping Body) -> JSValue {
        let box = Unmanaged.passRetained(Box(body: body, engine: engine)).toOpaque()
        let object = JSObjectMake(engine.context, engine.hostFunctionClass, box)!
        let value = JSValue(object, engine)
        JSStrings.with("name") { key in
            var exception: JSValueRef?
            JSObjectSetProperty(engine.context, object, key, engine.string(name).ref,
                                JSPropertyAttributes(kJSPropertyAttributeReadOnly | kJSPropertyAttributeDontEnum), &exception)
        }
        // Give it Function.prototype so call/apply/bind and `instanceof Function` behave as components expect.
        // After `name` is set: Function.prototype.name is read-only and would block the assignment.
        let functionPrototype = engine.global["Function"]["prototype"]
        JSObjectSetPrototype(engine.context, object, functionPrototype.ref)
        return value
    }
}

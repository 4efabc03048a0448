import Foundation
import JSEngine

/// OpenSSL objects (keys, certificates, Diffie-Hellman states) by number. The JS object that stands for one holds
/// its number and a collection token; when the token is collected (on the collector's thread) the object is freed,
/// and whatever is left goes with the runtime.
final class NativeRegistry: @unchecked Sendable {  // objects under `lock`; OpenSSL pointers are not Sendable, but each is used by one caller at a time
    private let lock = NSLock()
    private var objects: [Int: OpaquePointer] = [:]
    private var next = 1
    private let release: @Sendable (OpaquePointer) -> Void
    /// What a bad number is called in the error (`key object`, `certificate`).
    private let kind: String

    init(kind: String, release: @escaping @Sendable (OpaquePointer) -> Void) {
        self.kind = kind
        self.release = release
    }

    /// `[number, token, ...more]`: the object's number and the token that frees it when collected, then what
    /// `more` makes. Made straight into the array: a token held only by Swift could be collected, and the object
    /// freed, before the array that keeps it exists.
    func handle(_ object: OpaquePointer, _ engine: JSEngine, more: [() -> JSValue] = []) -> JSValue {
        let id = lock.withLock {
            let id = next
            next += 1
            objects[id] = object
            return id
        }
        return engine.array(making: [{ engine.number(id) }, { engine.collectionToken { [weak self] in self?.free(id) } }] + more)
    }

    func object(_ value: JSValue?) throws -> OpaquePointer {
        let id = value.map { $0.isNumber ? $0.toInt() : 0 } ?? 0
        guard let found = lock.withLock({ objects[id] }) else {
            throw JSHostError("Invalid \(kind)", constructor: "TypeError", code: "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE")
        }
        return found
    }

    func free(_ id: Int) {
        guard let found = lock.withLock({ objects.removeValue(forKey: id) }) else { return }
        release(found)
    }

    deinit { for found in objects.values { release(found) } }
}

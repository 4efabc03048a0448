import CJavaScriptCore

/// Conversions between Swift strings and JSStringRef.
/// UTF-8 copy-out measured ~7x faster than going through UTF-16 characters (jsc-embedding.md §7).
enum JSStrings {
    static func swiftString(_ string: JSStringRef) -> String {
        let capacity = JSStringGetMaximumUTF8CStringSize(string)
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            let written = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: capacity) {
                JSStringGetUTF8CString(string, $0, capacity)
            }
            return written > 0 ? written - 1 : 0
        }
    }

    /// Runs `body` with a temporary JSStringRef that is released afterwards.
    static func with<T>(_ string: String, _ body: (JSStringRef) throws -> T) rethrows -> T {
        let ref = string.withCString { JSStringCreateWithUTF8CString($0) }!
        defer { JSStringRelease(ref) }
        return try body(ref)
    }
}

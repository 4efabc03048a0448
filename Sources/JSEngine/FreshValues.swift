import CJavaScriptCore

// The collector scans this thread's stack and registers for values, but not Swift's heap: a value made by Swift and
// held only in a Swift array (an argument list, an array literal being built) may be collected while the next one is
// made, and the call then gets a dead value. These build such lists so that each value is reachable from the moment
// it is made: put into the JavaScript array at once, or protected until the call returns.
extension JSEngine {
    /// A new array of one value per item, each put into the array as it is made.
    public func array<Items: Sequence>(_ items: Items, _ make: (Items.Element) throws -> JSValue) rethrows -> JSValue {
        var exception: JSValueRef?
        let array = JSObjectMakeArray(context, 0, nil, &exception)!
        var index: UInt32 = 0
        for item in items {
            let value = try make(item)
            JSObjectSetPropertyAtIndex(context, array, index, value.ref, &exception)
            index += 1
        }
        return JSValue(array, self)
    }

    /// A new array of the values `makers` make, in order, each put into the array as it is made.
    public func array(making makers: [() -> JSValue]) -> JSValue {
        array(makers) { $0() }
    }

    /// Makes the values of an argument list one after another, each protected as soon as it is made, and gives them
    /// to `body` (which calls with them); they are let go when it returns.
    public func withValues<Result, Failure: Error>(making makers: [() -> JSValue], _ body: ([JSValue]) throws(Failure) -> Result) throws(Failure) -> Result {
        var made: [JSValue] = []
        made.reserveCapacity(makers.count)
        defer { for value in made { JSValueUnprotect(context, value.ref) } }
        for make in makers {
            let value = make()
            JSValueProtect(context, value.ref)
            made.append(value)
        }
        return try body(made)
    }

    /// Keeps `values` (made already, reachable now) from the collector while `body` runs, which may make more.
    public func keeping<Result, Failure: Error>(_ values: [JSValue], _ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        for value in values { JSValueProtect(context, value.ref) }
        defer { for value in values { JSValueUnprotect(context, value.ref) } }
        return try body()
    }
}

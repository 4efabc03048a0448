import Testing
@testable import NodeCompat
import JSEngine
import TestSupport

/// Expected strings are what Node v20.20.2 prints for `util.format(...)` with the same arguments.
@Suite struct FormatTests {
    static let cases: [(arguments: String, expected: String)] = [
        (#"'%s|%d|%i|%f|%j|%%', 'str', 42.5, 42.5, '3.5', {a: [1]}"#, #"str|42.5|42|3.5|{"a":[1]}|%"#),
        (#"'%O', {b: {c: {d: {e: 1}}}}"#, "{ b: { c: { d: [Object] } } }"),
        (#"'%s', -0"#, "-0"),
        (#"'%d', '12abc'"#, "NaN"),
        (#"'%i', -3.9"#, "-3"),
        (#"'%j', 'x'"#, #""x""#),
        (#"'no directive', 1, 'two', {three: 3}"#, "no directive 1 two { three: 3 }"),
        (#"'%s and %s', 'only one'"#, "only one and %s"),
        (#"{a: 1, b: 'two', c: [1, 2, 3], d: {e: {f: {g: 1}}}}, 'tail', 5"#,
         "{ a: 1, b: 'two', c: [ 1, 2, 3 ], d: { e: { f: [Object] } } } tail 5"),
        (#"[1, 'x', null, undefined, true]"#, "[ 1, 'x', null, undefined, true ]"),
        (#"{'key-with-dash': 1, nested: {list: []}, fn() {}, arrow: () => 1}"#,
         "{\n  'key-with-dash': 1,\n  nested: { list: [] },\n  fn: [Function: fn],\n  arrow: [Function: arrow]\n}"),
        (#"new Map([['a', 1]]), new Set([1, 2])"#, "Map(1) { 'a' => 1 } Set(2) { 1, 2 }"),
        (#"{long1: 'aaaaaaaaaaaaaaaaaaaa', long2: 'bbbbbbbbbbbbbbbbbbbb', long3: 'cccccccccccccccccccc', long4: 'dd'}"#,
         "{\n  long1: 'aaaaaaaaaaaaaaaaaaaa',\n  long2: 'bbbbbbbbbbbbbbbbbbbb',\n  long3: 'cccccccccccccccccccc',\n  long4: 'dd'\n}"),
        (#""it's""#, "it's"),
        (#"["it's"]"#, #"[ "it's" ]"#),
        ("null", "null"),
        ("undefined", "undefined"),
        ("10n", "10n"),
        ("Symbol('s')", "Symbol(s)"),
        ("Object.create(null)", "[Object: null prototype] {}"),
        ("new (class Foo { constructor() { this.x = 1; } })()", "Foo { x: 1 }"),
    ]

    @Test(arguments: cases)
    func formatMatchesNode(_ testCase: (arguments: String, expected: String)) throws {
        let runtime = try makeRuntime(CapturedText())
        let format = runtime.internals["format"]
        runtime.engine.global["__format"] = format
        let result = try runtime.engine.evaluate("__format(\(testCase.arguments))", sourceURL: "format-test.js")
        #expect(result.toString() == testCase.expected)
    }

    @Test func consoleWritesFormattedLinesToStderr() throws {
        let output = CapturedText()
        let runtime = try makeRuntime(output)
        try runtime.script("console.log('%s=%d', 'a', 1); console.error({x: 1}); console.warn('w'); console.info('i'); console.debug('d');")
        #expect(output.lines == ["a=1", "{ x: 1 }", "w", "i", "d"])
    }
}

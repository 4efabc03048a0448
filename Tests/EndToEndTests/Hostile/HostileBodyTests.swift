import Foundation
import Testing

/// Hostile and odd request bodies: bytes are taken as sent or refused, never changed on the way; parsers are
/// bounded. Each refusal leaves the store as it was, and the service answers /healthz within 100 ms meanwhile.
@Suite(.serialized, .timeLimit(.minutes(10))) struct HostileBodyTests {
    static func workspace() throws -> Workspace {
        let workspace = try HostileConnectionTests.workspace()
        let counter = "\(Binary.packageRoot)/components/iteration-counter:count"
        try workspace.write("flows/tick.json", ServeWebhookTests.flow("tick", nodes: #"[{"id":"step_1","command":"\#(counter)"}]"#)
            .replacingOccurrences(of: #""status":"active""#, with: #""status":"inactive","cron":"0 0 1 1 *""#))
        return workspace
    }

    /// A service with a snapshot on tick/step_1 (`{"n":1}`, version 1), for edits to be refused against.
    static func service(_ workspace: Workspace) async throws -> RunningService {
        let service = try await RunningService(workspace, folder: "flows")
        let created = try await service.control("POST", "/v2/flows/tick/snapshots/", body: Data(SnapshotApiTests.document("step_1", #"{"n":1}"#).utf8),
                                                headers: ["content-type": "application/vnd.api+json"])
        #expect(created.status == 201, "\(created.text)")
        return service
    }

    /// Sends `body` and expects `status` with `detail` in the error, the store unchanged and /healthz quick meanwhile.
    func refused(_ service: RunningService, _ workspace: Workspace, _ method: String, _ path: String, body: [UInt8],
                 headers: [String: String], status: Int, detail: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = try StoreFingerprint.of(workspace)
        let watch = HealthWatch(port: service.port)
        var all = headers
        if path.hasPrefix("/v2/") { all["authorization"] = "Bearer \(service.controlKey)" }
        let reply = try await service.call(method, path, body: Data(body), headers: all)
        watch.expectHealthy("\(method) \(path)")
        #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
        let errors = reply.json?["errors"] as? [[String: Any]]
        let text = errors?.first?["detail"] as? String ?? ""
        #expect(text.contains(detail), "\(reply.text)", sourceLocation: sourceLocation)
        #expect(errors?.first?["status"] as? String == String(status), "not a JSON:API error document: \(reply.text)", sourceLocation: sourceLocation)
        #expect(try StoreFingerprint.of(workspace) == before, "\(method) \(path) changed the store", sourceLocation: sourceLocation)
        #expect(service.process.isRunning, "the service ended: \(service.stderr.suffix(2000))", sourceLocation: sourceLocation)
    }

    static let json = ["content-type": "application/json"]
    static let document = ["content-type": "application/vnd.api+json"]

    @Test func deeplyNestedBodiesAreRefusedNamingTheLimit() async throws {
        let workspace = try Self.workspace()
        let service = try await Self.service(workspace)
        // The request that once ended serve with SIGSEGV: XML nested 50,000 deep.
        let xml = String(repeating: "<a>", count: 50_000) + String(repeating: "</a>", count: 50_000)
        try await refused(service, workspace, "POST", "/hook/echo", body: Array(xml.utf8), headers: ["content-type": "application/xml"],
                          status: 400, detail: "nested more than 1000 elements deep")
        let deepJSON = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        try await refused(service, workspace, "POST", "/hook/echo", body: Array(deepJSON.utf8), headers: Self.json,
                          status: 400, detail: "nested more than 1000 levels deep")
        // A snapshot nested past the limit is over a limit, not a failure of the store (it was a 500).
        let deepSnapshot = String(repeating: "[", count: 10_001) + String(repeating: "]", count: 10_001)
        try await refused(service, workspace, "PATCH", "/v2/flows/tick/snapshots/step_1",
                          body: Array(SnapshotApiTests.document("step_1", deepSnapshot).utf8), headers: Self.document,
                          status: 422, detail: "nested more than 1000 levels deep")
        // Just under the limit is taken.
        let fine = String(repeating: "[", count: 999) + String(repeating: "]", count: 999)
        let taken = try await service.post("/hook/echo", json: #"{"deep":\#(fine)}"#)
        #expect(taken.status == 200, "\(taken.text.prefix(300))")
    }

    @Test func xmlEntityExpansionIsBounded() async throws {
        let workspace = try Self.workspace()
        let service = try await Self.service(workspace)
        var entities = #"<!ENTITY a0 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx">"#
        for level in 1..<12 { entities += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">" }
        let bomb = #"<?xml version="1.0"?><!DOCTYPE r [\#(entities)]><r>&a11;</r>"#
        let watch = HealthWatch(port: service.port)
        let reply = try await service.call("POST", "/hook/echo", body: Data(bomb.utf8), headers: ["content-type": "application/xml"])
        watch.expectHealthy("an entity expansion bomb")
        #expect(reply.status == 400 || reply.text.count < 20_000_000, "\(reply.status) \(reply.text.prefix(200))")
        #expect(service.process.isRunning)
    }

    @Test func invalidUTF8IsRefusedNamingTheByte() async throws {
        let workspace = try Self.workspace()
        let service = try await Self.service(workspace)
        try await refused(service, workspace, "POST", "/hook/echo", body: Array(#"{""#.utf8) + [0xFF] + Array(#"":1}"#.utf8),
                          headers: Self.json, status: 400, detail: "not valid UTF-8: byte 2 (0xFF)")
        let head = Array(#"{"data":{"type":"snapshot","id":"step_1","attributes":{"snapshot":{""#.utf8)
        let patch = head + [0xC3, 0x28] + Array(#"":1}}}}"#.utf8)
        try await refused(service, workspace, "PATCH", "/v2/flows/tick/snapshots/step_1", body: patch, headers: Self.document,
                          status: 400, detail: "not valid UTF-8: byte \(head.count) (0xC3)")
        // An overlong form and an encoded surrogate are not UTF-8 either.
        try await refused(service, workspace, "POST", "/hook/echo", body: Array(#"{"a":""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8),
                          headers: Self.json, status: 400, detail: "byte 6 (0xC0)")
        try await refused(service, workspace, "POST", "/hook/echo", body: Array(#"{"a":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8),
                          headers: Self.json, status: 400, detail: "byte 6 (0xED)")
    }

    @Test func declaredCharsetsAreDecodedOrRefused() async throws {
        let workspace = try Self.workspace()
        let service = try await Self.service(workspace)
        let latin1 = try await service.call("POST", "/hook/echo", body: Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xE9, 0x22, 0x7D]),
                                            headers: ["content-type": "application/json; charset=ISO-8859-1"])
        #expect(latin1.status == 200 && (latin1.json?["a"] as? String) == "é", "\(latin1.text)")
        let utf16 = try await service.call("POST", "/hook/echo", body: Data([0xFF, 0xFE] + Array(#"{"a":"é"}"#.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                                           headers: Self.json)
        #expect(utf16.status == 200 && (utf16.json?["a"] as? String) == "é", "\(utf16.text)")
        let form = try await service.call("POST", "/hook/echo", body: Data([0x61, 0x3D, 0xE9]),
                                          headers: ["content-type": "application/x-www-form-urlencoded; charset=latin1"])
        #expect(form.status == 200 && (form.json?["a"] as? String) == "é", "\(form.text)")
        try await refused(service, workspace, "POST", "/hook/echo", body: Array("{}".utf8),
                          headers: ["content-type": "application/json; charset=koi8-r"], status: 415, detail: "charset koi8-r")
        try await refused(service, workspace, "POST", "/hook/echo", body: [0x7B, 0xE9, 0x7D],
                          headers: ["content-type": "application/json; charset=us-ascii"], status: 400, detail: "byte 1 is 0xE9")
    }

    @Test func encodedBodiesAreDecodedWithinTheLimit() async throws {
        let workspace = try Self.workspace()
        let service = try await Self.service(workspace)
        let gzip = try Self.compress(Array(#"{"via":"gzip"}"#.utf8), "gzip")
        let gzipped = try await service.call("POST", "/hook/echo", body: Data(gzip), headers: ["content-type": "application/json", "content-encoding": "gzip"])
        #expect(gzipped.status == 200 && gzipped.json?["via"] as? String == "gzip", "\(gzipped.text)")
        let deflate = try Self.compress(Array(#"{"via":"deflate"}"#.utf8), "deflate")
        let deflated = try await service.call("POST", "/hook/echo", body: Data(deflate), headers: ["content-type": "application/json", "content-encoding": "deflate"])
        #expect(deflated.status == 200 && deflated.json?["via"] as? String == "deflate", "\(deflated.text)")
        // {"via":"br","text":"é"}, compressed by Node's zlib.brotliCompressSync.
        let brotli = try #require(Data(base64Encoded: "iwuAeyJ2aWEiOiJiciIsInRleHQiOiLDqSJ9Aw=="))
        let br = try await service.call("POST", "/hook/echo", body: brotli, headers: ["content-type": "application/json", "content-encoding": "br"])
        #expect(br.status == 200 && br.json?["text"] as? String == "é", "\(br.text)")
        // 11 MB of spaces inside a string, some kilobytes compressed: refused while it unpacks.
        let bomb = try Self.compress(Array(#"{"a":""#.utf8) + [UInt8](repeating: 0x20, count: 11 << 20) + Array(#""}"#.utf8), "gzip")
        #expect(bomb.count < 100_000)
        try await refused(service, workspace, "POST", "/hook/echo", body: bomb, headers: ["content-type": "application/json", "content-encoding": "gzip"],
                          status: 413, detail: "decodes to over 10485760 bytes")
        try await refused(service, workspace, "POST", "/hook/echo", body: Array("{}".utf8), headers: ["content-type": "application/json", "content-encoding": "zstd"],
                          status: 415, detail: "Content-Encoding zstd")
        try await refused(service, workspace, "POST", "/hook/echo", body: Array("not gzip".utf8), headers: ["content-type": "application/json", "content-encoding": "gzip"],
                          status: 400, detail: "not valid gzip data")
    }

    @Test func valuesJavaScriptWouldChangeAreRefusedNamingThem() async throws {
        let workspace = try Self.workspace()
        let service = try await Self.service(workspace)
        try await refused(service, workspace, "POST", "/hook/echo", body: Array(#"{"big":1e400}"#.utf8), headers: Self.json,
                          status: 400, detail: #"the number "1e400" (at byte 7)"#)
        try await refused(service, workspace, "POST", "/hook/echo", body: Array(#"{"a":1,"b":{"c":1,"c":2}}"#.utf8), headers: Self.json,
                          status: 400, detail: #"the member name "c" twice"#)
        try await refused(service, workspace, "PATCH", "/v2/flows/tick/snapshots/step_1",
                          body: Array(SnapshotApiTests.document("step_1", #"{"n":-1e999}"#).utf8), headers: Self.document,
                          status: 422, detail: #"the number "-1e999""#)
        try await refused(service, workspace, "PATCH", "/v2/flows/tick/snapshots/step_1",
                          body: Array(SnapshotApiTests.document("step_1", #"{"n":1,"n":2}"#).utf8), headers: Self.document,
                          status: 422, detail: #"the member name "n" twice"#)
        let nullImport = #"{"flow":"tick","step":"step_1","version":3,"value":null,"hash":""}"# + "\n"
        try await refused(service, workspace, "POST", "/v2/flows/tick/snapshots:import", body: Array(nullImport.utf8),
                          headers: ["content-type": "application/x-ndjson"], status: 400, detail: "the value null")
        // A big number JavaScript can hold (rounded, as JSON.parse rounds it) is taken.
        let taken = try await service.post("/hook/echo", json: #"{"id":12345678901234567890,"small":1e-400}"#)
        #expect(taken.status == 200, "\(taken.text)")
    }

    /// `bytes` compressed by Python's zlib (gzip or zlib's deflate format).
    static func compress(_ bytes: [UInt8], _ format: String) throws -> [UInt8] {
        let wbits = format == "gzip" ? 31 : 15
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, zlib; c = zlib.compressobj(9, zlib.DEFLATED, \(wbits)); sys.stdout.buffer.write(c.compress(sys.stdin.buffer.read()) + c.flush())"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread { input.fileHandleForWriting.write(Data(bytes)); try? input.fileHandleForWriting.close() }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }
}

import Foundation
import Testing
@testable import SailorWire

/// The headers and bodies sailor sends (lib/sailor.js outgoingMessageHeaders, lib/amqp.js sendError/sendRebound).
@Suite struct SailorMessagesTests {
    let settings: SailorSettings = {
        var environment = SailorSettingsTests.base
        environment["ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS"] = "ELASTICIO_TENANT_NAME"
        environment["ELASTICIO_TENANT_NAME"] = "acme"
        return try! SailorSettings(environment: environment)
    }()

    @Test func outgoingHeadersCarryTheIncomingOnesThenSailorsOwn() {
        let incoming: [(name: String, value: HeaderValue)] = [
            ("execId", .text("old-exec")), ("taskId", .text("old-task")), ("stepId", .text("step_0")),
            ("threadId", .text("thread-1")), ("messageId", .text("incoming-1")), ("parentMessageId", .text("grandparent")),
            ("reply_to", .text("amq.gen-reply")), ("X-EIO-META-Trace-Id", .text("trace")), ("x-eio-meta-lowercase", .text("kept")),
            ("somethingElse", .text("dropped")),
        ]
        var ids = ["new-message"].makeIterator()
        let started = Date(timeIntervalSince1970: 1_432_205_514.864)
        let headers = OutgoingHeaders.make(incoming: incoming, settings: settings, startedAt: started) { ids.next()! }
        let byName = Dictionary(headers.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        #expect(byName["parentMessageId"] == .text("incoming-1"))
        #expect(byName["messageId"] == .text("new-message"))
        #expect(byName["threadId"] == .text("thread-1"))
        #expect(byName["reply_to"] == .text("amq.gen-reply"))
        #expect(byName["x-eio-meta-trace-id"] == .text("trace"), "x-eio-meta-* lower-cased")
        #expect(byName["x-eio-meta-lowercase"] == .text("kept"))
        #expect(byName["somethingElse"] == nil)
        #expect(byName["execId"] == .text("some-exec-id") && byName["taskId"] == .text("5559edd38968ec0736000003"))
        #expect(byName["stepId"] == .text("step_1"), "its own step, not the incoming one")
        #expect(byName["workspaceId"] == .text("5559edd") && byName["containerId"] == .text("dc1c8c3f"))
        #expect(byName["userId"] == .text("5559edd38968ec0736000002") && byName["compId"] == .text("5559edd38968ec0736000456"))
        #expect(byName["function"] == .text("list"))
        #expect(byName["tenantName"] == .text("acme"))
        #expect(byName["start"] == .number(1_432_205_514_864))
    }

    @Test func aThreadComesFromTheTraceIdOrIsNew() {
        let traced = OutgoingHeaders.make(incoming: [("x-eio-meta-trace-id", .text("trace-7"))], settings: settings, startedAt: Date()) { "n" }
        #expect(traced.first { $0.name == "threadId" }?.value == .text("trace-7"))
        var ids = ["thread-new", "message-new"].makeIterator()
        let fresh = OutgoingHeaders.make(incoming: [], settings: settings, startedAt: Date()) { ids.next()! }
        #expect(fresh.first { $0.name == "threadId" }?.value == .text("thread-new"))
        #expect(fresh.first { $0.name == "messageId" }?.value == .text("message-new"))
        #expect(!fresh.contains { $0.name == "parentMessageId" })
    }

    @Test func errorsAreFormattedAndWrappedAsSailorWrapsThem() throws {
        #expect(SailorPayloads.errorJSON(name: nil, message: "boom", stack: nil) == #"{"message":"boom","name":"Error","stack":"Not Available"}"#)
        let cipher = try MessageCipher(password: MessageCipherTests.password, iv: MessageCipherTests.iv)
        let incoming = try cipher.seal(#"{"body":{"a":1}}"#, protocolVersion: 1)
        let wrapped = try SailorPayloads.errorMessage(errorJSON: #"{"name":"TypeError","message":"x","stack":"s"}"#,
                                                      incomingBody: incoming, incomingProtocolVersion: 1, cipher: cipher)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(wrapped.utf8)) as? [String: String])
        #expect(try cipher.open(Array(object["error"]!.utf8), protocolVersion: 1) == #"{"name":"TypeError","message":"x","stack":"s"}"#)
        #expect(object["errorInput"] == String(decoding: incoming, as: UTF8.self), "protocol 1: the incoming content as it came")
        // Protocol 2: raw bytes came in; errorInput is their JSON re-encrypted as base64.
        let raw = try cipher.seal(#"{"body":{"a":2}}"#, protocolVersion: 2)
        let second = try SailorPayloads.errorMessage(errorJSON: "{}", incomingBody: raw, incomingProtocolVersion: 2, cipher: cipher)
        let input = try #require((try JSONSerialization.jsonObject(with: Data(second.utf8)) as? [String: String])?["errorInput"])
        #expect(try cipher.open(Array(input.utf8), protocolVersion: 1) == #"{"body":{"a":2}}"#)
    }

    @Test func reboundsWaitTwiceAsLongEachTimeUpToTheLimit() {
        #expect(SailorPayloads.rebound(previousIteration: nil, settings: settings)! == (1, 15000))
        #expect(SailorPayloads.rebound(previousIteration: 1, settings: settings)! == (2, 30000))
        #expect(SailorPayloads.rebound(previousIteration: 4, settings: settings)! == (5, 240_000))
        #expect(SailorPayloads.rebound(previousIteration: 19, settings: settings)!.iteration == 20)
        #expect(SailorPayloads.rebound(previousIteration: 20, settings: settings) == nil, "the 21st is the error \(SailorPayloads.reboundLimitExceeded)")
    }
}

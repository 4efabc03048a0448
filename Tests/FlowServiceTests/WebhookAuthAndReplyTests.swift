import Foundation
import Testing
@testable import FlowService

/// How webhook callers are checked, and how a component's httpReply becomes the caller's answer.
@Suite struct WebhookAuthAndReplyTests {
    @Test func authSchemesAdmitTheRightCallersOnly() throws {
        let basic = try WebhookAuth.from(credentialsJSON: #"{"auth":"basic","username":"u","password":"p"}"#).get()
        let good = "Basic " + Data("u:p".utf8).base64EncodedString()
        #expect(basic.admits(header: { $0 == "authorization" ? good : nil }, body: []))
        #expect(!basic.admits(header: { $0 == "authorization" ? "Basic " + Data("u:q".utf8).base64EncodedString() : nil }, body: []))
        #expect(!basic.admits(header: { _ in nil }, body: []))

        let key = try WebhookAuth.from(credentialsJSON: #"{"auth":"api-key","headerName":"X-Key","headerValue":"k"}"#).get()
        #expect(key.admits(header: { $0 == "x-key" ? "k" : nil }, body: []))
        #expect(!key.admits(header: { $0 == "x-key" ? "kk" : nil }, body: []))

        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let hmac = try WebhookAuth.from(credentialsJSON: #"{"auth":"hmac","hmacSecret":"Jefe"}"#).get()
        let signed = Array("what do ya want for nothing?".utf8)
        let signature = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(hmac.admits(header: { $0 == "x-eio-signature" ? signature : nil }, body: signed))
        #expect(!hmac.admits(header: { $0 == "x-eio-signature" ? signature : nil }, body: signed + [0x20]))

        #expect(try WebhookAuth.from(credentialsJSON: nil).get() == .none)
        #expect(try WebhookAuth.from(credentialsJSON: #"{"apiKey":"x"}"#).get() == .none, "credentials without auth: no check")
        guard case .failure(let problem) = WebhookAuth.from(credentialsJSON: #"{"auth":"basic","username":"u"}"#) else {
            Issue.record("basic auth without a password was taken")
            return
        }
        #expect(problem.message == "basic auth needs username and password")
    }

    @Test func anHTTPReplyKeepsTheComponentsBodyAndStatus() {
        let reply = WebhookReply.fromHTTPReply(#"{"statusCode":201,"headers":{"X-Id":"9"},"body":{"z":1,"a":"/x"}}"#)
        #expect(reply.status == 201)
        #expect(String(decoding: reply.body, as: UTF8.self) == #"{"z":1,"a":"/x"}"#)
        #expect(reply.headers.contains { $0.name == "x-id" && $0.value == "9" })
        #expect(reply.headers.contains { $0.name == "content-type" && $0.value == "application/json" })
        let text = WebhookReply.fromHTTPReply(#"{"body":"plain words","headers":{"content-type":"text/plain"}}"#)
        #expect(text.status == 200)
        #expect(String(decoding: text.body, as: UTF8.self) == "plain words")
    }
}

import Foundation
import Testing
@testable import FlowService

/// How a webhook request becomes its flow's first message, and how callers are checked.
@Suite struct WebhookMessageTests {
    func message(method: String = "POST", type: String?, body: String, query: [(String, String)] = []) -> WebhookMessage {
        WebhookMessage(requestID: "r-1", method: method, url: "http://h/hook/f/x", additionalPath: "/x",
                       query: query.map { (name: $0.0, value: $0.1) }, headers: [(name: "X-Tag", value: "a")],
                       contentType: type, body: Array(body.utf8))
    }

    @Test func theMessageCarriesBodyHeadersQueryMethodURLAndPathInThePlatformsOrder() throws {
        let json = try message(type: "application/json; charset=utf-8", body: #"{ "b": 2, "a": [1] }"#, query: [("q", "1")]).json()
        #expect(json == #"{"id":"r-1","attachments":{},"body":{"b":2,"a":[1]},"headers":{"x-tag":"a"},"query":{"q":"1"},"method":"POST","url":"http://h/hook/f/x","additionalUrlPath":"/x","metadata":{}}"#)
    }

    @Test func getTakesTheQueryAsItsBodyAndAnEmptyBodyIsAnEmptyObject() throws {
        let get = try message(method: "GET", type: nil, body: "", query: [("a", "1"), ("a", "2"), ("b", "x y")]).json()
        #expect(get.contains(#""body":{"a":["1","2"],"b":"x y"}"#))
        #expect(try message(type: "application/json", body: "  \n").json().contains(#""body":{}"#))
    }

    @Test func formBodiesArePercentAndPlusDecoded() throws {
        let json = try message(type: "application/x-www-form-urlencoded", body: "name=Ada+L%C3%B6vel&empty=&flag").json()
        #expect(json.contains(#""body":{"name":"Ada Lövel","empty":"","flag":""}"#))
    }

    @Test func xmlReadsAsXml2jsDoes() throws {
        let json = try message(type: "text/xml", body: #"<order id="7" kind="a"><item>pen</item><item>ink</item><note>x<b>y</b></note></order>"#).json()
        #expect(json.contains(#""body":{"order":{"$":{"id":"7","kind":"a"},"item":["pen","ink"],"note":[{"_":"x","b":["y"]}]}}"#), "\(json)")
    }

    @Test func xmlEntitiesNeverReadFiles() {
        let hostile = #"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"#
        let json = try? message(type: "application/xml", body: hostile).json()
        #expect(json?.contains("root:") != true, "\(json ?? "refused")")
    }

    @Test func badBodiesAreRefusedWithTheirStatus() {
        #expect(throws: ApiRefusal.self) { try message(type: "application/json", body: "{").json() }
        do {
            _ = try message(type: "text/plain", body: "hello").json()
            Issue.record("a plain-text body was taken")
        } catch {
            #expect(error.status == 415)
            #expect(error.detail.contains("text/plain"))
        }
        do {
            _ = try message(type: "application/xml", body: "<a><b></a>").json()
            Issue.record("broken XML was taken")
        } catch {
            #expect(error.status == 400)
        }
    }

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

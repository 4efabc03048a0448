import Foundation
import Testing
@testable import ServiceHTTP

/// How a webhook request becomes its flow's first message.
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
}

import Foundation
import Testing
@testable import ServiceHTTP

/// The API's small parts: request documents read strictly, loopback addresses.
@Suite struct ApiPartsTests {
    let shape = #"{"data":{…}}"#

    @Test func aDocumentsMembersMustHaveTheirTypes() throws {
        let document = try ApiDocument(text: #"{"data":{"id":"s","n":3.0,"big":1e300,"half":2.5,"obj":{}},"meta":[]}"#, shape: shape)
        let data = try #require(try document.object("data", path: "data"))
        #expect(try data.string("id", path: "data.id") == "s")
        #expect(try data.integer("n", path: "data.n") == 3, "JSON Schema's integer takes 3.0")
        #expect(throws: ApiRefusal.self) { try data.integer("half", path: "data.half") }
        #expect(throws: ApiRefusal.self) { try data.integer("big", path: "data.big") }
        #expect(throws: ApiRefusal.self) { try data.string("obj", path: "data.obj") }
        #expect(throws: ApiRefusal.self) { try document.object("meta", path: "meta") }
        #expect(try data.string("missing", path: "data.missing") == nil)
        #expect(data.json("obj") == "{}")
        do {
            _ = try data.string("n", path: "data.n")
            Issue.record("a number is not a string")
        } catch let refusal as ApiRefusal {
            #expect(refusal.status == 400 && refusal.detail.hasPrefix("data.n must be a string"))
        }
        #expect(throws: ApiRefusal.self) { try ApiDocument(text: "[1]", shape: shape) }
        #expect(throws: ApiRefusal.self) { try ApiDocument(text: "", shape: shape) }
    }

    @Test func theLastOfDuplicateMembersCounts() throws {
        let document = try ApiDocument(text: #"{"a":"first","a":"second"}"#, shape: shape)
        #expect(try document.string("a", path: "a") == "second")
    }

    @Test func onlyLoopbackAddressesNeedNoKeys() {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "::1"] { #expect(ServiceHost.isLoopback(host), "\(host)") }
        for host in ["0.0.0.0", "192.168.1.5", "::", "example.org", "127.0.0.1.example.org", "1270.0.0.1"] {
            #expect(!ServiceHost.isLoopback(host), "\(host)")
        }
    }
}

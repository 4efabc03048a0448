import FlowService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSHostCore
import Logging
import NIOCore
import MemoryStore
import SnapshotStore
import StepRuntime
import Testing
import TestSupport
@testable import ServiceHTTP

/// The API's routes in process, through HummingbirdTesting's router framework: no server, no worker process (the
/// flow is stopped, so nothing runs), the store in memory (the contract suite holds it to the other stores' behaviour). A route's status, document and
/// effect on the store, checked in milliseconds rather than through a spawned service.
@Suite(.timeLimit(.minutes(1))) struct ApiRoutesInProcessTests {
    struct Served {
        let scratch: ScratchFolder
        let service: FlowService
        let store: MemorySnapshotStore
        let secret: String
        let router: Router<BasicRequestContext>
        var key: StepKey { StepKey(flow: "orders", step: "step_1") }
    }

    func served() async throws -> Served {
        let scratch = try ScratchFolder("jshost-api")
        try scratch.write("components/counter/component.json", #"{"title":"counter","triggers":{"count":{"main":"./count.js"}}}"#)
        try scratch.write("components/counter/count.js", "exports.process = async function () {};")
        try scratch.write("flows/orders.json", #"""
            {"data":{"type":"flow","id":"orders","attributes":{"name":"orders","status":"inactive",
             "graph":{"nodes":[{"id":"step_1","command":"../components/counter:count"}],"edges":[]}}}}
            """#)
        let store = MemorySnapshotStore()
        guard case .made(let secret, _) = try await store.createApiKey("editor", role: .edit, replace: false) else {
            throw ApiRoutesTestFailure("the API key was not made")
        }
        let configuration = ServiceConfiguration(flowsFolder: scratch.path("flows"), stateDirectory: scratch.path("state"),
                                                 store: store.location, worker: WorkerCommand(executable: "/nonexistent"))
        let service = FlowService(configuration: configuration, store: store, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        try await service.startFlows()
        let router = ServiceRoutes.router(service, maxRequestBytes: configuration.maxRequestBytes,
                                          allowedHosts: AllowedHosts(listeningOn: "127.0.0.1", extra: []))
        return Served(scratch: scratch, service: service, store: store, secret: secret, router: router)
    }

    func headers(_ secret: String?, json: Bool = false) -> HTTPFields {
        var fields = HTTPFields()
        if let secret { fields[.authorization] = "Bearer \(secret)" }
        if json { fields[.contentType] = "application/vnd.api+json" }
        return fields
    }

    @Test func aSnapshotMadeThroughTheApiIsStoredAuditedAndPublishedByTheChange() async throws {
        let served = try await served()
        let events = served.service.feed.listen()
        let body = #"{"data":{"type":"snapshot","id":"step_1","attributes":{"snapshot":{"iteration":41}}}}"#
        let secret = served.secret
        try await Application(router: served.router).test(.router) { client in
            try await client.execute(uri: "/v2/flows/orders/snapshots", method: .post, headers: headers(secret, json: true),
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                #expect(response.headers[.eTag] == "\"1\"")
            }
        }
        #expect(try await served.store.get(served.key)?.json == #"{"iteration":41}"#)
        #expect(try await served.store.audit(served.key).last?.editor.name == "editor")
        served.service.feed.finish()
        var heard: [String] = []
        for await event in events { heard.append("\(event.name) \(event.json)") }
        #expect(heard == [#"change {"flow":"orders","step":"step_1","editor":"editor"}"#])
    }

    @Test func withoutAKeyNothingIsReadOrChanged() async throws {
        let served = try await served()
        let body = #"{"data":{"type":"snapshot","id":"step_1","attributes":{"snapshot":{"iteration":41}}}}"#
        try await Application(router: served.router).test(.router) { client in
            try await client.execute(uri: "/v2/flows/orders/snapshots", method: .post, headers: headers(nil, json: true),
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/vnd.api+json")
            }
            try await client.execute(uri: "/v2/flows", method: .get, headers: headers("not-a-key")) { response in
                #expect(response.status == .unauthorized)
            }
        }
        #expect(try await served.store.get(served.key) == nil)
    }

    @Test func theCoresOutcomesGetTheirStatusesAtTheEdge() async throws {
        let served = try await served()
        let secret = served.secret
        try await Application(router: served.router).test(.router) { client in
            // FlowControlError.notFound: run-now of a stopped flow.
            try await client.execute(uri: "/v2/flows/orders/run-now", method: .post, headers: headers(secret)) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("either does not exist or is inactive"))
            }
            // WebhookRefusal.notFound: no started webhook flow answers there; the caller gets JSON.
            try await client.execute(uri: "/hook/orders", method: .post, headers: headers(nil), body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/json")
            }
            try await client.execute(uri: "/healthz", method: .get, headers: headers(nil)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""flows":[{"id":"orders","status":"inactive"}]"#))
            }
        }
    }
}

struct ApiRoutesTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

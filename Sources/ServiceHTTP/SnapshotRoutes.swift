import FlowService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SnapshotStore
import JSHostCore

/// elastic.io's snapshot endpoints (`/v2/flows/{flow}/snapshots…`, JSON:API), through the same store calls the
/// command line makes, every change audited under the caller's API key; plus what elastic.io lacks: an `ETag` (the
/// snapshot's version) on each, and `If-Match` on PATCH and DELETE, so two people editing cannot overwrite each other.
enum SnapshotRoutes {
    /// The largest request body taken: a snapshot is at most a few KB.
    static let maxBody = 256 << 10

    static func add(to router: Router<BasicRequestContext>, _ service: FlowService) {
        let store = service.store
        router.get("v2/flows/:flow/snapshots") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { flow, _, _ in
                let steps = try await steps(service, flow)
                let stored = try await store.list(flow: flow).filter { steps.contains($0.key.step) }
                let items = stored.sorted { $0.key.step < $1.key.step }.map(resource)
                return ApiEndpoint.document(200, #"{"data":[\#(items.joined(separator: ","))],"meta":{}}"#)
            }
        }
        router.get("v2/flows/:flow/snapshots/:step") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { flow, step, _ in
                let snapshot = try await existing(service, flow, step)
                return ApiEndpoint.document(200, #"{"data":\#(resource(snapshot)),"meta":{}}"#, version: snapshot.version)
            }
        }
        // elastic.io documents the path with a trailing slash; the router takes it with or without.
        do {
            router.post("v2/flows/:flow/snapshots") { request, context in
                await ApiEndpoint.handle(request, context, service, needs: .edit) { flow, _, key in
                    var request = request
                    let body = try await SnapshotBody.read(&request)
                    guard let step = body.step else { throw ApiRefusal(status: 400, detail: "data.id must name the step") }
                    guard try await steps(service, flow).contains(step) else {
                        throw ApiRefusal(status: 404, detail: "flow \(flow) has no step \(step)")
                    }
                    let current = try await store.state(StepKey(flow: flow, step: step))
                    if current?.json != nil {
                        throw ApiRefusal(status: 409, detail: "step \(step) of flow \(flow) has a snapshot already; change it with PATCH")
                    }
                    _ = try await change(service, StepKey(flow: flow, step: step), .set(json: body.snapshotJSON),
                                         expected: current?.version ?? 0, key: key, reason: body.reason)
                    let stored = try await existing(service, flow, step)
                    return ApiEndpoint.document(201, #"{"data":\#(resource(stored)),"meta":{}}"#, version: stored.version)
                }
            }
        }
        router.patch("v2/flows/:flow/snapshots/:step") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .edit) { flow, step, key in
                var request = request
                let body = try await SnapshotBody.read(&request)
                if let named = body.step, named != step {
                    throw ApiRefusal(status: 409, detail: "data.id is \(named) but the path names step \(step)")
                }
                let current = try await existing(service, flow, step)
                let expected = expectedVersion(request, current: current.version)
                _ = try await change(service, current.key, .set(json: body.snapshotJSON), expected: expected, key: key, reason: body.reason)
                let stored = try await existing(service, flow, step)
                return ApiEndpoint.document(200, #"{"data":\#(resource(stored)),"meta":{}}"#, version: stored.version)
            }
        }
        router.delete("v2/flows/:flow/snapshots/:step") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .edit) { flow, step, key in
                let current = try await existing(service, flow, step)
                let expected = expectedVersion(request, current: current.version)
                _ = try await change(service, current.key, .reset, expected: expected, key: key,
                                     reason: HTTPField.Name("x-reason").flatMap { request.headers[$0] })
                return Response(status: .noContent)
            }
        }
    }

    static func refusal(for error: SnapshotStoreError, flow: String, step: String) -> ApiRefusal {
        switch error.code {
        case .stepBusy:
            return ApiRefusal(status: 409, detail: "step \(step) of flow \(flow) is running; try again when the run is done")
        case .versionConflict:
            return ApiRefusal(status: 412, detail: "the snapshot changed since the version you read (If-Match); read it again, then send your change")
        case .invalidJSON:
            return ApiRefusal(status: 400, detail: error.description)
        case .unavailable:
            return ApiRefusal(status: 503, detail: "\(error.description); try again shortly", headers: [(.retryAfter, "5")])
        default:
            return ApiRefusal(status: 500, detail: error.description)
        }
    }

    private static func steps(_ service: FlowService, _ flow: String) async throws -> Set<String> {
        guard let steps = await service.stepIDs(of: flow) else {
            throw ApiRefusal(status: 404, detail: "Flow \(flow) does not exist")
        }
        return steps
    }

    /// The step, when its flow is served and has it.
    static func step(_ service: FlowService, _ flow: String, _ step: String) async throws -> StepKey {
        guard try await steps(service, flow).contains(step) else { throw ApiRefusal(status: 404, detail: "flow \(flow) has no step \(step)") }
        return StepKey(flow: flow, step: step)
    }

    private static func existing(_ service: FlowService, _ flow: String, _ step: String) async throws -> StoredSnapshot {
        guard try await steps(service, flow).contains(step) else { throw ApiRefusal(status: 404, detail: "flow \(flow) has no step \(step)") }
        guard let stored = try await service.store.get(StepKey(flow: flow, step: step)) else {
            throw ApiRefusal(status: 404, detail: "step \(step) of flow \(flow) has no snapshot; create one with POST /v2/flows/\(flow)/snapshots/")
        }
        return stored
    }

    private static func change(_ service: FlowService, _ key: StepKey, _ action: ManualChange.Action, expected: Int,
                               key caller: ApiKey, reason: String?) async throws -> StepState {
        try await service.snapshotChanges.apply(ManualChange(key: key, action: action, expectedVersion: expected, editor: .apiKey(caller.name), reason: reason))
    }

    /// The version a change may apply to, from `If-Match` as RFC 9110 has it: a list of entity tags matches when it
    /// names the current version (strongly: a weak tag `W/"7"` never matches), `*` when there is a current
    /// representation. Without the header, the version read just before (`current`); a list that names no current
    /// version gives one that cannot match, so the store refuses the change (412).
    static func expectedVersion(_ request: Request, current: Int, exists: Bool = true) -> Int {
        let values = request.headers[values: .ifMatch]
        guard !values.isEmpty else { return current }
        let tags = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if tags.contains("*") { return exists ? current : -1 }
        return tags.contains("\"\(current)\"") ? current : -1
    }

    static func resource(_ snapshot: StoredSnapshot) -> String {
        let flow = snapshot.key.flow, step = snapshot.key.step
        return #"{"type":"snapshot","id":\#(JSONString.quote(step)),"attributes":{"snapshot":\#(snapshot.json)},"links":{"self":\#(JSONString.quote("/v2/flows/\(flow)/snapshots/\(step)"))},"meta":{"version":\#(snapshot.version),"updatedAt":"\#(UTCTimestamp.string(from: snapshot.updatedAt))","bytes":\#(snapshot.json.utf8.count)}}"#
    }
}

/// A JSON:API snapshot document as elastic.io takes one: `{"data":{"type":"snapshot","id":STEP,"attributes":
/// {"snapshot":…}},"meta":{"reason":…}}`; the snapshot's JSON is kept as it was written.
struct SnapshotBody {
    var step: String?
    var snapshotJSON: String
    var reason: String?

    static func read(_ request: inout Request) async throws -> SnapshotBody {
        let shape = #"{"data":{"type":"snapshot","id":STEP,"attributes":{"snapshot":…}},"meta":{"reason":…}}"#
        let root = try ApiDocument(text: try await RequestBody.document(&request, limit: SnapshotRoutes.maxBody, shape: shape), shape: shape)
        let data = try root.object("data", path: "data")
        if let type = try data?.string("type", path: "data.type"), type != "snapshot" {
            throw ApiRefusal(status: 409, detail: "data.type is \(type), not snapshot")
        }
        let step = try data?.string("id", path: "data.id")
        guard let snapshot = try data?.object("attributes", path: "data.attributes")?.json("snapshot"), snapshot != "null" else {
            throw ApiRefusal(status: 400, detail: "data.attributes.snapshot is missing; send the snapshot there (any JSON but null)")
        }
        let reason = try root.object("meta", path: "meta")?.string("reason", path: "meta.reason")
        return SnapshotBody(step: step, snapshotJSON: try JSONSyntax.compact(snapshot), reason: reason)
    }
}

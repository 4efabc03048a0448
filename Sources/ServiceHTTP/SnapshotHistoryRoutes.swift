import FlowService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SnapshotStore
import JSHostCore

/// What elastic.io's API lacks, under the same resource: a step's kept versions, the difference between two as an
/// RFC 6902 JSON Patch, a rollback to one (a new version, audited), and the audit trail.
enum SnapshotHistoryRoutes {
    static func add(to router: Router<BasicRequestContext>, _ service: FlowService) {
        let store = service.store
        router.get("v2/flows/:flow/snapshots/:step/versions") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { flow, step, _ in
                let key = try await SnapshotRoutes.step(service, flow, step)
                let items = try await store.history(key).map(resource)
                return ApiEndpoint.document(200, #"{"data":[\#(items.joined(separator: ","))],"meta":{}}"#)
            }
        }
        router.get("v2/flows/:flow/snapshots/:step/versions/:version") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { flow, step, _ in
                let key = try await SnapshotRoutes.step(service, flow, step)
                let version = try number(context.parameters.get("version"), "the version")
                guard let kept = try await store.version(key, version) else {
                    throw ApiRefusal(status: 404, detail: "step \(step) of flow \(flow) keeps no version \(version)")
                }
                return ApiEndpoint.document(200, #"{"data":\#(resource(kept)),"meta":{}}"#)
            }
        }
        router.get("v2/flows/:flow/snapshots/:step/diff") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { flow, step, _ in
                let key = try await SnapshotRoutes.step(service, flow, step)
                let query = request.uri.queryParameters
                let current = try await store.state(key)?.version ?? 0
                let to = try query["to"].map { try number(String($0), "to") } ?? current
                let from = try query["from"].map { try number(String($0), "from") } ?? max(to - 1, 0)
                let older = try await kept(store, key, from), newer = try await kept(store, key, to)
                let patch = SnapshotDiff.jsonPatch(from: older, to: newer)
                return ApiEndpoint.document(200, #"{"data":{"type":"snapshot-diff","id":"\#(from)..\#(to)","attributes":{"from":\#(from),"to":\#(to),"patch":\#(patch)}},"meta":{}}"#)
            }
        }
        router.post("v2/flows/:flow/snapshots/:step/rollback") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .edit) { flow, step, caller in
                let key = try await SnapshotRoutes.step(service, flow, step)
                var request = request
                let shape = #"{"data":{"type":"snapshot-rollback","attributes":{"version":N}},"meta":{"reason":…}}"#
                let root = try ApiDocument(text: try await RequestBody.document(&request, limit: SnapshotRoutes.maxBody, shape: shape), shape: shape)
                let data = try root.object("data", path: "data")
                if let type = try data?.string("type", path: "data.type"), type != "snapshot-rollback" {
                    throw ApiRefusal(status: 409, detail: "data.type is \(type), not snapshot-rollback")
                }
                guard let target = try data?.object("attributes", path: "data.attributes")?.integer("version", path: "data.attributes.version") else {
                    throw ApiRefusal(status: 400, detail: "data.attributes.version is missing; send \(shape)")
                }
                guard target >= 1 else {
                    throw ApiRefusal(status: 400, detail: "data.attributes.version must be a version number, 1 or more")
                }
                let reason = try root.object("meta", path: "meta")?.string("reason", path: "meta.reason")
                let state = try await store.state(key)
                let expected = SnapshotRoutes.expectedVersion(request, current: state?.version ?? 0, exists: state?.json != nil)
                do {
                    _ = try await service.snapshotChanges.apply(ManualChange(key: key, action: .rollback(toVersion: target), expectedVersion: expected,
                                                                             editor: .apiKey(caller.name), reason: reason))
                } catch let error as SnapshotStoreError where error.code == .noSuchVersion {
                    throw ApiRefusal(status: 404, detail: "step \(step) of flow \(flow) keeps no version \(target) to roll back to")
                }
                guard let stored = try await store.get(key) else {
                    let state = try await store.state(key)
                    return ApiEndpoint.document(200, #"{"data":null,"meta":{"version":\#(state?.version ?? 0)}}"#, version: state?.version)
                }
                return ApiEndpoint.document(200, #"{"data":\#(SnapshotRoutes.resource(stored)),"meta":{}}"#, version: stored.version)
            }
        }
        router.get("v2/flows/:flow/snapshots/:step/audit") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { flow, step, _ in
                let key = try await SnapshotRoutes.step(service, flow, step)
                let items = try await store.audit(key).map(auditResource)
                return ApiEndpoint.document(200, #"{"data":[\#(items.joined(separator: ","))],"meta":{}}"#)
            }
        }
    }

    private static func number(_ text: String?, _ what: String) throws -> Int {
        guard let text, let value = Int(text), value >= 0 else { throw ApiRefusal(status: 400, detail: "\(what) must be a version number") }
        return value
    }

    /// A kept version's value; 0 is "nothing stored".
    private static func kept(_ store: any ServiceStore, _ key: StepKey, _ version: Int) async throws -> String? {
        if version == 0 { return nil }
        guard let kept = try await store.version(key, version) else {
            throw ApiRefusal(status: 404, detail: "step \(key.step) of flow \(key.flow) keeps no version \(version)")
        }
        return kept.json
    }

    static func resource(_ version: SnapshotVersion) -> String {
        let flow = version.key.flow, step = version.key.step
        return #"{"type":"snapshot-version","id":"\#(version.version)","attributes":{"snapshot":\#(version.json ?? "null"),"bytes":\#(version.bytes),"createdAt":"\#(UTCTimestamp.string(from: version.createdAt))","source":\#(JSONString.quote(version.source))},"links":{"self":\#(JSONString.quote("/v2/flows/\(flow)/snapshots/\(step)/versions/\(version.version)"))}}"#
    }

    static func auditResource(_ entry: AuditEntry) -> String {
        let reason = entry.reason.map(JSONString.quote) ?? "null"
        return #"{"type":"audit-entry","id":"\#(entry.id)","attributes":{"action":\#(JSONString.quote(entry.action)),"editor":{"kind":"\#(entry.editor.kind.rawValue)","name":\#(JSONString.quote(entry.editor.name))},"at":"\#(UTCTimestamp.string(from: entry.at))","oldVersion":\#(entry.oldVersion),"newVersion":\#(entry.newVersion),"reason":\#(reason)}}"#
    }
}

import FlowService
import Flows
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SnapshotStore
import JSHostCore

/// Flows and what they do: the served flows with their status and steps, each step's recent runs, flow control
/// (start, stop, run-now: elastic.io's paths), and the live feed of commits and changes the page listens to.
enum FlowRoutes {
    /// The most recent runs one request returns.
    static let maxRuns = 200

    static func add(to router: Router<BasicRequestContext>, _ service: FlowService) {
        let store = service.store
        router.get("v2/flows") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { _, _, caller in
                var items: [String] = []
                for flow in await service.overview() { items.append(try await resource(flow, store)) }
                let problems = await service.loadProblems.map(JSONString.quote).joined(separator: ",")
                // The caller's key (its name and role, never its secret): the page offers changes only to an edit key.
                let key = #"{"name":\#(JSONString.quote(caller.name)),"role":"\#(caller.role.rawValue)"}"#
                return ApiEndpoint.document(200, #"{"data":[\#(items.joined(separator: ","))],"meta":{"problems":[\#(problems)],"key":\#(key)}}"#)
            }
        }
        router.get("v2/flows/:flow") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { flow, _, _ in
                guard let overview = await service.overview(of: flow) else { throw FlowControlError.notFound(flow) }
                return ApiEndpoint.document(200, #"{"data":\#(try await resource(overview, store)),"meta":{}}"#)
            }
        }
        router.get("v2/flows/:flow/steps/:step/runs") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { flow, step, _ in
                let key = try await SnapshotRoutes.step(service, flow, step)
                let asked = request.uri.queryParameters["limit"].map { Int(String($0)) }
                guard let limit = asked ?? 20, (1...maxRuns).contains(limit) else {
                    throw ApiRefusal(status: 400, detail: "limit must be a number from 1 to \(maxRuns)")
                }
                let errors = service.recentErrors.errors(key)
                let runs = try await store.recentRuns(key, limit: limit).map { runResource($0, errors: errors[$0.id] ?? []) }
                let depth = try await store.queueDepth(key)
                let busy = await service.overview(of: flow)?.busySteps.contains(step) ?? false
                return ApiEndpoint.document(200, #"{"data":[\#(runs.joined(separator: ","))],"meta":{"queueDepth":\#(depth),"running":\#(busy)}}"#)
            }
        }
        router.post("v2/flows/:flow/start") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .edit) { flow, _, _ in
                _ = try await service.start(flow)
                return ApiEndpoint.document(202, ServiceRoutes.flowDocument(flow, status: "active"))
            }
        }
        router.post("v2/flows/:flow/stop") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .edit) { flow, _, _ in
                _ = try await service.stop(flow)
                return ApiEndpoint.document(202, ServiceRoutes.flowDocument(flow, status: "inactive"))
            }
        }
        router.post("v2/flows/:flow/run-now") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .edit) { flow, _, _ in
                let thread = try await service.runNow(flow)
                return ApiEndpoint.document(202, #"{"data":{"type":"flow","id":\#(JSONString.quote(flow))},"meta":{"requestId":\#(JSONString.quote(thread))}}"#)
            }
        }
        router.get("v2/events") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { _, _, _ in
                let events = service.feed.listen()
                var headers = HTTPFields()
                headers[.contentType] = "text/event-stream"
                headers[.cacheControl] = "no-store"
                return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: ": jshost events\n\n"))
                    for await event in events {
                        let text = event.name.isEmpty ? ": heartbeat\n\n" : "event: \(event.name)\ndata: \(event.json)\n\n"
                        try await writer.write(ByteBuffer(string: text))
                    }
                    try await writer.finish(nil)
                })
            }
        }
    }

    /// A flow as a JSON:API resource: its document's graph, status, trigger and schedule, and for each step its
    /// snapshot's version and size, who wrote it, whether it runs now and how many messages wait for it.
    static func resource(_ flow: FlowOverview, _ store: any ServiceStore) async throws -> String {
        let document = flow.document
        let id = JSONString.quote(document.id)
        var steps: [String] = []
        let stored = Dictionary(try await store.list(flow: document.id).map { ($0.key.step, $0) }, uniquingKeysWith: { a, _ in a })
        for node in document.nodes {
            let key = document.key(node.id)
            var snapshot = "null"
            if let current = stored[node.id] { snapshot = try await snapshotSummary(current, store) }
            let depth = try await store.queueDepth(key)
            let name = node.name.map(JSONString.quote) ?? "null"
            steps.append(#"{"id":\#(JSONString.quote(node.id)),"name":\#(name),"command":\#(JSONString.quote(node.command)),"start":\#(flow.starts.contains(node.id)),"errorHandler":\#(node.isErrorHandler),"running":\#(flow.busySteps.contains(node.id)),"queueDepth":\#(depth),"snapshot":\#(snapshot)}"#)
        }
        let edges = document.edges.map { #"{"source":\#(JSONString.quote($0.source)),"target":\#(JSONString.quote($0.target))}"# }
        let cron = flow.cron.map(JSONString.quote) ?? "null"
        let next = flow.nextRunAt.map { "\"\(UTCTimestamp.string(from: $0))\"" } ?? "null"
        let hook = flow.trigger == "webhook" ? #","webhook":\#(JSONString.quote("/hook/\(document.id)"))"# : ""
        return #"{"type":"flow","id":\#(id),"attributes":{"name":\#(JSONString.quote(document.name)),"type":\#(JSONString.quote(document.type)),"status":"\#(flow.status)","trigger":"\#(flow.trigger)","cron":\#(cron),"nextRunAt":\#(next),"steps":[\#(steps.joined(separator: ","))],"edges":[\#(edges.joined(separator: ","))]},"links":{"self":\#(JSONString.quote("/v2/flows/\(document.id)")),"snapshots":\#(JSONString.quote("/v2/flows/\(document.id)/snapshots"))\#(hook)}}"#
    }

    /// A step's current snapshot in brief: version, size against the limit, when, and by which run or person.
    private static func snapshotSummary(_ snapshot: StoredSnapshot, _ store: any ServiceStore) async throws -> String {
        let source = try await store.version(snapshot.key, snapshot.version)?.source ?? ""
        let writer: String
        if source.hasPrefix("run:") {
            writer = #"{"kind":"run","name":\#(JSONString.quote(String(source.dropFirst(4))))}"#
        } else if let entry = try await store.audit(snapshot.key).last(where: { $0.newVersion == snapshot.version }) {
            writer = #"{"kind":"\#(entry.editor.kind.rawValue)","name":\#(JSONString.quote(entry.editor.name))}"#
        } else {
            writer = "null"
        }
        return #"{"version":\#(snapshot.version),"bytes":\#(snapshot.json.utf8.count),"limit":\#(store.limit.bytes),"updatedAt":"\#(UTCTimestamp.string(from: snapshot.updatedAt))","writtenBy":\#(writer)}"#
    }

    static func runResource(_ run: RunRecord, errors: [RecentErrors.Entry]) -> String {
        let version = run.snapshotVersion.map(String.init) ?? "null"
        let kept = errors.filter { $0.kind == .error }.map(\.json).joined(separator: ",")
        // The message the step received when its edge's mapper made it (kept while the service runs).
        let received = errors.last { $0.kind == .received }.map { #","received":\#($0.json)"# } ?? ""
        return #"{"type":"run","id":\#(JSONString.quote(run.id)),"attributes":{"outcome":\#(JSONString.quote(run.outcome)),"startedAt":"\#(UTCTimestamp.string(from: run.startedAt))","endedAt":"\#(UTCTimestamp.string(from: run.endedAt))","snapshotVersion":\#(version),"dataCount":\#(run.dataCount),"errorCount":\#(run.errorCount),"errors":[\#(kept)]\#(received)}}"#
    }
}

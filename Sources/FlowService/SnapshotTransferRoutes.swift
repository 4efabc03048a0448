import ComponentTooling
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SnapshotStore

/// A flow's snapshots out and back in, in the command line's formats: `GET …/snapshots:export` gives the JSON
/// lines `jshost snapshot export` writes; `POST …/snapshots:import` takes those or elastic.io's snapshot list, all
/// in one transaction or none, audited under the caller's key.
enum SnapshotTransferRoutes {
    /// An import carries one snapshot per step of a flow, each at most a few KB.
    static let maxImportBytes = 4 << 20

    static func add(to router: Router<BasicRequestContext>, _ service: FlowService) {
        let store = service.parts.store
        router.get("v2/flows/:flow/snapshots:export") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .read) { flow, _, _ in
                guard let steps = await service.stepIDs(of: flow) else { throw FlowControlError.notFound(flow) }
                let lines = try await store.list(flow: flow).filter { steps.contains($0.key.step) }.map(SnapshotTransfer.exportLine)
                var headers = HTTPFields()
                headers[.contentType] = "application/x-ndjson"
                headers[.contentDisposition] = "attachment; filename=\"\(flow.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })-snapshots.jsonl\""
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: lines.joined())))
            }
        }
        router.post("v2/flows/:flow/snapshots:import") { request, context in
            await ApiEndpoint.handle(request, context, service, needs: .edit) { flow, _, caller in
                guard let steps = await service.stepIDs(of: flow) else { throw FlowControlError.notFound(flow) }
                var request = request
                let body: ByteBuffer
                do {
                    body = try await request.collectBody(upTo: maxImportBytes)
                } catch {
                    throw ApiRefusal(status: 413, detail: "the import is over \(maxImportBytes) bytes")
                }
                if body.readableBytes == 0 {
                    throw ApiRefusal(status: 400, detail: "send the snapshots to import: `jshost snapshot export` lines, or elastic.io's snapshot list")
                }
                let items: [ExportedSnapshot]
                do {
                    items = try SnapshotTransfer.parse(String(buffer: body), defaultFlow: flow)
                } catch {
                    throw ApiRefusal(status: 400, detail: "\(error)")
                }
                if let other = items.first(where: { $0.key.flow != flow }) {
                    throw ApiRefusal(status: 400, detail: "the import names flow \(other.key.flow); import it at /v2/flows/\(other.key.flow)/snapshots:import")
                }
                if let unknown = items.first(where: { !steps.contains($0.key.step) }) {
                    throw ApiRefusal(status: 404, detail: "flow \(flow) has no step \(unknown.key.step); nothing was imported")
                }
                let reason = HTTPField.Name("x-reason").flatMap { request.headers[$0] }
                let count = try await store.importSnapshots(items, editor: .apiKey(caller.name), reason: reason)
                return ApiEndpoint.document(200, #"{"meta":{"imported":\#(count)}}"#)
            }
        }
    }
}

import FlowService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SnapshotStore
import JSHostCore

/// A flow's snapshots out and back in, in the command line's formats: `GET …/snapshots:export` gives the JSON
/// lines `jshost snapshot export` writes; `POST …/snapshots:import` takes those or elastic.io's snapshot list, all
/// in one transaction or none, audited under the caller's key.
enum SnapshotTransferRoutes {
    /// An import carries one snapshot per step of a flow, each at most a few KB.
    static let maxImportBytes = 4 << 20

    static func add(to router: Router<BasicRequestContext>, _ service: FlowService) {
        let store = service.store
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
                let bytes = try await RequestBody.bytes(&request, limit: maxImportBytes, what: "an import")
                let text = try RequestBody.text(bytes, contentType: request.headers[.contentType])
                if text.allSatisfy(\.isWhitespace) {
                    throw ApiRefusal(status: 400, detail: "send the snapshots to import: `jshost snapshot export` lines, or elastic.io's snapshot list")
                }
                // Each line of an export, or the whole of elastic.io's list, under the rules a document meets.
                let documents = text.first(where: { !$0.isWhitespace }) == "{" && !text.contains("\n{") ? [Substring(text)]
                    : text.split(separator: "\n")
                for (index, document) in documents.enumerated() where !document.allSatisfy(\.isWhitespace) {
                    if let violation = JSONInputRules().check(String(document)) {
                        let status = if case .syntax = violation { 400 } else { 422 }
                        throw ApiRefusal(status: status, detail: "line \(index + 1) of the import \(violation); nothing was imported")
                    }
                }
                let items: [ExportedSnapshot]
                do {
                    items = try SnapshotTransfer.parse(text, defaultFlow: flow)
                } catch {
                    throw ApiRefusal(status: 400, detail: "\(error)")
                }
                if let empty = items.first(where: { $0.json == "null" }) {
                    throw ApiRefusal(status: 400, detail: "the import gives step \(empty.key.step) the value null; nothing was imported (to clear a snapshot, DELETE /v2/flows/\(flow)/snapshots/\(empty.key.step))")
                }
                if let other = items.first(where: { $0.key.flow != flow }) {
                    throw ApiRefusal(status: 400, detail: "the import names flow \(other.key.flow); import it at /v2/flows/\(other.key.flow)/snapshots:import")
                }
                if let unknown = items.first(where: { !steps.contains($0.key.step) }) {
                    throw ApiRefusal(status: 404, detail: "flow \(flow) has no step \(unknown.key.step); nothing was imported")
                }
                let reason = HTTPField.Name("x-reason").flatMap { request.headers[$0] }
                let count = try await service.snapshotChanges.importSnapshots(items, flow: flow, editor: .apiKey(caller.name), reason: reason)
                return ApiEndpoint.document(200, #"{"meta":{"imported":\#(count)}}"#)
            }
        }
    }
}

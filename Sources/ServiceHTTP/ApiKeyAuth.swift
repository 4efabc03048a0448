import FlowService
import Foundation
import HTTPTypes
import Hummingbird
import SnapshotStore

/// Who calls the HTTP API: an API key made with `jshost apikey create`, sent as basic auth (any user, the key as
/// password, as elastic.io's API takes one) or as a bearer token. A read key reads; changes need an edit key.
enum ApiKeyAuth {
    /// The caller's key, or the refusal to send (401 without a known key, 403 for a read key asking to change).
    static func caller(_ request: Request, needs role: ApiKey.Role, keys: any ApiKeyKeeping) async -> Result<ApiKey, ApiRefusal> {
        guard let secret = secret(request.headers[.authorization]) else {
            return .failure(ApiRefusal(status: 401, detail: "this endpoint needs an API key (basic auth or Bearer); make one with `jshost apikey create NAME --role \(role.rawValue)`"))
        }
        let found: ApiKey?
        do {
            found = try await keys.apiKey(secret: secret)
        } catch {
            return .failure(ApiRefusal(status: 500, detail: "the store could not be read to check the API key: \(error)"))
        }
        guard let key = found else {
            return .failure(ApiRefusal(status: 401, detail: "the API key is not known here; make one with `jshost apikey create`"))
        }
        if role == .edit && key.role != .edit {
            return .failure(ApiRefusal(status: 403, detail: "API key \(key.name) may only read; changes need an edit key (`jshost apikey create NAME --role edit`)"))
        }
        return .success(key)
    }

    static func secret(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "bearer": return value.isEmpty ? nil : value
        case "basic":
            guard let decoded = Data(base64Encoded: value).map({ String(decoding: $0, as: UTF8.self) }),
                  let colon = decoded.firstIndex(of: ":") else { return nil }
            let key = String(decoded[decoded.index(after: colon)...])
            return key.isEmpty ? nil : key
        default: return nil
        }
    }
}

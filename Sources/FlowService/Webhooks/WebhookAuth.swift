import Crypto
import Foundation

/// How a flow's webhook checks its callers, read from its trigger step's credentials (kept by
/// `jshost credentials set`, never in the flow file): `{"auth":"none"}` (also when the step has none),
/// `{"auth":"basic","username":…,"password":…}`, `{"auth":"api-key","headerName":…,"headerValue":…}` or
/// `{"auth":"hmac","hmacSecret":…,"hmacAlgorithm":"sha256"|"sha512"}` (the hex digest of the raw body in
/// `x-eio-signature`, as elastic.io's webhook checks it).
enum WebhookAuth: Equatable {
    case none
    case basic(username: String, password: String)
    case apiKey(header: String, value: String)
    case hmac(secret: String, sha512: Bool)

    /// The scheme the credentials name, or why they name none that works.
    static func from(credentialsJSON: String?) -> Result<WebhookAuth, WebhookAuthProblem> {
        guard let credentialsJSON,
              let keys = try? JSONSerialization.jsonObject(with: Data(credentialsJSON.utf8)) as? [String: Any],
              let scheme = keys["auth"] as? String else { return .success(.none) }
        func text(_ name: String) -> String? { (keys[name] as? String).flatMap { $0.isEmpty ? nil : $0 } }
        switch scheme.lowercased() {
        case "none": return .success(.none)
        case "basic":
            guard let user = text("username"), let password = text("password") else {
                return .failure(WebhookAuthProblem(message: "basic auth needs username and password"))
            }
            return .success(.basic(username: user, password: password))
        case "api-key", "apikey":
            guard let header = text("headerName"), let value = text("headerValue") else {
                return .failure(WebhookAuthProblem(message: "api-key auth needs headerName and headerValue"))
            }
            return .success(.apiKey(header: header.lowercased(), value: value))
        case "hmac":
            guard let secret = text("hmacSecret") else {
                return .failure(WebhookAuthProblem(message: "hmac auth needs hmacSecret"))
            }
            let algorithm = (text("hmacAlgorithm") ?? "sha256").lowercased()
            guard algorithm == "sha256" || algorithm == "sha512" else {
                return .failure(WebhookAuthProblem(message: "hmacAlgorithm is sha256 or sha512, not \(algorithm)"))
            }
            return .success(.hmac(secret: secret, sha512: algorithm == "sha512"))
        default:
            return .failure(WebhookAuthProblem(message: "auth is none, basic, api-key or hmac, not \(scheme)"))
        }
    }

    /// Whether a request with these headers (names lower-cased) and this raw body may call the flow.
    func admits(header: (String) -> String?, body: [UInt8]) -> Bool {
        switch self {
        case .none:
            return true
        case .basic(let username, let password):
            guard let value = header("authorization"), value.lowercased().hasPrefix("basic "),
                  let decoded = Data(base64Encoded: String(value.dropFirst(6)).trimmingCharacters(in: .whitespaces)) else { return false }
            return Self.constantTimeEqual(Array(decoded), Array("\(username):\(password)".utf8))
        case .apiKey(let name, let expected):
            guard let given = header(name) else { return false }
            return Self.constantTimeEqual(Array(given.utf8), Array(expected.utf8))
        case .hmac(let secret, let sha512):
            guard let given = header("x-eio-signature")?.lowercased() else { return false }
            let key = SymmetricKey(data: Data(secret.utf8))
            let digest: [UInt8] = sha512 ? Array(HMAC<SHA512>.authenticationCode(for: body, using: key))
                : Array(HMAC<SHA256>.authenticationCode(for: body, using: key))
            let hex = digest.map { String(format: "%02x", $0) }.joined()
            return Self.constantTimeEqual(Array(given.utf8), Array(hex.utf8))
        }
    }

    /// Comparing secrets without leaking, by timing, how much of a guess was right.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

struct WebhookAuthProblem: Error, Equatable {
    var message: String
}

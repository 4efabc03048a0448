import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import JSHostCore

/// elastic.io's API as a sailor container calls it (elasticio-rest-node and lib/hooksData.js): basic auth with the
/// container's API user and key, and retries on network errors and server errors (5xx), `retries` more times,
/// `delay` apart. Called from the container's own thread, which waits for each answer.
final class PlatformAPI: Sendable {
    struct Response: Sendable {
        var status: Int
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let base: String
    private let authorization: String
    private let retries: Int
    private let delay: Duration
    private let client: HTTPClient

    init(base: String, user: String, key: String, retries: Int, delay: Duration) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        authorization = Self.basic(user: user, password: key)
        self.retries = max(retries, 0)
        self.delay = delay
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    deinit { try? client.syncShutdown() }

    static func basic(user: String, password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// A request to a path of the API, with its credentials.
    func call(_ method: HTTPMethod, _ path: String, json: String? = nil) throws(PlatformError) -> Response {
        try send(method, base + path, json: json, authorization: authorization)
    }

    /// A request to a URL of its own (the service mode's result URL), with the basic auth its user part names.
    func send(_ method: HTTPMethod, _ url: String, json: String? = nil, authorization: String?) throws(PlatformError) -> Response {
        for _ in 0..<retries {
            if let response = try? perform(method, url, json: json, authorization: authorization), response.status < 500 {
                return response
            }
            Thread.sleep(forTimeInterval: delay.seconds)
        }
        return try perform(method, url, json: json, authorization: authorization)
    }

    private func perform(_ method: HTTPMethod, _ url: String, json: String?, authorization: String?) throws(PlatformError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Connection", value: "Keep-Alive")
        request.headers.add(name: "Accept", value: "application/json")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let client = self.client
        let prepared = request
        let shown = PlatformError.shown(url)
        do {
            return try Blocking.wait {
                let response = try await client.execute(prepared, timeout: .seconds(60))
                let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
                return Response(status: Int(response.status.code), body: Array(buffer: body))
            }
        } catch {
            throw PlatformError("\(method) \(shown) failed: \(error)")
        }
    }
}

/// The platform's API could not be reached or refused a call; the message says which call and why.
public struct PlatformError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public var status: Int?

    init(_ description: String, status: Int? = nil) {
        self.description = description
        self.status = status
    }

    /// A URL without the credentials it may carry.
    static func shown(_ url: String) -> String {
        url.replacingOccurrences(of: #"//[^@/]*@"#, with: "//…@", options: .regularExpression)
    }
}

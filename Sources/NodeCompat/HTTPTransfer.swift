import CCurlLoader
import Foundation

/// One HTTP(S) exchange on a thread of its own through libcurl: no transparent decompression, no redirects, no
/// added Accept header, so what reaches the JS side is what Node's http client would see. Progress goes to the
/// runtime's IOInbox as events: response (status line and headers), data, end or error.
final class HTTPTransfer: @unchecked Sendable {
    // Mutated only on the transfer's own thread (inside curl callbacks).
    private let id: Int
    private let inbox: IOInbox
    private var headerLines: [String] = []
    private var responded = false

    struct Request: Sendable {
        var method: String
        var url: String
        var headers: [(String, String)]
        var body: [UInt8]
        var timeoutMilliseconds: Int
        var verifyTLS: Bool
    }

    /// Loads libcurl once, on the first transfer (see ccurl_loader.h for why it is not linked).
    private static let curlAvailable: Bool = { ccurl_load() == 1 }()

    private init(id: Int, inbox: IOInbox) {
        self.id = id
        self.inbox = inbox
    }

    static func start(id: Int, request: Request, inbox: IOInbox) {
        inbox.begin()
        guard curlAvailable else {
            inbox.post(.init(id: id, kind: "error", text: "jshost needs libcurl for http and https: apt-get install libcurl4",
                             bytes: nil, number: 2), finished: true)
            return
        }
        let transfer = HTTPTransfer(id: id, inbox: inbox)
        let thread = Thread { transfer.run(request) }
        thread.stackSize = 256 * 1024
        thread.start()
    }

    private func run(_ request: Request) {
        guard let handle = ccurl_easy_init() else {
            inbox.post(.init(id: id, kind: "error", text: "could not start an HTTP transfer", bytes: nil, number: 0), finished: true)
            return
        }
        defer { ccurl_easy_cleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { ccurl_slist_free_all(headerList) }
        let names = Set(request.headers.map { $0.0.lowercased() })
        for (name, value) in request.headers { headerList = ccurl_slist_append(headerList, "\(name): \(value)") }
        // Remove what curl would add on its own and Node would not send.
        if !names.contains("accept") { headerList = ccurl_slist_append(headerList, "Accept:") }
        if !names.contains("expect") { headerList = ccurl_slist_append(headerList, "Expect:") }

        _ = ccurl_set_string(handle, CURLOPT_URL, request.url)
        _ = ccurl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = ccurl_set_long(handle, CURLOPT_SSL_VERIFYPEER, request.verifyTLS ? 1 : 0)
        _ = ccurl_set_long(handle, CURLOPT_SSL_VERIFYHOST, request.verifyTLS ? 2 : 0)
        if request.timeoutMilliseconds > 0 { _ = ccurl_set_long(handle, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds) }
        let method = request.method.uppercased()
        if method == "HEAD" { _ = ccurl_set_long(handle, CURLOPT_NOBODY, 1) }
        else if method != "GET" || !request.body.isEmpty { _ = ccurl_set_string(handle, CURLOPT_CUSTOMREQUEST, method) }
        _ = ccurl_set_slist(handle, CURLOPT_HTTPHEADER, headerList)

        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = ccurl_set_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context!).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            transfer.header(String(decoding: bytes, as: UTF8.self))
            return size * count
        }
        _ = ccurl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = ccurl_set_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let transfer = Unmanaged<HTTPTransfer>.fromOpaque(context!).takeUnretainedValue()
            let bytes = Array(UnsafeRawBufferPointer(start: data, count: size * count))
            transfer.inbox.post(.init(id: transfer.id, kind: "data", text: nil, bytes: bytes, number: 0))
            return size * count
        }
        _ = ccurl_set_pointer(handle, CURLOPT_WRITEDATA, context)

        var body = request.body
        let result: CURLcode = body.withUnsafeMutableBytes { buffer in
            if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
                _ = ccurl_set_pointer(handle, CURLOPT_POSTFIELDS, buffer.baseAddress)
                _ = ccurl_set_long(handle, CURLOPT_POSTFIELDSIZE, buffer.count)
            }
            return ccurl_easy_perform(handle)
        }
        if result == CURLE_OK {
            inbox.post(.init(id: id, kind: "end", text: nil, bytes: nil, number: 0), finished: true)
        } else {
            let message = String(cString: ccurl_easy_strerror(result))
            inbox.post(.init(id: id, kind: "error", text: message, bytes: nil, number: Int(result.rawValue)), finished: true)
        }
    }

    /// Collects one header block; posts it when the blank line closes it (skipping interim 1xx responses).
    private func header(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .newlines)
        if !trimmed.isEmpty { headerLines.append(trimmed); return }
        guard let status = headerLines.first, !responded else { headerLines = []; return }
        let parts = status.split(separator: " ", maxSplits: 2)
        let code = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        if code >= 100 && code < 200 { headerLines = []; return }
        responded = true
        let version = parts.first.map { $0.replacingOccurrences(of: "HTTP/", with: "") } ?? "1.1"
        let message = parts.count > 2 ? String(parts[2]) : ""
        // "version\nmessage\nname: value\n…" keeps raw names and order for rawHeaders.
        let text = ([version, message] + headerLines.dropFirst()).joined(separator: "\n")
        inbox.post(.init(id: id, kind: "response", text: text, bytes: nil, number: code))
        headerLines = []
    }
}

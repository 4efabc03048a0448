import Foundation

/// What went wrong on a connection, in the terms Node's errors carry (code, errno, syscall, address, port).
/// Crosses to JS as `eventText`; the JS half builds Node's error object and message from it.
enum SocketError: Error, Sendable {
    case system(Int32, syscall: String, address: ResolvedAddress?)
    case lookup(code: String, errno: Int, hostname: String)
    /// OpenSSL's words; `handshake` says whether the session had been established.
    case tls(String, code: String, handshake: Bool)

    /// Lines: kind, code, errno, syscall, address, port, message.
    var eventText: String {
        switch self {
        case .system(let number, let syscall, let address):
            let name = Self.errnoNames[number] ?? "E\(number)"
            return ["system", name, String(-Int(number)), syscall, address?.address ?? "", address.map { String($0.port) } ?? "", ""]
                .joined(separator: "\n")
        case .lookup(let code, let errno, let hostname):
            return ["lookup", code, String(errno), "getaddrinfo", hostname, "", ""].joined(separator: "\n")
        case .tls(let message, let code, let handshake):
            return ["tls", code, "", handshake ? "handshake" : "", "", "", message].joined(separator: "\n")
        }
    }

    /// libuv's names for the errors a client socket meets (Node reports these codes).
    static let errnoNames: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EBADF: "EBADF", EAGAIN: "EAGAIN", ENOMEM: "ENOMEM",
        EACCES: "EACCES", EINVAL: "EINVAL", EMFILE: "EMFILE", ENFILE: "ENFILE", EPIPE: "EPIPE",
        EADDRINUSE: "EADDRINUSE", EADDRNOTAVAIL: "EADDRNOTAVAIL", EAFNOSUPPORT: "EAFNOSUPPORT",
        ENETDOWN: "ENETDOWN", ENETUNREACH: "ENETUNREACH", ECONNABORTED: "ECONNABORTED", ECONNRESET: "ECONNRESET",
        ENOBUFS: "ENOBUFS", ENOTCONN: "ENOTCONN", ETIMEDOUT: "ETIMEDOUT", ECONNREFUSED: "ECONNREFUSED",
        EHOSTDOWN: "EHOSTDOWN", EHOSTUNREACH: "EHOSTUNREACH", EALREADY: "EALREADY", EPROTO: "EPROTO",
    ]
}

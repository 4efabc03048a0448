import COpenSSL
import Foundation

/// What a TLS client session is set up with: Node's `ca`, `cert`, `key`, `passphrase`, `servername` and
/// `ALPNProtocols` (already in wire format).
struct TLSOptions: Sendable, Hashable {
    var ca: String?
    var cert: String?
    var key: String?
    var passphrase: String?
    var servername: String?
    var alpn: [UInt8]
    /// A session saved from an earlier connection (DER), to resume.
    var session: [UInt8] = []
    /// The lowest and highest protocol versions (OpenSSL's numbers; 0: its default).
    var minVersion = 0
    var maxVersion = 0

    /// The part that makes a context; contexts are shared by every session with the same trust and identity.
    var contextKey: [String?] { [ca, cert, key, passphrase] }
}

/// A TLS client session over a connected non-blocking socket (OpenSSL through COpenSSL). Used only by its
/// connection's thread.
final class TLSSession {
    enum Step { case done, wantRead, wantWrite, closed, failed(String) }
    enum Transfer { case bytes(Int), wantRead, wantWrite, closed, failed(String) }

    private let session: OpaquePointer

    private init(_ session: OpaquePointer) { self.session = session }

    deinit { ctls_session_free(session) }

    static func start(fd: Int32, options: TLSOptions) -> Result<TLSSession, SocketError> {
        let context: OpaquePointer
        switch ContextCache.shared.context(for: options) {
        case .success(let found): context = found
        case .failure(let problem): return .failure(.tls(problem.message, code: "ERR_TLS_SETUP", handshake: true))
        }
        var error = [CChar](repeating: 0, count: 320)
        let session = options.alpn.withUnsafeBufferPointer { alpn in
            ctls_session_new(context, fd, options.servername, alpn.baseAddress, alpn.count, &error, error.count)
        }
        guard let session else { return .failure(.tls(CText.string(error), code: "ERR_TLS_SETUP", handshake: true)) }
        if !options.session.isEmpty { _ = ctls_set_session(session, options.session, options.session.count) }
        _ = ctls_set_versions(session, Int32(options.minVersion), Int32(options.maxVersion))
        return .success(TLSSession(session))
    }

    func handshake() -> Step {
        switch Int(ctls_handshake(session)) {
        case 0: .done
        case CTLS_WANT_READ: .wantRead
        case CTLS_WANT_WRITE: .wantWrite
        case CTLS_CLOSED: .closed
        default: .failed(String(cString: ctls_session_error(session)))
        }
    }

    var hasBufferedData: Bool { ctls_pending(session) > 0 }

    func read(into buffer: inout [UInt8]) -> Transfer {
        let result = buffer.withUnsafeMutableBytes { ctls_read(session, $0.baseAddress, $0.count) }
        return transfer(result)
    }

    func write(_ bytes: [UInt8], from offset: Int) -> Transfer {
        let result = bytes.withUnsafeBytes { ctls_write(session, $0.baseAddress! + offset, $0.count - offset) }
        return transfer(result)
    }

    private func transfer(_ result: Int) -> Transfer {
        if result > 0 { return .bytes(result) }
        switch result {
        case CTLS_WANT_READ: return .wantRead
        case CTLS_WANT_WRITE: return .wantWrite
        case CTLS_CLOSED: return .closed
        default: return .failed(String(cString: ctls_session_error(session)))
        }
    }

    func shutdown() { ctls_shutdown(session) }
    func disableRenegotiation() { ctls_disable_renegotiation(session) }

    /// "verifyCode\nverifyMessage\nprotocol\nalpn\nfinished\npeerFinished\nsigalgs\nsession\nticket\ncipher\nreused\n"
    /// (bytes in hex, the cipher as ctls_cipher writes it) then the peer's certificates (see ctls.h).
    func summary() -> String {
        let code = ctls_verify_result(session)
        let message = code == 0 ? "" : String(cString: ctls_verify_error_string(code))
        var alpn = [CChar](repeating: 0, count: 256)
        let alpnLength = ctls_alpn(session, &alpn, alpn.count)
        let protocolName = String(cString: ctls_protocol(session))
        var text = "\(code)\n\(message)\n\(protocolName)\n\(alpnLength > 0 ? CText.string(alpn) : "")\n"
        for which in [Int32(CTLS_FINISHED), Int32(CTLS_PEER_FINISHED)] { text += hex(which) + "\n" }
        var sigalgs = [CChar](repeating: 0, count: 2048)
        _ = ctls_shared_sigalgs(session, &sigalgs, sigalgs.count)
        text += CText.string(sigalgs) + "\n" + hex(Int32(CTLS_SESSION)) + "\n" + hex(Int32(CTLS_TICKET)) + "\n"
        var cipher = [CChar](repeating: 0, count: 256)
        _ = ctls_cipher(session, &cipher, cipher.count)
        text += CText.string(cipher) + "\n\(ctls_session_reused(session))\n"
        func hex(_ which: Int32) -> String {
            var bytes = [UInt8](repeating: 0, count: 16 * 1024)
            let count = ctls_session_bytes(session, which, &bytes, bytes.count)
            return bytes[0..<count].map { String(format: "%02x", $0) }.joined()
        }
        if let certificates = ctls_peer_certificates(session) {
            text += String(cString: certificates)
            ctls_free(certificates)
        }
        return text
    }
}

/// OpenSSL contexts by trust and identity. Loading the system's roots takes milliseconds, so every connection
/// with the same options shares one context (OpenSSL allows that across threads). Kept for the process's life:
/// a component uses a handful of option sets.
final class ContextCache: @unchecked Sendable {  // contexts under `lock`; OpenSSL contexts may be shared across threads
    static let shared = ContextCache()
    private let lock = NSLock()
    private var contexts: [[String?]: OpaquePointer] = [:]

    struct SetupError: Error { var message: String }

    func context(for options: TLSOptions) -> Result<OpaquePointer, SetupError> {
        if let found = lock.withLock({ contexts[options.contextKey] }) { return .success(found) }
        var error = [CChar](repeating: 0, count: 320)
        guard let made = ctls_context_new(options.ca, options.cert, options.key, options.passphrase, &error, error.count) else {
            return .failure(SetupError(message: CText.string(error)))
        }
        return lock.withLock {
            if let raced = contexts[options.contextKey] { ctls_context_free(made); return .success(raced) }
            contexts[options.contextKey] = made
            return .success(made)
        }
    }
}

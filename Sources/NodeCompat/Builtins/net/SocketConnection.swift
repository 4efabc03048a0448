import COpenSSL
import Foundation

/// One TCP client connection, optionally TLS, on a thread of its own: it resolves the host, connects, then moves
/// bytes both ways with `poll`, and posts what happens to the runtime's `IOInbox` (lookup, connect, secure, data,
/// written, end, error, close). The JS thread talks to it only through `send`, which queues a command and wakes
/// the thread. Exactly one final event (`error` or `close`) ends the operation.
final class SocketConnection: @unchecked Sendable {  // commands under its lock; the socket and TLS session belong to the connection's thread
    enum Command: Sendable {
        case write([UInt8], request: Int)
        /// End the writable side once queued writes are out (TLS: close_notify first); `request` acknowledges it.
        case shutdown(request: Int)
        case destroy
        case pause
        case resume
        case startTLS(TLSOptions)
        case disableRenegotiation
        case noDelay(Bool)
        case keepAlive(Bool, seconds: Int)
    }

    struct Target: Sendable {
        var host: String
        var port: Int
        /// 0: any; 4 or 6: that family only.
        var family: Int
        var localAddress: String?
        /// Whether `host` is an address already (no lookup event then).
        var hostIsAddress: Bool
    }

    let id: Int
    private let inbox: IOInbox
    private let wake: WakeSignal
    // Guarded by `lock`.
    private let lock = NSLock()
    private var commands: [Command] = []
    private var referenced = true
    private var finished = false
    /// libuv's notion of an active handle: connecting, reading, or with writes or a shutdown to finish. Only
    /// an active, referenced connection keeps the event loop alive, as in Node, so a socket that has read its
    /// end (or is paused) lets the process exit without being destroyed.
    private var active = true
    /// Whether the inbox counts this connection as pending now.
    private var counted = true

    // The connection thread's own state.
    private var fd: Int32 = -1
    private var tls: TLSSession?
    private var handshaking = false
    private var pendingWrites: [(bytes: [UInt8], offset: Int, request: Int)] = []
    private var shutdownRequest: Int?
    private var writeClosed = false
    private var readClosed = false
    private var reading = true
    private var lastTLSWant = 0
    /// TLS wants to read before a write can go on (a key update from the peer): poll for input then too.
    private var writeWantsRead = false

    private init(id: Int, inbox: IOInbox, wake: WakeSignal) {
        self.id = id
        self.inbox = inbox
        self.wake = wake
    }

    static func open(id: Int, target: Target, inbox: IOInbox) -> SocketConnection? {
        guard let wake = WakeSignal() else { return nil }
        let connection = SocketConnection(id: id, inbox: inbox, wake: wake)
        inbox.begin()
        let thread = Thread { connection.run(target) }
        thread.stackSize = 256 * 1024
        thread.start()
        return connection
    }

    /// Queues a command for the connection thread (any thread may call it; the JS thread does).
    func send(_ command: Command) {
        // Under the lock: the thread closes the wake pipe only after `finished` is set, so no signal can reach a
        // closed (or reused) descriptor.
        lock.withLock {
            guard !finished else { return }
            commands.append(command)
            // Work queued from JS makes the connection active at once, before its thread wakes, so the loop
            // cannot see it idle in between.
            switch command {
            case .write, .shutdown, .resume, .startTLS: active = true; recount()
            default: break
            }
            wake.signal()
        }
    }

    /// Whether this connection keeps the event loop alive (Node's ref/unref).
    func setReferenced(_ value: Bool) {
        lock.withLock {
            referenced = value
            recount()
        }
    }

    /// Called with `lock` held.
    private func recount() {
        let shouldCount = referenced && active && !finished
        guard shouldCount != counted else { return }
        counted = shouldCount
        if shouldCount { inbox.begin() } else { inbox.end() }
    }

    /// The connection thread's view of whether it is active (see `active`).
    private func updateActivity() {
        let now = handshaking || (reading && !readClosed) || !pendingWrites.isEmpty || (shutdownRequest != nil && !writeClosed)
        lock.withLock {
            guard !finished else { return }
            // A command that will make it active may be waiting: it is applied before the next sleep.
            if !now && !commands.isEmpty { return }
            active = now
            recount()
        }
    }

    // MARK: the connection thread

    private func post(_ kind: String, text: String? = nil, bytes: [UInt8]? = nil, number: Int = 0) {
        inbox.post(.init(id: id, kind: kind, text: text, bytes: bytes, number: number))
    }

    /// Posts the final event; after it the JS side hears nothing more of this connection.
    private func finish(_ kind: String, text: String? = nil) {
        lock.withLock {
            finished = true
            inbox.post(.init(id: id, kind: kind, text: text, bytes: nil, number: 0), finished: counted)
            counted = false
        }
    }

    private func fail(_ error: SocketError) { finish("error", text: error.eventText) }

    private func run(_ target: Target) {
        defer {
            tls = nil
            if fd >= 0 { close(fd) }
            wake.close()
        }
        let addresses: [ResolvedAddress]
        switch Resolver.resolve(host: target.host, port: target.port, family: target.family) {
        case .success(let found): addresses = found
        case .failure(let error):
            if !target.hostIsAddress { post("lookup", text: error.eventText, number: 1) }
            fail(error)
            return
        }
        if !target.hostIsAddress { post("lookup", text: "\(addresses[0].address)\n\(addresses[0].family)") }
        if destroyRequested() { finish("close"); return }
        switch connect(addresses, localAddress: target.localAddress) {
        case .failure(let error): fail(error); return
        case .success(let connected):
            if connected == nil { finish("close"); return }
        }
        post("connect", text: SocketAddresses.describe(fd))
        loop()
    }

    /// Tries each address in turn, as Node's autoSelectFamily does (an attempt gives way after 250 ms when more
    /// addresses remain). Success(nil) means a destroy arrived while connecting.
    private func connect(_ addresses: [ResolvedAddress], localAddress: String?) -> Result<Int32?, SocketError> {
        var lastError: SocketError?
        for (index, address) in addresses.enumerated() {
            let socket = openStreamSocket(address.storageFamily)
            guard socket >= 0 else { return .failure(.system(errno, syscall: "socket", address: address)) }
            fd = socket
            if let localAddress, let error = SocketAddresses.bind(socket, to: localAddress, family: address.storageFamily) {
                return .failure(error)
            }
            _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
            var result = address.withSockaddr { Glibc.connect(socket, $0, $1) }
            if result != 0 && errno != EINPROGRESS {
                lastError = .system(errno, syscall: "connect", address: address)
            } else {
                if result != 0 {
                    let attemptLimit: Int32 = index < addresses.count - 1 ? 250 : -1
                    switch waitForConnect(socket, timeout: attemptLimit) {
                    case .destroyed: return .success(nil)
                    case .timedOut: result = ETIMEDOUT
                    case .ready: result = SocketAddresses.pendingError(socket)
                    }
                }
                if result == 0 { return .success(socket) }
                lastError = .system(result, syscall: "connect", address: address)
            }
            close(socket)
            fd = -1
        }
        return .failure(lastError ?? .system(ECONNREFUSED, syscall: "connect", address: addresses[0]))
    }

    private enum ConnectWait { case ready, timedOut, destroyed }

    private func waitForConnect(_ socket: Int32, timeout: Int32) -> ConnectWait {
        while true {
            var fds = [pollfd(fd: socket, events: Int16(POLLOUT), revents: 0), pollfd(fd: wake.fd, events: Int16(POLLIN), revents: 0)]
            let count = poll(&fds, 2, timeout)
            if count == 0 { return .timedOut }
            if count < 0 { if errno == EINTR { continue }; return .ready }
            if fds[1].revents != 0 {
                wake.drain()
                // Commands other than destroy wait for the connection (writes queue, TLS starts once connected).
                if destroyRequested() { return .destroyed }
            }
            if fds[0].revents != 0 { return .ready }
        }
    }

    private func destroyRequested() -> Bool {
        lock.withLock { commands.contains { if case .destroy = $0 { true } else { false } } }
    }

    private func takeCommands() -> [Command] {
        lock.withLock {
            let taken = commands
            commands.removeAll()
            return taken
        }
    }

    /// Applies queued commands; false when the connection is to close.
    private func apply(_ commands: [Command]) -> Bool {
        for command in commands {
            switch command {
            case .write(let bytes, let request): pendingWrites.append((bytes, 0, request))
            case .shutdown(let request): shutdownRequest = request
            case .destroy: return false
            case .pause: reading = false
            case .resume: reading = true
            case .noDelay(let on): SocketAddresses.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, on ? 1 : 0)
            case .keepAlive(let on, let seconds):
                SocketAddresses.setOption(fd, SOL_SOCKET, SO_KEEPALIVE, on ? 1 : 0)
                if on && seconds > 0 { SocketAddresses.setOption(fd, Int32(IPPROTO_TCP), TCP_KEEPIDLE, Int32(clamping: seconds)) }
            case .disableRenegotiation: tls?.disableRenegotiation()
            case .startTLS(let options):
                switch TLSSession.start(fd: fd, options: options) {
                case .success(let session): tls = session; handshaking = true
                case .failure(let error): fail(error); return false
                }
            }
        }
        return true
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            if !apply(takeCommands()) {
                if tls != nil && !writeClosed { tls?.shutdown() }
                // finished already posted when apply failed; otherwise this is a destroy.
                if !lock.withLock({ finished }) { finish("close") }
                return
            }
            if handshaking, let tls {
                switch tls.handshake() {
                case .done:
                    handshaking = false
                    post("secure", text: tls.summary())
                case .wantRead: lastTLSWant = CTLS_WANT_READ
                case .wantWrite: lastTLSWant = CTLS_WANT_WRITE
                case .closed:
                    fail(.tls("Client network socket disconnected before secure TLS connection was established",
                              code: "ECONNRESET", handshake: true))
                    return
                case .failed(let message):
                    fail(.tls(message, code: "", handshake: true))
                    return
                }
            }
            if !handshaking {
                if let error = flushWrites() { fail(error); return }
                if pendingWrites.isEmpty, let request = shutdownRequest, !writeClosed {
                    tls?.shutdown()
                    Glibc.shutdown(fd, Int32(SHUT_WR))
                    writeClosed = true
                    shutdownRequest = nil
                    post("written", number: request)
                }
            }
            var events: Int16 = 0
            if handshaking {
                events = Int16(lastTLSWant == CTLS_WANT_WRITE ? POLLOUT : POLLIN)
            } else {
                if reading && !readClosed { events |= Int16(POLLIN) }
                if !pendingWrites.isEmpty { events |= Int16(writeWantsRead ? POLLIN : POLLOUT) }
            }
            updateActivity()
            // A socket with nothing asked of it stays out of the poll: a closed peer would report POLLHUP forever.
            var fds = [pollfd(fd: events == 0 ? -1 : fd, events: events, revents: 0),
                       pollfd(fd: wake.fd, events: Int16(POLLIN), revents: 0)]
            // Data TLS already decrypted and holds is not visible to poll: read it before sleeping.
            let buffered = !handshaking && reading && !readClosed && (tls?.hasBufferedData ?? false)
            let count = poll(&fds, 2, buffered ? 0 : -1)
            if count < 0 && errno != EINTR { fail(.system(errno, syscall: "poll", address: nil)); return }
            if fds[1].revents != 0 { wake.drain() }
            if handshaking { continue }
            let readable = fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 || buffered
            if readable && reading && !readClosed {
                switch readOnce(&buffer) {
                case .data(let bytes): post("data", bytes: bytes)
                case .end: readClosed = true; post("end")
                case .again: break
                case .failed(let error): fail(error); return
                }
            }
        }
    }

    private enum ReadOutcome { case data([UInt8]), end, again, failed(SocketError) }

    private func readOnce(_ buffer: inout [UInt8]) -> ReadOutcome {
        if let tls {
            switch tls.read(into: &buffer) {
            case .bytes(let count): return .data(Array(buffer[0..<count]))
            case .closed: return .end
            case .wantRead, .wantWrite: return .again
            case .failed(let message): return .failed(.tls(message, code: "", handshake: false))
            }
        }
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { return .data(Array(buffer[0..<count])) }
        if count == 0 { return .end }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .again }
        return .failed(.system(errno, syscall: "read", address: nil))
    }

    /// Writes what the socket takes now; acknowledges each write once all of it is out.
    private func flushWrites() -> SocketError? {
        while !pendingWrites.isEmpty {
            let (bytes, offset, request) = pendingWrites[0]
            if writeClosed { return .system(EPIPE, syscall: "write", address: nil) }
            let written: Int
            if let tls {
                writeWantsRead = false
                switch tls.write(bytes, from: offset) {
                case .bytes(let count): written = count
                case .wantRead: writeWantsRead = true; return nil
                case .wantWrite: return nil
                case .closed, .failed: return .system(EPIPE, syscall: "write", address: nil)
                }
            } else {
                let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
                if count < 0 {
                    if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return nil }
                    return .system(errno, syscall: "write", address: nil)
                }
                written = count
            }
            if offset + written < bytes.count {
                pendingWrites[0].offset = offset + written
                continue
            }
            pendingWrites.removeFirst()
            post("written", number: request)
        }
        return nil
    }
}

/// `socket(2)` for a stream socket of `family`, close-on-exec.
private func openStreamSocket(_ family: Int32) -> Int32 {
    socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
}

import Foundation

/// One DNS exchange off the JS thread, as c-ares makes it for Node: the query the JS half built goes to each server
/// in turn over UDP, and over TCP when the answer came back truncated; the first answer reaches the inbox as a `dns`
/// event with its bytes, or an `error` event with Node's code (ETIMEOUT, ECONNREFUSED).
enum DNSExchange {
    struct Server: Sendable {
        var host: String
        var port: Int
    }

    static func start(id: Int, query: [UInt8], servers: [Server], timeoutMilliseconds: Int, tries: Int, inbox: IOInbox) {
        inbox.begin()
        let thread = Thread {
            var failure = "ETIMEOUT"
            for _ in 0..<max(1, tries) {
                for server in servers {
                    switch exchange(query, with: server, timeoutMilliseconds: timeoutMilliseconds) {
                    case .success(let answer):
                        inbox.post(.init(id: id, kind: "dns", text: nil, bytes: answer, number: 0), finished: true)
                        return
                    case .failure(let code):
                        failure = code
                    }
                }
            }
            inbox.post(.init(id: id, kind: "error", text: failure, bytes: nil, number: 0), finished: true)
        }
        thread.stackSize = 256 * 1024
        thread.start()
    }

    private enum Outcome { case success([UInt8]), failure(String) }

    private static func exchange(_ query: [UInt8], with server: Server, timeoutMilliseconds: Int) -> Outcome {
        guard case .success(let addresses) = Resolver.resolve(host: server.host, port: server.port, family: 0),
              let address = addresses.first else { return .failure("ECONNREFUSED") }
        let answer = datagram(query, to: address, timeoutMilliseconds: timeoutMilliseconds)
        guard case .success(let bytes) = answer else { return answer }
        // The TC bit: the answer did not fit a datagram; ask again over TCP.
        if bytes.count > 2 && bytes[2] & 0x02 != 0 { return stream(query, to: address, timeoutMilliseconds: timeoutMilliseconds) }
        return answer
    }

    private static func datagram(_ query: [UInt8], to address: ResolvedAddress, timeoutMilliseconds: Int) -> Outcome {
        let fd = socket(Int32(address.family == 6 ? AF_INET6 : AF_INET), Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure("ECONNREFUSED") }
        defer { close(fd) }
        let connected = address.withSockaddr { connect(fd, $0, $1) }
        guard connected == 0, send(fd, query, query.count, 0) == query.count else { return .failure("ECONNREFUSED") }
        let deadline = Date().addingTimeInterval(Double(timeoutMilliseconds) / 1000)
        var buffer = [UInt8](repeating: 0, count: 65535)
        while true {
            let left = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, left) > 0 else { return .failure("ETIMEOUT") }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0 { return .failure(errno == ECONNREFUSED ? "ECONNREFUSED" : "ETIMEOUT") }
            // An answer to another query (a stale one) is not ours.
            if count >= 2 && buffer[0] == query[0] && buffer[1] == query[1] { return .success(Array(buffer[0..<count])) }
        }
    }

    private static func stream(_ query: [UInt8], to address: ResolvedAddress, timeoutMilliseconds: Int) -> Outcome {
        let fd = socket(Int32(address.family == 6 ? AF_INET6 : AF_INET), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure("ECONNREFUSED") }
        defer { close(fd) }
        var limit = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: (timeoutMilliseconds % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard address.withSockaddr({ connect(fd, $0, $1) }) == 0 else { return .failure("ECONNREFUSED") }
        let framed = [UInt8(query.count >> 8), UInt8(query.count & 0xff)] + query
        guard send(fd, framed, framed.count, 0) == framed.count else { return .failure("ECONNREFUSED") }
        func read(_ count: Int) -> [UInt8]? {
            var out = [UInt8](repeating: 0, count: count)
            var have = 0
            while have < count {
                let n = out.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + have, count - have, 0) }
                if n <= 0 { return nil }
                have += n
            }
            return out
        }
        guard let length = read(2), let answer = read(Int(length[0]) << 8 | Int(length[1])) else { return .failure("ETIMEOUT") }
        return .success(answer)
    }
}

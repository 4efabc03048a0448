import Foundation

/// One address a host name resolved to, ready for `connect(2)`.
struct ResolvedAddress: Sendable {
    var address: String
    var port: Int
    /// 4 or 6, as Node's lookup reports it.
    var family: Int
    var storage: sockaddr_storage
    var length: socklen_t

    var storageFamily: Int32 { Int32(storage.ss_family) }

    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}

/// `getaddrinfo`, with Node's error codes. Runs on the connection's own thread (it blocks).
enum Resolver {
    static func resolve(host: String, port: Int, family: Int) -> Result<[ResolvedAddress], SocketError> {
        var hints = addrinfo()
        hints.ai_family = family == 4 ? AF_INET : family == 6 ? AF_INET6 : AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else { return .failure(lookupError(status, host: host)) }
        defer { freeaddrinfo(list) }
        var found: [ResolvedAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let address = ResolvedAddress(current.pointee.ai_addr, length: current.pointee.ai_addrlen),
               !found.contains(where: { $0.address == address.address }) {
                found.append(address)
            }
            entry = current.pointee.ai_next
        }
        guard !found.isEmpty else { return .failure(lookupError(EAI_NONAME, host: host)) }
        return .success(interleaved(found))
    }

    /// Node's autoSelectFamily order: the first family returned, then alternating families.
    private static func interleaved(_ addresses: [ResolvedAddress]) -> [ResolvedAddress] {
        guard let firstFamily = addresses.first?.family else { return addresses }
        var same = addresses.filter { $0.family == firstFamily }[...]
        var other = addresses.filter { $0.family != firstFamily }[...]
        var ordered: [ResolvedAddress] = []
        while !same.isEmpty || !other.isEmpty {
            if let next = same.popFirst() { ordered.append(next) }
            if let next = other.popFirst() { ordered.append(next) }
        }
        return ordered
    }

    /// glibc's EAI_NODATA, which its headers show only to GNU sources.
    private static let eaiNoData: Int32 = -5

    /// libuv's names and numbers for getaddrinfo's failures.
    static func lookupError(_ status: Int32, host: String) -> SocketError {
        switch status {
        case EAI_NONAME, eaiNoData: .lookup(code: "ENOTFOUND", errno: -3008, hostname: host)
        case EAI_AGAIN: .lookup(code: "EAI_AGAIN", errno: -3001, hostname: host)
        case EAI_FAIL: .lookup(code: "EAI_FAIL", errno: -3004, hostname: host)
        case EAI_FAMILY: .lookup(code: "EAI_FAMILY", errno: -3005, hostname: host)
        case EAI_MEMORY: .lookup(code: "EAI_MEMORY", errno: -3006, hostname: host)
        default: .lookup(code: "ENOTFOUND", errno: -3008, hostname: host)
        }
    }
}

extension ResolvedAddress {
    init?(_ pointer: UnsafePointer<sockaddr>?, length: socklen_t) {
        guard let pointer else { return nil }
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: Int(length)))
        }
        guard let (address, port, family) = SocketAddresses.text(of: pointer) else { return nil }
        self.init(address: address, port: port, family: family, storage: storage, length: length)
    }
}

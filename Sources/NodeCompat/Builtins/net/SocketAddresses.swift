import Foundation

/// Socket addresses as text, socket options, and the other small system calls a connection needs.
enum SocketAddresses {
    /// The address, port and family (4 or 6) of an IPv4 or IPv6 socket address.
    static func text(of pointer: UnsafePointer<sockaddr>) -> (String, Int, Int)? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(pointer.pointee.sa_family) {
        case AF_INET:
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
                var address = inet.pointee.sin_addr
                guard inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
                return (CText.string(buffer), Int(UInt16(bigEndian: inet.pointee.sin_port)), 4)
            }
        case AF_INET6:
            return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { inet in
                var address = inet.pointee.sin6_addr
                guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
                return (CText.string(buffer), Int(UInt16(bigEndian: inet.pointee.sin6_port)), 6)
            }
        default:
            return nil
        }
    }

    /// "localAddress\nlocalPort\nremoteAddress\nremotePort\nremoteFamily" of a connected socket.
    static func describe(_ fd: Int32) -> String {
        func name(_ call: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) -> (String, Int, Int)? {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            return withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    call(fd, address, &length) == 0 ? text(of: address) : nil
                }
            }
        }
        let local = name { getsockname($0, $1, $2) }
        let remote = name { getpeername($0, $1, $2) }
        return [local?.0 ?? "", local.map { String($0.1) } ?? "", remote?.0 ?? "", remote.map { String($0.1) } ?? "",
                remote.map { $0.2 == 6 ? "IPv6" : "IPv4" } ?? ""].joined(separator: "\n")
    }

    /// Binds a socket to a local address before connecting (Node's localAddress option).
    static func bind(_ fd: Int32, to address: String, family: Int32) -> SocketError? {
        var storage = sockaddr_storage()
        var length: socklen_t
        if family == AF_INET6 {
            var inet = sockaddr_in6()
            inet.sin6_family = sa_family_t(AF_INET6)
            guard inet_pton(AF_INET6, address, &inet.sin6_addr) == 1 else { return .system(EINVAL, syscall: "bind", address: nil) }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: inet, as: sockaddr_in6.self) }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            var inet = sockaddr_in()
            inet.sin_family = sa_family_t(AF_INET)
            guard inet_pton(AF_INET, address, &inet.sin_addr) == 1 else { return .system(EINVAL, syscall: "bind", address: nil) }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: inet, as: sockaddr_in.self) }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        let result = withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) }
        }
        return result == 0 ? nil : .system(errno, syscall: "bind", address: nil)
    }

    /// The error a non-blocking connect ended with (0: connected).
    static func pendingError(_ fd: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) == 0 ? value : errno
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }
}

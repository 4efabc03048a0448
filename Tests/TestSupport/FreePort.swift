import Foundation

/// Ports on loopback that nothing listens on now, for servers a test starts itself.
public enum FreePort {
    /// The first of `count` consecutive ports that can all be bound on 127.0.0.1 now (tests that give a server a
    /// port and the next one to its TLS twin ask for two).
    public static func take(count: Int = 1) -> Int {
        while true {
            let first = Int.random(in: 20000...(40000 - count))
            if (first..<first + count).allSatisfy({ port in onLoopback(port) { socket, address, length in bind(socket, address, length) == 0 } }) {
                return first
            }
        }
    }

    /// A port the system hands out as free now (bound to port 0, then let go).
    public static func next() -> Int {
        var taken = 0
        _ = onLoopback(0) { socket, address, length in
            var length = length
            guard bind(socket, address, length) == 0, getsockname(socket, address, &length) == 0 else { return false }
            taken = Int(UInt16(bigEndian: address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }))
            return true
        }
        return taken
    }

    /// Whether something accepts TCP connections on the loopback port.
    static func accepts(_ port: Int) -> Bool {
        onLoopback(port) { socket, address, length in connect(socket, address, length) == 0 }
    }

    /// Runs `body` with a new TCP socket and 127.0.0.1:`port`, then closes the socket.
    private static func onLoopback(_ port: Int, _ body: (Int32, UnsafeMutablePointer<sockaddr>, socklen_t) -> Bool) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}

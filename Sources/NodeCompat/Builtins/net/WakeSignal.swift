import Glibc

/// A pipe a connection thread polls beside its socket, so the JS thread can wake it when it queues a command.
final class WakeSignal: @unchecked Sendable {  // two descriptors set once; writing a byte to a pipe is safe from any thread
    /// The end the connection thread polls.
    let fd: Int32
    private let writer: Int32

    init?() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        fd = ends[0]
        writer = ends[1]
    }

    func signal() {
        var byte: UInt8 = 1
        _ = write(writer, &byte, 1)   // a full pipe already wakes the reader
    }

    func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(fd, &bytes, bytes.count) > 0 {}
    }

    func close() {
        _ = Glibc.close(fd)
        _ = Glibc.close(writer)
    }
}

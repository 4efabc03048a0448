import Foundation

/// Reads a pipe between a supervisor and its worker. `FileHandle.availableData` stops the process when a read is
/// interrupted by a signal (a slot's thread that aborts signals its whole process while another thread waits in a
/// read); this reader simply reads again. Its buffer is kept from one read to the next.
struct PipeReader {
    private let descriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)

    init(_ handle: FileHandle) { descriptor = handle.fileDescriptor }

    /// The next bytes; nil at the pipe's end (or on an error that is not an interruption).
    mutating func next() -> Data? {
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 { return Data(buffer[0..<count]) }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }
}

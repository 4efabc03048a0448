import Foundation

/// Unbuffered writes to the process's standard streams.
public enum StandardStreams {
    @Sendable public static func writeStderr(_ text: String) { write(2, text) }
    @Sendable public static func writeStdout(_ text: String) { write(1, text) }
    public static func writeStdout(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write(1, $0) } }

    public static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { write(fd, $0) }
    }

    public static func write(_ fd: Int32, _ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(fd, base + offset, buffer.count - offset)
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}

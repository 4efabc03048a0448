import Foundation

/// Bytes from the kernel's random source in one read (`SystemRandomNumberGenerator` makes a system call per
/// 8 bytes; Glibc's `getrandom` is not visible to Swift here).
enum SecureRandom {
    private static let urandom: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    static func fill(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            var filled = 0
            while urandom >= 0 && filled < buffer.count {
                let got = read(urandom, buffer.baseAddress! + filled, buffer.count - filled)
                if got > 0 { filled += got } else if got < 0 && errno == EINTR { continue } else { break }
            }
            if filled < buffer.count {
                var generator = SystemRandomNumberGenerator()
                for index in filled..<buffer.count { buffer[index] = UInt8.random(in: 0...255, using: &generator) }
            }
        }
    }
}

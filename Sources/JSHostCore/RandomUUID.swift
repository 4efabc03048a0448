import Foundation
import Synchronization

/// Random (version 4) UUIDs in lower case, as sailor's `uuid.v4()` and Node's `crypto.randomUUID()` write them, from
/// the kernel's random source read a block at a time: a message needs several ids, and Foundation's UUID() opens
/// /dev/urandom for each one (and `SystemRandomNumberGenerator` makes a system call per 8 bytes), which showed in
/// the profiles of the webhook path and of a broker relay.
public enum RandomUUID {
    private static let pool = Mutex(RandomPool())

    public static func make() -> String {
        var (high, low) = pool.withLock { $0.next() }
        high = (high & ~0xF000) | 0x4000          // version 4
        low = (low & ~(0xC << 60)) | (0x8 << 60)  // the RFC 4122 variant
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 8 || index == 12 { out.append(UInt8(ascii: "-")) }
            out.append(digits[Int((high >> UInt64(shift)) & 0xF)])
        }
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 0 || index == 4 { out.append(UInt8(ascii: "-")) }
            out.append(digits[Int((low >> UInt64(shift)) & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Random words from the kernel's source, read 4 KiB at a time (`SystemRandomNumberGenerator` makes a system call
/// for every word, and Glibc's `getrandom` is not visible to Swift).
private struct RandomPool {
    private static let urandom: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
    private var words = [UInt64](repeating: 0, count: 512)
    private var used = 512

    mutating func next() -> (UInt64, UInt64) {
        if used + 2 > words.count {
            refill()
            used = 0
        }
        defer { used += 2 }
        return (words[used], words[used + 1])
    }
}

extension RandomPool {
    private mutating func refill() {
        let filled = words.withUnsafeMutableBytes { buffer -> Int in
            var filled = 0
            while Self.urandom >= 0 && filled < buffer.count {
                let got = read(Self.urandom, buffer.baseAddress! + filled, buffer.count - filled)
                if got > 0 { filled += got } else if got < 0 && errno == EINTR { continue } else { break }
            }
            return filled
        }
        guard filled < words.count * 8 else { return }
        var generator = SystemRandomNumberGenerator()
        for index in words.indices { words[index] = generator.next() }
    }
}

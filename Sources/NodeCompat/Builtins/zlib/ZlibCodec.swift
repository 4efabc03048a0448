import CZlib
import JSEngine

/// Deflate or inflate over the system zlib; `windowBits` chooses the wrapper as zlib does: 9…15 zlib, +16 gzip,
/// −9…−15 raw, +32 (inflate) detect.
final class ZlibCodec: CompressionCodec {
    private var stream = z_stream()
    private let deflating: Bool
    private var finished = false

    init?(deflating: Bool, level: Int32, windowBits: Int32, memLevel: Int32, strategy: Int32) {
        self.deflating = deflating
        let status = deflating
            ? czlib_deflate_init(&stream, level, windowBits, memLevel, strategy)
            : czlib_inflate_init(&stream, windowBits)
        if status != Z_OK { return nil }
    }

    deinit {
        if deflating { deflateEnd(&stream) } else { inflateEnd(&stream) }
    }

    func params(level: Int32, strategy: Int32) throws {
        guard deflating else { return }
        let status = deflateParams(&stream, level, strategy)
        if status != Z_OK && status != Z_BUF_ERROR { throw JSHostError("zlib params failed", code: "Z_STREAM_ERROR") }
    }

    func process(_ input: UnsafeRawBufferPointer, flush: Int) throws -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let mode = flush == 2 ? Z_FINISH : flush == 1 ? Z_SYNC_FLUSH : Z_NO_FLUSH
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        defer { stream.next_in = nil }
        while !finished {
            let status: Int32 = chunk.withUnsafeMutableBufferPointer { target in
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflating ? deflate(&stream, mode) : inflate(&stream, mode)
            }
            output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
            if status == Z_STREAM_END { finished = true; break }
            if status == Z_BUF_ERROR && stream.avail_in == 0 { break }
            if status == Z_NEED_DICT { throw JSHostError("Missing dictionary", code: "Z_NEED_DICT") }
            if status != Z_OK && status != Z_BUF_ERROR {
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw JSHostError(reason, code: status == Z_DATA_ERROR ? "Z_DATA_ERROR" : status == Z_MEM_ERROR ? "Z_MEM_ERROR" : "Z_STREAM_ERROR")
            }
            if stream.avail_out != 0 && stream.avail_in == 0 && mode != Z_FINISH { break }
        }
        if flush == 2 && !finished && !deflating { throw JSHostError("unexpected end of file", code: "Z_BUF_ERROR") }
        return output
    }
}

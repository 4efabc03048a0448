import FlowService
import CBrotli
import CZlib
import Foundation

/// A request body's `Content-Encoding` undone (gzip, deflate, br; several in the order sent), never past the
/// size the route takes: a small compressed body that would unpack to gigabytes is refused while it unpacks.
enum ContentCoding {
    enum Failure: Error {
        case unsupported(String)
        case tooLarge
        case corrupt(String)
    }

    static func decode(_ body: [UInt8], encodings header: String?, limit: Int) throws(Failure) -> [UInt8] {
        guard let header else { return body }
        let codings = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && $0 != "identity" }
        var bytes = body
        // Codings are listed in the order they were applied: undone last first.
        for coding in codings.reversed() {
            switch coding {
            case "gzip", "x-gzip": bytes = try inflate(bytes, windowBits: 15 + 16, limit: limit, name: "gzip")
            case "deflate": bytes = try inflate(bytes, windowBits: 15, limit: limit, name: "deflate")
            case "br": bytes = try brotli(bytes, limit: limit)
            default: throw .unsupported(coding)
            }
        }
        return bytes
    }

    private static func inflate(_ input: [UInt8], windowBits: Int32, limit: Int, name: String) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard czlib_inflate_init(&stream, windowBits) == Z_OK else { throw .corrupt(name) }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while true {
                let result: Int32 = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit { return Z_MEM_ERROR }
                output.append(contentsOf: chunk[0..<produced])
                if result == Z_STREAM_END { return Z_STREAM_END }
                guard result == Z_OK else { return result }
                if stream.avail_in == 0 && produced == 0 { return Z_BUF_ERROR }
            }
        }
        switch status {
        case Z_STREAM_END: return output
        case Z_MEM_ERROR: throw .tooLarge
        default: throw .corrupt(name)
        }
    }

    private static func brotli(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else { throw .corrupt("br") }
        defer { BrotliDecoderDestroyInstance(state) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let result: BrotliDecoderResult? = input.withUnsafeBufferPointer { source in
            var availableIn = source.count
            var nextIn = source.baseAddress
            while true {
                var produced = 0
                let result: BrotliDecoderResult = chunk.withUnsafeMutableBufferPointer { target in
                    var availableOut = target.count
                    var nextOut = target.baseAddress
                    let result = BrotliDecoderDecompressStream(state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                    produced = target.count - availableOut
                    return result
                }
                if output.count + produced > limit { return nil }
                output.append(contentsOf: chunk[0..<produced])
                if result != BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT { return result }
            }
        }
        guard let result else { throw .tooLarge }
        guard result == BROTLI_DECODER_RESULT_SUCCESS else { throw .corrupt("br") }
        return output
    }
}

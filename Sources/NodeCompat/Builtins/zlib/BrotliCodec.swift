import CBrotli
import JSEngine

/// Brotli compression over Debian's libbrotlienc, with Node's `params` (quality, window, mode, size hint…).
final class BrotliEncoderCodec: CompressionCodec {
    private let state: OpaquePointer

    init?(parameters: [(UInt32, UInt32)]) {
        guard let state = BrotliEncoderCreateInstance(nil, nil, nil) else { return nil }
        self.state = state
        for (name, value) in parameters where BrotliEncoderSetParameter(state, BrotliEncoderParameter(name), value) == 0 {
            return nil
        }
    }

    deinit { BrotliEncoderDestroyInstance(state) }

    func process(_ input: UnsafeRawBufferPointer, flush: Int) throws -> [UInt8] {
        var availableIn = input.count
        var nextIn = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let operation = flush == 2 ? BROTLI_OPERATION_FINISH : flush == 1 ? BROTLI_OPERATION_FLUSH : BROTLI_OPERATION_PROCESS
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        repeat {
            var availableOut = chunk.count
            let ok = chunk.withUnsafeMutableBufferPointer { target -> Int32 in
                var nextOut = target.baseAddress
                return BrotliEncoderCompressStream(state, operation, &availableIn, &nextIn, &availableOut, &nextOut, nil)
            }
            guard ok != 0 else { throw JSHostError("Compression failed", code: "ERR_BROTLI_COMPRESSION_FAILED") }
            output.append(contentsOf: chunk[0..<(chunk.count - availableOut)])
        } while availableIn > 0 || BrotliEncoderHasMoreOutput(state) != 0
            || (operation == BROTLI_OPERATION_FINISH && BrotliEncoderIsFinished(state) == 0)
        return output
    }
}

/// Brotli decompression over Debian's libbrotlidec.
final class BrotliDecoderCodec: CompressionCodec {
    private let state: OpaquePointer
    private var finished = false

    init?(parameters: [(UInt32, UInt32)]) {
        guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else { return nil }
        self.state = state
        for (name, value) in parameters where BrotliDecoderSetParameter(state, BrotliDecoderParameter(name), value) == 0 {
            return nil
        }
    }

    deinit { BrotliDecoderDestroyInstance(state) }

    func process(_ input: UnsafeRawBufferPointer, flush: Int) throws -> [UInt8] {
        var availableIn = input.count
        var nextIn = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while !finished {
            var availableOut = chunk.count
            let result = chunk.withUnsafeMutableBufferPointer { target -> BrotliDecoderResult in
                var nextOut = target.baseAddress
                return BrotliDecoderDecompressStream(state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
            }
            output.append(contentsOf: chunk[0..<(chunk.count - availableOut)])
            if result == BROTLI_DECODER_RESULT_SUCCESS { finished = true; break }
            if result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT { break }
            if result == BROTLI_DECODER_RESULT_ERROR {
                let code = BrotliDecoderGetErrorCode(state)
                let name = String(cString: BrotliDecoderErrorString(code))
                throw JSHostError("Decompression failed", code: "ERR_" + (name.hasPrefix("_") ? name : "_" + name))
            }
        }
        if flush == 2 && !finished { throw JSHostError("unexpected end of file", code: "Z_BUF_ERROR") }
        return output
    }
}

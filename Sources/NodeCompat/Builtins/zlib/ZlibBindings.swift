import CZlib
import JSEngine

/// The native half of the `zlib` builtin: incremental deflate/inflate streams over the system zlib, one per handle.
final class ZlibStream {
    private var stream = z_stream()
    let deflating: Bool
    private(set) var finished = false

    /// `windowBits` chooses the wrapper as zlib does: 9…15 zlib, +16 gzip, −9…−15 raw, +32 (inflate) auto-detect.
    init?(deflating: Bool, level: Int32, windowBits: Int32) {
        self.deflating = deflating
        let status = deflating
            ? czlib_deflate_init(&stream, level, windowBits, 8, Z_DEFAULT_STRATEGY)
            : czlib_inflate_init(&stream, windowBits)
        if status != Z_OK { return nil }
    }

    deinit {
        if deflating { deflateEnd(&stream) } else { inflateEnd(&stream) }
    }

    /// Feeds `input`; `finish` ends the stream. Returns what came out.
    func process(_ input: [UInt8], finish: Bool) throws -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var source = input
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        try source.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            repeat {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress
                    stream.avail_out = uInt(outputBuffer.count)
                    return deflating ? deflate(&stream, flush) : inflate(&stream, flush)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_STREAM_END { finished = true; break }
                if status == Z_BUF_ERROR && stream.avail_in == 0 { break }
                if status != Z_OK && status != Z_BUF_ERROR {
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw JSHostError(reason, code: status == Z_DATA_ERROR ? "Z_DATA_ERROR" : "Z_BUF_ERROR")
                }
                if stream.avail_out != 0 && stream.avail_in == 0 && !finish { break }
            } while true
            stream.next_in = nil
        }
        if finish && !finished && !deflating {
            throw JSHostError("unexpected end of file", code: "Z_BUF_ERROR")
        }
        return output
    }
}

enum ZlibBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        let engine = runtime.engine
        // zlibOpen(deflating, level, windowBits) → handle id
        host["zlibOpen"] = engine.function("zlibOpen") { [unowned runtime] engine, _, args in
            guard args.count >= 3, let stream = ZlibStream(deflating: args[0].isTruthy, level: Int32(clamping: args[1].toInt()),
                                                            windowBits: Int32(clamping: args[2].toInt())) else {
                throw JSHostError("Init error", code: "ERR_ZLIB_INITIALIZATION_FAILED")
            }
            runtime.zlibStreams.append(stream)
            return engine.number(runtime.zlibStreams.count - 1)
        }
        // zlibWrite(handle, bytes, finish) → output bytes; the handle is released when finished.
        host["zlibWrite"] = engine.function("zlibWrite") { [unowned runtime] engine, _, args in
            let handle = args.first?.toInt() ?? -1
            guard handle >= 0, handle < runtime.zlibStreams.count, let stream = runtime.zlibStreams[handle] else {
                throw JSHostError("zlib binding closed", code: "ERR_ZLIB_BINDING_CLOSED")
            }
            let finish = args.count > 2 && args[2].isTruthy
            defer { if finish { runtime.zlibStreams[handle] = nil } }
            return engine.uint8Array(try stream.process(args.count > 1 ? args[1].bytes() ?? [] : [], finish: finish))
        }
    }
}

import CZlib
import JSEngine

/// One incremental compression or decompression stream of the `zlib` builtin: zlib's formats or Brotli.
protocol CompressionCodec: AnyObject {
    /// Feeds `input` and returns what came out. `flush`: 0 none, 1 a sync flush (what has been fed comes out
    /// whole), 2 the end of the stream.
    func process(_ input: UnsafeRawBufferPointer, flush: Int) throws -> [UInt8]
}

/// The native half of the `zlib` builtin: codecs by handle, and crc32.
enum ZlibBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        let codecs = runtime.compressionCodecs
        func open(_ codec: CompressionCodec?, _ engine: JSEngine) throws -> JSValue {
            guard let codec else { throw JSHostError("Initialization failed", code: "ERR_ZLIB_INITIALIZATION_FAILED") }
            return engine.number(codecs.add(codec))
        }
        // zlibOpen(deflating, level, windowBits, memLevel, strategy) → handle
        host["zlibOpen"] = engine.function("zlibOpen") { engine, _, args in
            guard args.count >= 5 else { throw JSHostError("zlibOpen needs five arguments") }
            return try open(ZlibCodec(deflating: args[0].isTruthy, level: Int32(clamping: args[1].toInt()),
                                      windowBits: Int32(clamping: args[2].toInt()), memLevel: Int32(clamping: args[3].toInt()),
                                      strategy: Int32(clamping: args[4].toInt())), engine)
        }
        // brotliOpen(encoding, Uint32Array [param, value, …]) → handle
        host["brotliOpen"] = engine.function("brotliOpen") { engine, _, args in
            let encoding = args.first?.isTruthy ?? false
            let words = (args.count > 1 ? args[1].withMutableBytes { Array($0.bindMemory(to: UInt32.self)) } : nil) ?? []
            let parameters = stride(from: 0, to: words.count - 1, by: 2).map { (words[$0], words[$0 + 1]) }
            return try open(encoding ? BrotliEncoderCodec(parameters: parameters) : BrotliDecoderCodec(parameters: parameters), engine)
        }
        // codecWrite(handle, bytes, flush) → output bytes; the handle is released at the end of its stream.
        host["codecWrite"] = engine.function("codecWrite") { engine, _, args in
            let handle = args.first?.toInt() ?? -1
            guard let codec = codecs[handle] else {
                throw JSHostError("zlib binding closed", code: "ERR_ZLIB_BINDING_CLOSED")
            }
            let flush = args.count > 2 ? args[2].toInt() : 0
            defer { if flush == 2 { codecs.remove(handle) } }
            let output = try (args.count > 1 ? args[1] : engine.undefined).withMutableBytes { try codec.process(UnsafeRawBufferPointer($0), flush: flush) }
                ?? codec.process(UnsafeRawBufferPointer(start: nil, count: 0), flush: flush)
            return engine.uint8Array(output)
        }
        // zlibParams(handle, level, strategy): a deflate stream's new level and strategy, after a flush
        host["zlibParams"] = engine.function("zlibParams") { engine, _, args in
            guard args.count >= 3, let codec = codecs[args[0].toInt()] as? ZlibCodec else {
                throw JSHostError("zlib binding closed", code: "ERR_ZLIB_BINDING_CLOSED")
            }
            try codec.params(level: Int32(clamping: args[1].toInt()), strategy: Int32(clamping: args[2].toInt()))
            return engine.undefined
        }
        host["codecClose"] = engine.function("codecClose") { engine, _, args in
            codecs.remove(args.first?.toInt() ?? -1)
            return engine.undefined
        }
        // zlibCrc32(bytes, initial) → the CRC-32 of bytes, continued from initial
        host["zlibCrc32"] = engine.function("zlibCrc32") { engine, _, args in
            let initial = UInt(truncatingIfNeeded: args.count > 1 ? args[1].toInt() : 0)
            let value = (args.first ?? engine.undefined).withMutableBytes { bytes in
                crc32(initial, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
            } ?? initial
            return engine.number(Double(value))
        }
        host["zlibVersionNumber"] = engine.number(Int(ZLIB_VERNUM))
    }
}

/// The codecs a runtime has open, by handle; slots are reused once a stream ends.
final class CompressionCodecs {
    private var slots: [CompressionCodec?] = []
    private var free: [Int] = []

    func add(_ codec: CompressionCodec) -> Int {
        if let slot = free.popLast() { slots[slot] = codec; return slot }
        slots.append(codec)
        return slots.count - 1
    }
    subscript(handle: Int) -> CompressionCodec? { handle >= 0 && handle < slots.count ? slots[handle] : nil }
    func remove(_ handle: Int) {
        guard self[handle] != nil else { return }
        slots[handle] = nil
        free.append(handle)
    }
}
